from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Activate Arabic unless the reader chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would show an
    Arabic newspaper's pages in English to anyone with an English browser. Only the explicit
    choice (the cookie set by django.views.i18n.set_language) changes the language here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class RejectMalformedPathMiddleware:
    """Answer 400 for a path holding a NUL character (%00).

    PostgreSQL refuses NUL in any string, so a slug such as /category/%00/ would otherwise reach
    the database and end in a 500. Invalid percent-encoding needs nothing here: Django keeps the
    undecodable bytes percent-encoded and the route simply does not match (404).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise BadRequest("NUL character in the path")
        return self.get_response(request)

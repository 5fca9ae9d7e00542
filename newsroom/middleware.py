import re

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from newsroom.csp import is_admin_path


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


class AdminInputGuardMiddleware:
    """Bad input to any admin page answers 400 or 404 before a ModelAdmin sees it.

    - NUL in a query parameter (search, filters, autocomplete term): PostgreSQL refuses NUL in
      strings, so it would end in a 500 wherever the admin filters on the value.
    - A date drill-down part (…__year, __month, __day) that is not a number of 1 to 4 digits:
      Django's date hierarchy raises an OverflowError (a 500) for a year like 10**22.
    - An object id that is not a valid primary key (/admin/comments/comment/abc/change/): a
      ModelAdmin that looks the object up itself would raise a ValidationError (a 500).
    """

    OBJECT_VIEWS = ("_change", "_history", "_delete")
    # The date drill-down (?created_at__year=…): Django turns a huge year into an OverflowError.
    DATE_PARTS = ("__year", "__month", "__day")
    SMALL_NUMBER = re.compile(r"[0-9]{1,4}")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.app_name != "admin":
            return None
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("NUL character in an admin query parameter")
            if key.endswith(self.DATE_PARTS) and not all(map(self.SMALL_NUMBER.fullmatch, values)):
                raise BadRequest("A date part in an admin query parameter is not a small number")
        object_id = view_kwargs.get("object_id")
        if object_id is not None and (match.url_name or "").endswith(self.OBJECT_VIEWS):
            model = self.model_for(match.url_name.rsplit("_", 1)[0])
            if model is not None:
                try:
                    model._meta.pk.to_python(unquote(object_id))
                except (ValidationError, ValueError, TypeError) as error:
                    raise Http404("Not a valid object id") from error
        return None

    @staticmethod
    def model_for(prefix: str):
        for model in admin.site._registry:
            if f"{model._meta.app_label}_{model._meta.model_name}" == prefix:
                return model
        return None


class TextCompressionMiddleware(GZipMiddleware):
    """Django's gzip, for text only (pages, feeds, JSON): images and other media are
    compressed already. Pages from the page cache arrive compressed and pass through.

    The admin is left uncompressed: its pages reflect what staff type (searches, filters)
    next to the CSRF token, the pattern the BREACH attack needs (docs/caching.md, "BREACH").
    Django masks the token differently in every response, so this is a second fence.
    """

    COMPRESSIBLE = (
        "text/",
        "application/json",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/javascript",
        "application/manifest+json",
        "image/svg+xml",
    )

    def process_response(self, request, response):
        if is_admin_path(request.path_info):
            return response
        if not response.get("Content-Type", "").startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)

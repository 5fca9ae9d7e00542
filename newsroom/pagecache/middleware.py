"""Answer cache hits before the rest of the middleware runs (docs/caching.md "Cheap hits").

Placed early in MIDDLEWARE (as Django's FetchFromCacheMiddleware sits): for a GET or HEAD of
an anonymous reader, the URL is resolved; when its view is decorated with `cache_for_readers`
(the wrapper carries its policy), the page is looked up and a hit (or a stale page while
another request makes the new one) is answered at once: no session, user, CSRF or axes work.
Anything else goes on down the chain; the decorator then reuses this lookup.
"""

from django.db import DatabaseError
from django.urls import Resolver404, resolve

from newsroom.middleware import requested_language
from newsroom.pagecache.serving import answer, lookup, shareable


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._from_cache(request)
        if response is None:
            return self.get_response(request)
        return response

    def _from_cache(self, request):
        if not shareable(request):
            return None
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        policy = getattr(match.func, "page_cache", None)
        if policy is None:
            return None
        language = requested_language(request)
        try:
            found = lookup(request, policy, match.kwargs, language)
        except DatabaseError:  # the turnover check: let the chain answer (its 503 page)
            return None
        if found.state not in ("hit", "stale"):
            request._page_cache_lookup = found
            return None
        response = answer(request, found, match.args, match.kwargs)
        response.headers.setdefault("Content-Language", language)  # as LanguageMiddleware does
        return response

"""Serving pages from the cache: the `cache_for_readers` decorator and the responses it makes.

A page is stored only when it is a 200 to a GET, sets no cookie, is not private and its query
string is short. What is kept: the body, a gzip copy, a few headers, an ETag and the time it
was made; a hit is answered from that without calling the view.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from newsroom.middleware import TextCompressionMiddleware
from newsroom.pagecache import generations
from newsroom.pagecache.rules import is_personal, next_change_at

HEADER = "X-Page-Cache"  # hit, miss, bypass: for operators and tests
MAX_QUERY_LENGTH = 300  # longer query strings are served but not stored (cache flooding)
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")


def _enabled() -> bool:
    """On, unless PAGE_CACHE_SECONDS is 0 or the cache keeps nothing (CACHE_URL=dummycache://,
    where looking up generations would only cost time and queries)."""
    return settings.PAGE_CACHE_SECONDS > 0 and not isinstance(caches["default"], DummyCache)


def _key(request, numbers) -> str:
    target = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(target.encode()).hexdigest()[:32]
    generation = ".".join(str(value) for value in numbers)
    return f"pagecache:page:{generation}:{translation.get_language()}:{digest}"


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _entry(response, *, stored: float, fresh_until: float) -> dict:
    content = response.content
    content_type = response.get("Content-Type", "")
    compressed = None
    if len(content) >= 200 and content_type.startswith(TextCompressionMiddleware.COMPRESSIBLE):
        compressed = compress_string(content)  # as the gzip middleware compresses
    return {
        "content": content,
        "gzip": compressed,
        "headers": [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)],
        "etag": f'W/"{hashlib.sha256(content).hexdigest()[:32]}"',
        "stored": int(stored),
        "fresh_until": fresh_until,
    }


def public_cache_control(seconds_left: float) -> str:
    """Cache-Control of a shared page: browsers revalidate every time (cheap: a 304), shared
    caches (CDN, reverse proxy) keep it PAGE_CACHE_HTTP_SECONDS, never past the next timed
    change, and may serve it a little longer while they refetch it."""
    shared = max(0, min(settings.PAGE_CACHE_HTTP_SECONDS, int(seconds_left)))
    return (
        f"public, max-age=0, s-maxage={shared}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_SECONDS}"
    )


def _respond(request, entry: dict, state: str) -> HttpResponse:
    gzipped = entry["gzip"] is not None and re_accepts_gzip.search(
        request.headers.get("Accept-Encoding", "")
    )
    response = HttpResponse(entry["gzip"] if gzipped else entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    if gzipped:
        response["Content-Encoding"] = "gzip"
    if entry["gzip"] is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
    patch_vary_headers(response, ["Cookie"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["stored"])
    response["Cache-Control"] = public_cache_control(entry["fresh_until"] - time.time())
    response[HEADER] = state
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["stored"], response=response
    )


def is_shared(request) -> bool:
    """True while a view renders a page that will be stored for every reader: templates must
    then leave out anything personal (the remembered name and e-mail, for instance)."""
    return getattr(request, "_page_is_shared", False)


def mark_private(response) -> None:
    """A page made for one reader: no browser or proxy may keep it."""
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Cookie"])


def cache_for_readers(
    view=None, *, article_kwarg=None, lifetime="PAGE_CACHE_SECONDS", on_hit=None, before=None
):
    """Serve the view's page to anonymous readers from the shared cache.

    article_kwarg: the URL keyword holding the article id, for pages that show its comments;
    lifetime: the setting that gives the seconds a page is kept (search has a shorter one);
    on_hit: called with the view's arguments when the page came from the cache (view counts);
    before: called before the lookup (the most-read turnover check).
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not _enabled() or request.method not in ("GET", "HEAD"):
                return view_func(request, *args, **kwargs)
            if is_personal(request):
                response = view_func(request, *args, **kwargs)
                mark_private(response)
                response[HEADER] = "bypass"
                return response
            if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
                return view_func(request, *args, **kwargs)
            if before is not None:
                before()
            keys = [generations.SITE_GENERATION]
            if article_kwarg is not None:
                keys.append(generations.article_generation_key(kwargs.get(article_kwarg)))
            numbers = generations.current(keys)
            key = _key(request, numbers)
            entry = cache.get(key)
            if entry is not None:
                if on_hit is not None:
                    on_hit(request, *args, **kwargs)
                return _respond(request, entry, "hit")
            fresh_until = next_change_at(numbers[0])
            request._page_is_shared = True
            try:
                response = view_func(request, *args, **kwargs)
            finally:
                request._page_is_shared = False
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()  # a TemplateResponse (sitemaps): its bytes are what is kept
            now = time.time()
            seconds = min(getattr(settings, lifetime), int(fresh_until - now))
            if request.method != "GET" or not _storable(response) or seconds < 1:
                return response
            if not generations.may_store_from_here(keys):
                response[HEADER] = "miss"
                return response
            entry = _entry(response, stored=now, fresh_until=fresh_until)
            cache.set(key, entry, seconds)
            return _respond(request, entry, "miss")

        return wrapper

    return decorator(view) if view is not None else decorator

"""Serving pages from the cache: the `cache_for_readers` decorator and the responses it makes.

A page is stored only when it is a 200 to a GET, sets no cookie, is not private and its query
string is short. What is kept: the body, a gzip copy, a few headers, an ETag and the time it
was made; a hit is answered from that without calling the view.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpResponse, QueryDict
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from newsroom.middleware import TextCompressionMiddleware
from newsroom.pagecache import fragments, generations
from newsroom.pagecache.rules import is_personal, next_change_at

HEADER = "X-Page-Cache"  # hit, miss, bypass: for operators and tests
MAX_QUERY_LENGTH = 300  # longer (kept) query strings are served but not stored
RENDER_LOCK_SECONDS = 10  # at most this long others get the stale page while one renders
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")


def _enabled() -> bool:
    """On, unless PAGE_CACHE_SECONDS is 0 or the cache keeps nothing (CACHE_URL=dummycache://,
    where looking up generations would only cost time and queries)."""
    return settings.PAGE_CACHE_SECONDS > 0 and not isinstance(caches["default"], DummyCache)


def canonical_query(request, params: frozenset[str]) -> str:
    """The query string a page is made from and kept under: only the parameters the view
    reads, sorted. Tracking parameters (utm_*, fbclid, gclid, mc_*) and anything unknown do
    not change the page, so they neither make a new entry nor reach the view."""
    kept = sorted(
        (name, value) for name, values in request.GET.lists() if name in params for value in values
    )
    return urlencode(kept)


def _key(request, query: str, language: str) -> str:
    """One entry per page and language, whatever host variant or extra parameter the request
    carried: pages are built from SITE_URL, never from the request's host."""
    target = f"{settings.SITE_URL.lower()}{request.path}?{query}"
    digest = hashlib.sha256(target.encode()).hexdigest()[:32]
    return f"pagecache:page:{language}:{digest}"


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


def _with_content(entry: dict, content: bytes, content_type: str) -> dict:
    compressed = None
    if len(content) >= 200 and content_type.startswith(TextCompressionMiddleware.COMPRESSIBLE):
        compressed = compress_string(content)  # as the gzip middleware compresses
    entry.update(
        content=content,
        gzip=compressed,
        etag=f'W/"{hashlib.sha256(content).hexdigest()[:32]}"',
    )
    return entry


def _entry(response, *, stored: float, fresh_until: float) -> dict:
    entry = {
        "headers": [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)],
        "stored": int(stored),
        "fresh_until": fresh_until,
    }
    return _with_content(entry, response.content, response.get("Content-Type", ""))


def _refresh_fragments(found) -> None:
    """The hit's entry was stored before the fragments (most read) last changed: put the
    current ones in, and store the patched entry back for the next readers."""
    entry = found.entry
    content = fragments.patch(entry["content"], found.fragments, found.numbers[0], found.language)
    if content is not None:
        content_type = dict(entry["headers"]).get("Content-Type", "")
        _with_content(entry, content, content_type)
        entry["stored"] = int(time.time())
    entry["fragments"] = found.fragments
    cache.set(found.key, entry, fragments.seconds_left(entry))


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
    # For the front proxy's one-second microcache (bin/proxy): keep this copy until the end of
    # the current second. nginx counts "1 s" from the start of the second it stored a copy
    # in, which kept it up to 2 s; an absolute time bounds it to 1 s. Other caches ignore it.
    response["X-Accel-Expires"] = f"@{int(time.time())}"
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


@dataclass(frozen=True)
class Policy:
    """How one view's pages are cached (the arguments of `cache_for_readers`)."""

    article_kwarg: str | None
    lifetime: str
    on_hit: object
    before: object
    params: frozenset[str]

    def generation_keys(self, kwargs) -> list[str]:
        keys = [generations.SITE_GENERATION]
        if self.article_kwarg is not None:
            keys.append(generations.article_generation_key(kwargs.get(self.article_kwarg)))
        return keys


@dataclass
class Lookup:
    """What the cache holds for one request: `state` is "hit" (answer `entry`), "stale"
    (another request is making the page: answer `entry`), "render" (this request makes it,
    holding `lock`) or "miss"."""

    policy: Policy
    state: str
    key: str = ""
    query: str = ""
    keys: list | None = None
    numbers: list | None = None
    entry: dict | None = None
    lock: str | None = None
    fragments: int = 0
    language: str = ""


def _lock_key(key: str) -> str:
    return f"{key}:rendering"


def shareable(request) -> bool:
    """A GET or HEAD of an anonymous reader, with the page cache on."""
    return _enabled() and request.method in ("GET", "HEAD") and not is_personal(request)


def lookup(request, policy: Policy, kwargs, language: str) -> Lookup:
    """Look the page up. A stored entry whose generations are current (and not past its
    time) is a hit. One whose generations moved is served stale to everyone but the one
    request that wins a short lock in the shared cache and makes the page again."""
    query = canonical_query(request, policy.params)
    if len(query) > MAX_QUERY_LENGTH:
        return Lookup(policy, "miss", query=query)
    if policy.before is not None:
        policy.before()
    keys = policy.generation_keys(kwargs)
    *numbers, fragment_generation = generations.current([*keys, fragments.FRAGMENTS_GENERATION])
    key = _key(request, query, language)
    found = Lookup(policy, "miss", key=key, query=query, keys=keys, numbers=numbers)
    found.fragments, found.language = fragment_generation, language
    entry = cache.get(key)
    if entry is None:
        return found
    if _current(entry, numbers):
        return _hit(found, entry, fragment_generation)
    if time.time() >= entry["expires"] + settings.PAGE_CACHE_STALE_SECONDS:
        return found
    lock = _lock_key(key)
    if not cache.add(lock, 1, RENDER_LOCK_SECONDS):
        found.state, found.entry = "stale", entry
        return found
    # Won the lock, but another request may have stored the new page and let the lock go
    # between our read and now: look again before rendering it a second time.
    latest = cache.get(key)
    if latest is not None and _current(latest, numbers):
        cache.delete(lock)
        return _hit(found, latest, fragment_generation)
    found.state, found.lock = "render", lock
    return found


def _current(entry: dict, numbers: list) -> bool:
    return entry["numbers"] == numbers and time.time() < entry["expires"]


def _hit(found: Lookup, entry: dict, fragment_generation: int) -> Lookup:
    found.state, found.entry = "hit", entry
    if entry.get("fragments") != fragment_generation:
        _refresh_fragments(found)
    return found


def answer(request, found: Lookup, args, kwargs) -> HttpResponse:
    """The response for a hit or a stale entry (the view is not called)."""
    if found.policy.on_hit is not None:
        found.policy.on_hit(request, *args, **kwargs)
    return _respond(request, found.entry, found.state)


def _render(request, view_func, found: Lookup, args, kwargs):
    if found.query != request.META.get("QUERY_STRING", ""):
        request.GET = QueryDict(found.query)  # the page is made from what its key holds
        request.META["QUERY_STRING"] = found.query
    fresh_until = next_change_at(found.numbers[0])
    request._page_is_shared = True
    try:
        response = view_func(request, *args, **kwargs)
    finally:
        request._page_is_shared = False
    if callable(getattr(response, "render", None)) and not response.is_rendered:
        response.render()  # a TemplateResponse (sitemaps): its bytes are what is kept
    now = time.time()
    seconds = min(getattr(settings, found.policy.lifetime), int(fresh_until - now))
    if request.method != "GET" or not _storable(response) or seconds < 1:
        return response
    if not generations.may_store_from_here(found.keys):
        response[HEADER] = "miss"
        return response
    entry = _entry(response, stored=now, fresh_until=fresh_until)
    entry["numbers"] = found.numbers
    entry["fragments"] = found.fragments
    entry["expires"] = now + seconds
    # Kept a little past its time, to be served stale while one request makes it again.
    cache.set(found.key, entry, seconds + settings.PAGE_CACHE_STALE_SECONDS)
    return _respond(request, entry, "miss")


def serve(request, view_func, policy: Policy, args, kwargs):
    """The decorator's work, also reached after PageCacheMiddleware found no entry to answer
    with (its lookup is reused, not repeated)."""
    if not _enabled() or request.method not in ("GET", "HEAD"):
        return view_func(request, *args, **kwargs)
    if is_personal(request):
        response = view_func(request, *args, **kwargs)
        mark_private(response)
        response[HEADER] = "bypass"
        return response
    found = getattr(request, "_page_cache_lookup", None)
    if found is None or found.policy is not policy:
        found = lookup(request, policy, kwargs, translation.get_language())
        if found.state in ("hit", "stale"):
            return answer(request, found, args, kwargs)
    if found.keys is None:  # an overlong query string: served, not stored
        return view_func(request, *args, **kwargs)
    try:
        return _render(request, view_func, found, args, kwargs)
    finally:
        if found.lock is not None:
            cache.delete(found.lock)


def cache_for_readers(
    view=None,
    *,
    article_kwarg=None,
    lifetime="PAGE_CACHE_SECONDS",
    on_hit=None,
    before=None,
    params=(),
):
    """Serve the view's page to anonymous readers from the shared cache.

    article_kwarg: the URL keyword holding the article id, for pages that show its comments;
    lifetime: the setting that gives the seconds a page is kept (search has a shorter one);
    on_hit: called with the view's arguments when the page came from the cache (view counts);
    before: called before the lookup (the most-read turnover check);
    params: the query parameters the view reads; any other is left out of the key and of the
    request the view sees.

    The wrapper carries its policy (`page_cache`), so PageCacheMiddleware can answer a hit
    before sessions, authentication and CSRF run.
    """
    policy = Policy(article_kwarg, lifetime, on_hit, before, frozenset(params))

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            return serve(request, view_func, policy, args, kwargs)

        wrapper.page_cache = policy
        return wrapper

    return decorator(view) if view is not None else decorator

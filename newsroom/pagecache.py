"""Whole-page cache for anonymous readers (docs/caching.md).

Reader pages (home, category, article, author, search, feeds, sitemaps) are kept in the shared
cache (CACHE_URL) under a key that holds *generation numbers*:

- the site generation, bumped when anything that many pages show changes (an article, a
  category, a tag, a correction, an image rendition, an author, the most-read ranking);
- for an article's own page and comment feed, the article's generation too, bumped when a
  comment readers see appears, changes or goes away.

Bumping a number is one atomic INCR; the old entries are never looked at again and expire by
themselves. Nothing has to find or delete keys, which works the same on Redis, on the local
memory cache and with several web processes.

Time alone also changes pages: a scheduled article appears at its minute, breaking news runs
out, the date in the masthead turns at midnight. Every entry (and the shared-cache lifetime
sent to a CDN) ends no later than the next of those moments.

With a read replica, a page built from it within DATABASE_REPLICA_PIN_SECONDS of a change is
served but not stored, so the replica's lag cannot put old data under a new generation.

Requests that carry per-reader state bypass the cache: a session (staff), Django's messages,
or the "my pending comment" cookie. Every signal that invalidates pages is connected here,
and nowhere else.
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from newsroom.db_router import reading_replica, replica_alias

SITE_GENERATION = "pagecache:gen:site"
HEADER = "X-Page-Cache"  # hit, miss, bypass: for operators and tests
MAX_QUERY_LENGTH = 300  # longer query strings are served but not stored (cache flooding)
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")


def _article_generation_key(article_id) -> str:
    return f"pagecache:gen:article:{article_id}"


# --- generations ------------------------------------------------------------------------------


def _seed() -> int:
    """A starting value that is larger than any earlier one, even after the cache lost the key
    (an eviction, a restart of a memory cache): old entries can never be mistaken for new."""
    return time.time_ns() // 1000


def _generations(keys: list[str]) -> list[int]:
    found = cache.get_many(keys)
    values = []
    for key in keys:
        if key not in found:
            cache.add(key, _seed(), None)
            found[key] = cache.get(key, 0)
        values.append(found[key])
    return values


def _recent_key(key: str) -> str:
    return f"{key}:recent"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there (yet, or evicted): any fresh seed is a new generation
        cache.set(key, _seed(), None)
    if replica_alias():
        # The replica may not have the change yet: a page built from it now could hold the
        # old data under the new generation. Such pages are not stored for a while.
        cache.set(_recent_key(key), 1, settings.DATABASE_REPLICA_PIN_SECONDS)


def _may_store_from_here(keys: list[str]) -> bool:
    """A page read from the replica is stored only once every generation it belongs to is
    older than DATABASE_REPLICA_PIN_SECONDS, the lag the replica is allowed."""
    if not reading_replica():
        return True
    return not cache.get_many([_recent_key(key) for key in keys])


def _bump_on_commit(key: str) -> None:
    """After the change is committed, so no request can store the old data as new."""
    transaction.on_commit(lambda: _bump(key))


def site_changed(**_kwargs) -> None:
    """Every reader page is out of date."""
    _bump_on_commit(SITE_GENERATION)


def article_comments_changed(article_ids, **_kwargs) -> None:
    """The pages of these articles (their threads, their comment feeds) are out of date."""
    for article_id in set(article_ids):
        _bump_on_commit(_article_generation_key(article_id))


# --- time-driven changes ----------------------------------------------------------------------


def _next_local_midnight(now):
    local = timezone.localtime(now)
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def next_change_at(site_generation: int) -> float:
    """When the pages of this site generation go out of date by time alone (a timestamp):
    the next scheduled publication, breaking-news expiry or local midnight. Computed once per
    generation and kept until that moment."""
    key = f"pagecache:next:{site_generation}"
    now = time.time()
    value = cache.get(key)
    if value is None or value <= now:
        from articles.models import Article

        moment = timezone.now()
        candidates = [_next_local_midnight(moment)]
        timed = Article.objects.next_timed_change()
        if timed is not None:
            candidates.append(timed)
        value = min(candidates).timestamp()
        cache.set(key, value, max(1, int(value - now)))
    return value


# --- who gets a shared page -------------------------------------------------------------------


def _private_cookies() -> tuple[str, ...]:
    from comments.cookies import OWN_COOKIE

    return (
        settings.SESSION_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
        OWN_COOKIE,
    )


def is_personal(request) -> bool:
    """The request carries per-reader state: staff signed in, a message to show, or the
    reader's own comment still waiting (ten minutes). Such requests never use the cache."""
    return any(name in request.COOKIES for name in _private_cookies())


def is_shared(request) -> bool:
    """True while a view renders a page that will be stored for every reader: templates must
    then leave out anything personal (the remembered name and e-mail, for instance)."""
    return getattr(request, "_page_is_shared", False)


def _enabled() -> bool:
    """On, unless PAGE_CACHE_SECONDS is 0 or the cache keeps nothing (CACHE_URL=dummycache://,
    where looking up generations would only cost time and queries)."""
    return settings.PAGE_CACHE_SECONDS > 0 and not isinstance(caches["default"], DummyCache)


def _key(request, generations) -> str:
    target = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(target.encode()).hexdigest()[:32]
    generation = ".".join(str(value) for value in generations)
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
    from newsroom.middleware import TextCompressionMiddleware  # it imports what imports us

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
            keys = [SITE_GENERATION]
            if article_kwarg is not None:
                keys.append(_article_generation_key(kwargs.get(article_kwarg)))
            generations = _generations(keys)
            key = _key(request, generations)
            entry = cache.get(key)
            if entry is not None:
                if on_hit is not None:
                    on_hit(request, *args, **kwargs)
                return _respond(request, entry, "hit")
            fresh_until = next_change_at(generations[0])
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
            if not _may_store_from_here(keys):
                response[HEADER] = "miss"
                return response
            entry = _entry(response, stored=now, fresh_until=fresh_until)
            cache.set(key, entry, seconds)
            return _respond(request, entry, "miss")

        return wrapper

    return decorator(view) if view is not None else decorator


# --- what invalidates what (every signal, here) ---------------------------------------------


def _user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # a sign-in changes nothing readers see
    site_changed()


def connect() -> None:
    """Called once, from NewsroomConfig.ready()."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from articles.models import (
        Article,
        AuthorProfile,
        Category,
        Correction,
        ImageRendition,
        Tag,
    )
    from newsroom.signals import rankings_changed, visible_comments_changed

    for model in (Article, Category, Tag, Correction, ImageRendition, AuthorProfile):
        post_save.connect(site_changed, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(site_changed, sender=model, dispatch_uid=f"pagecache-del-{model}")
    for through in (Article.tags.through, Article.see_also.through):
        m2m_changed.connect(site_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through}")
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="pagecache-user")
    post_delete.connect(site_changed, sender=user, dispatch_uid="pagecache-user-del")
    rankings_changed.connect(site_changed, dispatch_uid="pagecache-most-read")
    visible_comments_changed.connect(article_comments_changed, dispatch_uid="pagecache-comments")

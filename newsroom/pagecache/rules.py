"""Who gets a shared page, and until when: the two rules the apps add to.

- Private cookies: a request carrying one of them holds per-reader state and never uses the
  cache. The session and Django's messages are always private; an app adds its own cookie
  names with `register_private_cookie` from its AppConfig.ready().
- Timed changes: pages go out of date by time alone (a scheduled publication, the end of a
  breaking-news run, the date at local midnight). An app that knows such moments registers a
  callable with `register_timed_change`: it takes no argument and returns the next moment (an
  aware datetime) or None.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from newsroom.db_router import replica_reads

_private_cookies: dict[str, Callable[[str], bool] | None] = {}  # name: its verifier
MESSAGES_SALT = "django.contrib.messages"  # CookieStorage.key_salt
_timed_changes: list[Callable[[], datetime | None]] = []


def register_private_cookie(name: str, verify: Callable[[str], bool] | None = None) -> None:
    """Requests carrying the cookie `name` are made for one reader and never shared.

    verify(value) tells whether the value is genuine (signed, not expired): a cookie that does
    not verify is ignored, so a made-up one cannot turn a cached page into a rendered one."""
    _private_cookies[name] = verify


def register_timed_change(provider: Callable[[], datetime | None]) -> None:
    """`provider()` gives the next moment pages change by time alone (or None)."""
    if provider not in _timed_changes:
        _timed_changes.append(provider)


def _session_exists(value: str) -> bool:
    """The session store knows this key (cached_db: the cache first, one query at worst)."""
    if not value or len(value) > 64 or not value.isalnum():
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore
    return store().exists(value)


def _messages_signed(value: str) -> bool:
    """Django's messages cookie carries a signature made with SECRET_KEY."""
    try:
        signing.get_cookie_signer(salt=MESSAGES_SALT).unsign(value)
    except signing.BadSignature:
        return False
    return True


def private_cookies() -> dict[str, Callable[[str], bool] | None]:
    return {
        settings.SESSION_COOKIE_NAME: _session_exists,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"): _messages_signed,
        **_private_cookies,
    }


def is_personal(request) -> bool:
    """The request carries per-reader state that verifies: a session the store knows (staff
    signed in), a signed message to show, or a genuine cookie an app registered (the reader's
    own comment still waiting). Such requests never use the cache; a cookie that does not
    verify is treated as absent."""
    cached = getattr(request, "_page_cache_personal", None)
    if cached is not None:
        return cached
    personal = False
    for name, verify in private_cookies().items():
        value = request.COOKIES.get(name)
        if value is not None and (verify is None or verify(value)):
            personal = True
            break
    request._page_cache_personal = personal
    return personal


def _next_local_midnight(now):
    local = timezone.localtime(now)
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def next_change_at(site_generation: int) -> float:
    """When the pages of this site generation go out of date by time alone (a timestamp): the
    next local midnight or the earliest moment a registered provider gives. Computed once per
    generation and kept until that moment."""
    key = f"pagecache:next:{site_generation}"
    now = time.time()
    value = cache.get(key)
    if value is None or value <= now:
        candidates = [_next_local_midnight(timezone.now())]
        # From the primary: a lagging replica would not know an article scheduled a moment
        # ago, and the answer is kept for the whole generation.
        with replica_reads(False):
            for provider in _timed_changes:
                moment = provider()
                if moment is not None:
                    candidates.append(moment)
        value = min(candidates).timestamp()
        cache.set(key, value, max(1, int(value - now)))
    return value

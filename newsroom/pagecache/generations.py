"""Generation numbers: what "out of date" means for the page cache.

Every page key holds the site generation; an article's page and comment feed also hold the
article's. Bumping a number is one atomic INCR after the change commits; the old entries are
never looked at again and expire by themselves. Nothing has to find or delete keys, which works
the same on Redis, on the local memory cache and with several web processes.

With a read replica, a generation bumped within DATABASE_REPLICA_PIN_SECONDS is "recent": a
page built from the replica then is served but not stored, so the replica's lag cannot put old
data under a new generation.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from newsroom.db_router import reading_replica, replica_alias

SITE_GENERATION = "pagecache:gen:site"
FRAGMENTS_GENERATION = "pagecache:gen:fragments"  # the most-read block (fragments.py)


def article_generation_key(article_id) -> str:
    return f"pagecache:gen:article:{article_id}"


def _seed() -> int:
    """A starting value that is larger than any earlier one, even after the cache lost the key
    (an eviction, a restart of a memory cache): old entries can never be mistaken for new."""
    return time.time_ns() // 1000


def current(keys: list[str]) -> list[int]:
    """The generations behind `keys`, starting any that is missing."""
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


def may_store_from_here(keys: list[str]) -> bool:
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


def fragments_changed(**_kwargs) -> None:
    """A fragment (the most-read block) changed: pages keep their entries, and a hit puts the
    current fragment in (fragments.py)."""
    _bump_on_commit(FRAGMENTS_GENERATION)


def article_comments_changed(article_ids) -> None:
    """The pages of these articles (their threads, their comment feeds) are out of date."""
    for article_id in set(article_ids):
        _bump_on_commit(article_generation_key(article_id))

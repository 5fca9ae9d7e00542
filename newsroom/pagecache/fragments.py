"""Fragments: parts of a cached page that change on their own (the most-read block).

The most-read ranking turns over about once a minute; bumping the site generation for it
would make every page again each minute. Instead the block sits between two markers in the
stored page, and has its own generation (`pagecache:gen:fragments`, bumped by
`rankings_changed`). A hit whose entry holds an older fragment generation gets the block
replaced: the block is rendered once per generation and language (by the callable the app
registered with `register_fragment`) and kept in the cache; the patched entry is stored
back, so each page is patched once per turnover, not rendered.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from newsroom.pagecache.generations import FRAGMENTS_GENERATION

__all__ = ["FRAGMENTS_GENERATION", "markers", "patch", "register_fragment"]

_fragments: dict[str, Callable[[], str]] = {}


def register_fragment(name: str, render: Callable[[], str]) -> None:
    """`render()` gives the fragment's HTML in the active language, markers included: the
    page's template writes <!--pagecache:NAME--> … <!--/pagecache:NAME--> around it."""
    _fragments[name] = render


def markers(name: str) -> tuple[str, str]:
    return f"<!--pagecache:{name}-->", f"<!--/pagecache:{name}-->"


def _fragment(name: str, generation: int, site: int, language: str) -> str:
    key = f"pagecache:fragment:{name}:{site}.{generation}:{language}"
    html = cache.get(key)
    if html is None:
        with translation.override(language):
            html = _fragments[name]()
        cache.set(key, html, settings.PAGE_CACHE_SECONDS)
    return html


def patch(content: bytes, generation: int, site: int, language: str) -> bytes | None:
    """The page with each registered fragment replaced by its current rendering, or None when
    the page holds none."""
    text = content.decode()
    changed = False
    for name in _fragments:
        start, end = markers(name)
        first = text.find(start)
        last = text.find(end, first + len(start)) if first >= 0 else -1
        if first < 0 or last < 0:
            continue
        fresh = _fragment(name, generation, site, language)
        text = text[:first] + fresh + text[last + len(end) :]
        changed = True
    return text.encode() if changed else None


def seconds_left(entry: dict) -> int:
    return max(1, int(entry["expires"] - time.time()) + settings.PAGE_CACHE_STALE_SECONDS)

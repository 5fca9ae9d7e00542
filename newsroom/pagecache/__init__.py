"""Whole-page cache for anonymous readers (docs/caching.md).

Reader pages (home, category, article, author, search, feeds, sitemaps) are kept in the shared
cache (CACHE_URL) under a key that holds *generation numbers* (generations.py):

- the site generation, bumped when anything that many pages show changes (an article, the
  navigation, the most-read ranking);
- for an article's own page and comment feed, the article's generation too, bumped when a
  comment readers see appears, changes or goes away.

What bumps them: the domain signals of newsroom/signals.py, and nothing else (receivers.py).
The apps send those signals; the page cache imports no app.

Time alone also changes pages: every entry (and the shared-cache lifetime sent to a CDN) ends
no later than the next local midnight or the next moment an app registered (rules.py: a
scheduled publication, the end of breaking news).

Requests that carry per-reader state bypass the cache (rules.py): a session (staff), Django's
messages, or a cookie an app registered (the reader's own comment still waiting).

The modules: generations.py (keys and bumps), rules.py (who shares a page, until when),
serving.py (the decorator and its responses), receivers.py (the signals heard).
"""

from newsroom.pagecache.fragments import register_fragment
from newsroom.pagecache.generations import article_comments_changed, site_changed
from newsroom.pagecache.receivers import connect
from newsroom.pagecache.rules import (
    is_personal,
    next_change_at,
    register_private_cookie,
    register_timed_change,
)
from newsroom.pagecache.serving import (
    HEADER,
    cache_for_readers,
    is_shared,
    mark_private,
    public_cache_control,
)

__all__ = [
    "HEADER",
    "article_comments_changed",
    "cache_for_readers",
    "connect",
    "is_personal",
    "is_shared",
    "mark_private",
    "next_change_at",
    "public_cache_control",
    "register_fragment",
    "register_private_cookie",
    "register_timed_change",
    "site_changed",
]

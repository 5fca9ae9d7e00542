"""What invalidates what: the page cache hears the domain signals (newsroom/signals.py) and
nothing else. The apps translate their own changes into those signals."""

from newsroom.pagecache.generations import (
    article_comments_changed,
    fragments_changed,
    site_changed,
)
from newsroom.signals import (
    articles_changed,
    navigation_changed,
    rankings_changed,
    visible_comments_changed,
)


def _site_changed(sender, **kwargs):
    # Articles are on the home page, in sections, feeds, sitemaps, search, "see also", the
    # breaking-news bar and the most-read block of other articles: every page.
    site_changed()


def _fragments_changed(sender, **kwargs):
    fragments_changed()


def _comments_changed(sender, article_ids, **kwargs):
    article_comments_changed(article_ids)


def connect() -> None:
    """Called once, from NewsroomConfig.ready()."""
    articles_changed.connect(_site_changed, dispatch_uid="pagecache-articles")
    navigation_changed.connect(_site_changed, dispatch_uid="pagecache-navigation")
    # The most-read block is a fragment of its own: a turnover patches pages, not re-renders.
    rankings_changed.connect(_fragments_changed, dispatch_uid="pagecache-rankings")
    visible_comments_changed.connect(_comments_changed, dispatch_uid="pagecache-comments")

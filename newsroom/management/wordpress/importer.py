"""Writing a WordPress export into Newsroom: authors, sections, tags, articles, their images,
comments and the old addresses (articles/redirects.py). Every item is keyed by its WordPress id
and the export's base_site_url (articles.wordpress.WordPressItem): a second run of the same
file, or of a newer one, updates what changed and creates nothing twice.

This module drives the import; each kind of record has its part: people.py (authors,
categories, tags), posts.py (posts, attachments), pages.py, comments.py. New articles and
comments are written in batches (common.ARTICLE_BATCH, common.COMMENT_BATCH), each batch in
its own transaction; a dry run is one transaction, rolled back.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, reset_queries, transaction

from articles.models import Article, Redirect
from articles.redirects import forget_cached, normalize_path
from comments.models import Comment
from newsroom.management.wordpress import body, parse
from newsroom.management.wordpress.comments import Comments
from newsroom.management.wordpress.common import (  # noqa: F401 (comment_text: tests)
    ARTICLE_BATCH,
    COMMENT_BATCH,
    SOURCE,
    IdPool,
    Items,
    Rollback,
    comment_text,
    php_serialized_fields,
)
from newsroom.management.wordpress.media import Media
from newsroom.management.wordpress.pages import Pages
from newsroom.management.wordpress.people import PeopleAndTerms
from newsroom.management.wordpress.posts import Posts
from newsroom.signals import articles_changed, navigation_changed


class Importer(PeopleAndTerms, Posts, Pages, Comments):
    def __init__(self, path, *, report, media_dir=None, fetch_media=False, dry_run=False):
        self.path = path
        self.report = report
        self.media_dir = media_dir
        self.fetch_media = fetch_media
        self.dry_run = dry_run
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.site = None
        self.items: Items | None = None
        self.media: Media | None = None
        self.users_by_login: dict[str, int] = {}
        self.author_addresses: dict[int, tuple[str, str]] = {}  # user pk -> (login, WP id)
        self.category_paths: dict[str, str] = {}  # nicename -> old path
        self.category_parent: dict[str, str] = {}
        self.old_paths: dict[str, str] = {}  # old path (normalised) or "/?p=ID" -> new URL
        self.pending_thumbnails: dict[str, list[int]] = {}  # attachment id -> article ids
        self.unresolved_links: set[int] = set()  # articles whose bodies link ahead
        self.changed_articles: set[int] = set()
        self.redirects: dict[str, str] = {}
        self.default_category = None
        self.term_ids: dict[str, dict[str, str]] = {"category": {}, "tag": {}}  # slug -> wp id
        # The batch not written yet (write_batch): ids reserved, rows complete.
        self.article_ids = IdPool(Article)
        self.comment_ids = IdPool(Comment)
        self.new_articles: dict[int, Article] = {}
        self.new_tags: list = []
        self.new_comments: list[Comment] = []
        self.new_events: list = []

    # ---- driving -----------------------------------------------------------------------

    def run(self) -> None:
        records = parse.read(self.path)
        _, site = next(records)  # NotWXR for a file that is not an export, before any write
        self.site_found(site)
        if self.dry_run:
            try:
                with transaction.atomic():
                    self._read(records)
                    raise Rollback
            except Rollback:
                return
        self._read(records)
        forget_cached()
        if self.changed_articles:
            articles_changed.send(sender=Article, article_ids=self.changed_articles)
        navigation_changed.send(sender=Article)

    def _read(self, records) -> None:
        handlers = {
            "author": self.author,
            "category": self.category,
            "tag": self.tag,
            "term": self.term,
            "item": self.item,
        }
        # What is not in a batch (people, terms, updates) is written record by record, each in
        # its transaction, unless the import is in one already (a dry run).
        step = contextlib.nullcontext if connection.in_atomic_block else transaction.atomic
        for kind, record in records:
            with step():
                handlers[kind](record)
            self.report.tick()
            if len(self.new_articles) >= ARTICLE_BATCH or len(self.new_comments) >= COMMENT_BATCH:
                self.write_batch()
        self.write_batch()
        with step():
            self.finish()

    def write_batch(self) -> None:
        """The new articles and comments read so far, their mapping rows and history: rendered
        first, then written in one transaction, a few INSERTs and one UPDATE."""
        self.render_comments()
        with transaction.atomic():
            self.write_articles()
            self.write_comments()
            self.items.write_pending()
        reset_queries()  # with DEBUG on, Django keeps every statement: a batch's are large

    def site_found(self, site: parse.Site) -> None:
        self.site = site.base_site_url
        self.items = Items(self.site)
        self.media = Media(
            site_url=self.site,
            media_dir=self.media_dir,
            fetch=self.fetch_media,
            items=self.items,
            report=self.report,
            dry_run=self.dry_run,
        )
        for row in self.items._kind("post").values():  # earlier runs' addresses, for links
            for old in row.data.get("old_paths", []):
                self.old_paths[old] = row.data.get("url", "")

    def _is_this_site(self, url: str) -> bool:
        parts = urlsplit(url)
        if not parts.netloc:
            return url.startswith("/")
        return parts.netloc.lower() == urlsplit(self.site).netloc.lower()

    def redirect(self, old: str, target: str) -> None:
        path = normalize_path(old)
        if path == "/" or not target or normalize_path(target) == path:
            return
        self.redirects[path] = target
        self.old_paths[path] = target

    # ---- the end ------------------------------------------------------------------------

    def finish(self) -> None:
        for attachment_id, article_ids in self.pending_thumbnails.items():
            for article_id in article_ids:
                self.report.problem("post", article_id, f"featured image {attachment_id} missing")
        for row in self.items._kind("attachment").values():
            link, parent = row.data.get("link", ""), row.data.get("parent", "0")
            parent_row = self.items.get("post", parent) if parent and parent != "0" else None
            target = (parent_row.data.get("url") if parent_row else "") or (
                self.media.url(row.data["name"]) if row.data.get("name") else ""
            )
            if link and target and self._is_this_site(link) and urlsplit(link).path != "/":
                self.redirect(urlsplit(link).path, target)
            if row.wp_id:
                self.redirect(f"/?attachment_id={row.wp_id}", target)
        for article in Article.objects.filter(pk__in=self.unresolved_links):
            fixed = body.rewrite(article.body, image=lambda url: None, link=self._link)
            if fixed != article.body:
                Article.objects.filter(pk=article.pk).update(body=fixed)
        self._author_redirects()
        self._store_redirects()

    def _store_redirects(self) -> None:
        existing = dict(
            Redirect.objects.filter(old_path__in=list(self.redirects)).values_list(
                "old_path", "target"
            )
        )
        new = [
            Redirect(old_path=path, target=target, source=f"{SOURCE} {self.site}"[:100])
            for path, target in self.redirects.items()
            if path not in existing
        ]
        for path, target in self.redirects.items():
            if path in existing and existing[path] != target:
                Redirect.objects.filter(old_path=path).update(target=target)
                self.report.count("redirect", "updated")
        Redirect.objects.bulk_create(new, batch_size=1000)
        self.report.count("redirect", "created", len(new))
        self.report.count("redirect", "unchanged", len(existing))

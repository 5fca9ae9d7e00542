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

from articles.models import Article, Redirect, WordPressItem
from articles.redirects import forget_cached, normalize_path
from comments.models import Comment
from newsroom.management.wordpress import body, parse
from newsroom.management.wordpress.comments import Comments
from newsroom.management.wordpress.common import (  # noqa: F401 (comment_text: tests)
    ARTICLE_BATCH,
    BATCH_ROWS,
    COMMENT_BATCH,
    SOURCE,
    IdPool,
    Items,
    Paths,
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
        self.paths = Paths()  # old path (normalised) or "/?p=ID" -> new URL
        self.pending_thumbnails: dict[str, list[int]] = {}  # attachment id -> article ids
        self.unresolved_links: set[int] = set()  # articles whose bodies link ahead
        self.changed_articles: set[int] = set()
        self.redirects: dict[str, str] = {}  # noted since the last batch
        self.default_category = None
        self.term_ids: dict[str, dict[str, str]] = {"category": {}, "tag": {}}  # slug -> wp id
        # The batch not written yet (write_batch): ids reserved, rows complete.
        self.article_ids = IdPool(Article)
        self.comment_ids = IdPool(Comment)
        self.new_articles: dict[int, Article] = {}
        self.new_tags: list = []
        self.new_comments: list[Comment] = []
        self.new_events: list = []
        self.new_comment_items: list = []
        self.rendering: list = []  # batches of comments whose HTML is being rendered
        # The items read but not handled yet: handled, then written, a batch at a time.
        self.waiting: list[parse.Item] = []
        self.waiting_comments = 0
        # What is stored of the batch's posts, read in a few queries (read_stored).
        self.stored_articles: dict[int, Article] = {}
        self.stored_tags: dict[int, set[int]] = {}
        self.stored_depths: dict[int, int] = {}

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
        self.announce_changes()
        navigation_changed.send(sender=Article)

    def announce_changes(self) -> None:
        """The articles created or changed since the last call, to the page cache and the other
        listeners (articles_changed), once committed: after each batch, so that the set stays
        small; nothing for a dry run."""
        changed, self.changed_articles = self.changed_articles, set()
        if changed and not self.dry_run:
            articles_changed.send(sender=Article, article_ids=changed)

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
            if kind == "item":
                self.waiting.append(record)
                self.waiting_comments += len(record.comments)
                if len(self.waiting) >= ARTICLE_BATCH or self.waiting_comments >= COMMENT_BATCH:
                    self.handle_waiting(step)
                continue
            self.handle_waiting(step)
            with step():
                handlers[kind](record)
            self.report.tick()
        self.handle_waiting(step)
        with transaction.atomic():
            self.write_rendered(wait=True)
        with step():
            self.finish()
            self.write_redirects()
            self.paths.write()  # memory holds nothing per post at the end either

    def handle_waiting(self, step) -> None:
        """The items read since the last batch: what is stored of them read in a few queries,
        each handled in file order, then the new rows written (write_batch)."""
        items, self.waiting, self.waiting_comments = self.waiting, [], 0
        if not items:
            return
        self.read_stored(items)
        for item in items:
            with step():
                self.item(item)
            self.report.tick()
        self.write_batch()

    def write_batch(self) -> None:
        """The new articles read so far, their mapping rows, the addresses and redirects noted,
        in one transaction of a few INSERTs (or COPYs) and one UPDATE; their comments' HTML is
        rendered in the background meanwhile, and the comments written with the next batch
        (write_rendered), once it is back. Then what was read for the batch is forgotten."""
        self.render_comments()
        with transaction.atomic():
            self.write_articles()
            self.items.write_pending()
            self.write_rendered(wait=False)
            self.paths.write()
            self.write_redirects()
        self.items.forget()
        self.stored_articles, self.stored_tags, self.stored_depths = {}, {}, {}
        self.announce_changes()
        reset_queries()  # with DEBUG on, Django keeps every statement: a batch's are large

    def read_stored(self, items: list[parse.Item]) -> None:
        """What an earlier run stored of these items, in a few queries rather than a few per
        item: their mapping rows, the articles, their tags, their comments' rows and depths,
        the attachments they show and the addresses they link to."""
        posts = [item for item in items if item["wp:post_type"] == "post"]
        self.items.load("post", [item["wp:post_id"] for item in posts])
        attachments = [item for item in items if item["wp:post_type"] == "attachment"]
        self.items.load("attachment", [item["wp:post_id"] for item in attachments])
        self.items.load(
            "attachment", [i.meta["_thumbnail_id"] for i in posts if i.meta.get("_thumbnail_id")]
        )
        self.paths.load(
            path
            for item in items
            for url in body.link_targets(item["content:encoded"])
            if (path := self._old_path(url)) is not None
        )
        ids = [
            row.object_id for item in posts if (row := self.items.get("post", item["wp:post_id"]))
        ]
        if not ids:
            return  # none of them imported before
        self.stored_articles = Article.objects.in_bulk(ids)
        self.stored_tags = {pk: set() for pk in ids}
        through = Article.tags.through.objects.filter(article_id__in=ids)
        for article_id, tag_id in through.values_list("article_id", "tag_id"):
            self.stored_tags[article_id].add(tag_id)
        self.items.load(
            "comment",
            [
                c["wp:comment_id"]
                for item in posts
                if self.items.get("post", item["wp:post_id"])
                for c in item.comments
            ],
        )
        comment_ids = [row.object_id for row in self.items.cache["comment"].values() if row]
        self.stored_depths = dict(
            Comment.objects.filter(pk__in=comment_ids).values_list("pk", "depth")
        )

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
        self.paths.start(self.site)  # with the earlier runs' addresses, for links

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
        self.paths[path] = target

    # ---- the end ------------------------------------------------------------------------

    def finish(self) -> None:
        for attachment_id, article_ids in self.pending_thumbnails.items():
            for article_id in article_ids:
                self.report.problem("post", article_id, f"featured image {attachment_id} missing")
        self.paths.write()
        attachments = WordPressItem.objects.filter(site=self.site, kind="attachment")
        for chunk in _chunks(attachments.order_by("pk").iterator(BATCH_ROWS), BATCH_ROWS):
            self.items.load("post", [row.data.get("parent", "0") for row in chunk])
            for row in chunk:
                link, parent = row.data.get("link", ""), row.data.get("parent", "0")
                parent_row = self.items.get("post", parent) if parent and parent != "0" else None
                target = (parent_row.data.get("url") if parent_row else "") or (
                    self.media.url(row.data["name"]) if row.data.get("name") else ""
                )
                if link and target and self._is_this_site(link) and urlsplit(link).path != "/":
                    self.redirect(urlsplit(link).path, target)
                if row.wp_id:
                    self.redirect(f"/?attachment_id={row.wp_id}", target)
            self.items.forget()
            self.write_redirects()
            self.paths.write()
        unresolved = Article.objects.filter(pk__in=self.unresolved_links).order_by("pk")
        for article in unresolved.iterator(BATCH_ROWS):
            fixed = body.rewrite(article.body, image=lambda url: None, link=self._link)
            if fixed != article.body:
                Article.objects.filter(pk=article.pk).update(body=fixed)
        self._author_redirects()

    def write_redirects(self) -> None:
        """The redirects noted since the last batch."""
        if not self.redirects:
            return
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
        Redirect.objects.bulk_create(new, batch_size=BATCH_ROWS)
        self.report.count("redirect", "created", len(new))
        self.report.count("redirect", "unchanged", len(existing))
        self.redirects = {}


def _chunks(iterable, size: int):
    chunk = []
    for value in iterable:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

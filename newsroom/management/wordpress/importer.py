"""Writing a WordPress export into Newsroom: authors, sections, tags, articles, their images,
comments and the old addresses (articles/redirects.py). Every item is keyed by its WordPress id
and the export's base_site_url (articles.wordpress.WordPressItem): a second run of the same
file, or of a newer one, updates what changed and creates nothing twice.

No Akismet call, no e-mail, no notification: comments are written directly, in bulk, and their
stored HTML and search text are filled by the comments app's own queryset methods.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from articles.images import refresh_renditions
from articles.models import (
    Article,
    AuthorProfile,
    Category,
    Page,
    Redirect,
    Tag,
    WordPressItem,
)
from articles.redirects import forget_cached, normalize_path
from comments.models import Comment, CommentEvent
from newsroom.management.wordpress import body, parse
from newsroom.management.wordpress.media import Media
from newsroom.net import ip_block
from newsroom.signals import articles_changed, navigation_changed

SOURCE = "WordPress"
JOURNALISTS = "Journalists"
ZERO_DATE = "0000-00-00 00:00:00"
COMMENT_BATCH = 1000

# WordPress post status -> (our status, has a publication time, outcome in the summary).
POST_STATUS = {
    "publish": (Article.Status.PUBLISHED, True),
    "future": (Article.Status.PUBLISHED, True),  # a future time: scheduled
    "draft": (Article.Status.DRAFT, False),
    "pending": (Article.Status.REVIEW, False),
    "private": (Article.Status.DRAFT, True),  # not public here: kept as a draft
}
COMMENT_STATUS = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
AKISMET_EVENTS = {
    "check-ham": CommentEvent.Event.CHECK_HAM,
    "check-spam": CommentEvent.Event.CHECK_SPAM,
    "recheck-ham": CommentEvent.Event.RECHECK_HAM,
    "recheck-spam": CommentEvent.Event.RECHECK_SPAM,
    "report-spam": CommentEvent.Event.REPORT_SPAM,
    "report-ham": CommentEvent.Event.REPORT_HAM,
    "check-error": CommentEvent.Event.CHECK_ERROR,
}


class Rollback(Exception):
    """Raised at the end of a dry run, so that its transaction stores nothing."""


class Items:
    """This site's WordPressItem rows, read once per kind and kept in memory (ids and short
    strings; comments are looked up per post)."""

    def __init__(self, site: str):
        self.site = site
        self.cache: dict[str, dict[str, WordPressItem]] = {}

    def _kind(self, kind: str) -> dict[str, WordPressItem]:
        if kind not in self.cache:
            rows = WordPressItem.objects.filter(site=self.site, kind=kind)
            self.cache[kind] = {row.wp_id: row for row in rows}
        return self.cache[kind]

    def get(self, kind: str, wp_id) -> WordPressItem | None:
        return self._kind(kind).get(str(wp_id))

    def put(self, kind: str, wp_id, object_id, data=None) -> WordPressItem:
        row = self.get(kind, wp_id)
        data = data or {}
        if row is None:
            row = WordPressItem.objects.create(
                site=self.site, kind=kind, wp_id=str(wp_id), object_id=object_id, data=data
            )
            self._kind(kind)[str(wp_id)] = row
        elif row.object_id != object_id or row.data != data:
            row.object_id, row.data = object_id, data
            row.save(update_fields=["object_id", "data", "imported_at"])
        return row

    def comments(self, wp_ids) -> dict[str, WordPressItem]:
        rows = WordPressItem.objects.filter(site=self.site, kind="comment", wp_id__in=wp_ids)
        return {row.wp_id: row for row in rows}


def wp_date(gmt: str, local: str, tz) -> datetime | None:
    """WordPress's post or comment time: the GMT column, else the local one in the site's zone."""
    for value, zone in ((gmt, UTC), (local, tz)):
        if value and value != ZERO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                continue
    return None


def plain(text: str) -> str:
    return " ".join(html.unescape(strip_tags(text or "")).split())


_PARAGRAPH_END = re.compile(r"</p\s*>|<br\s*/?>", re.IGNORECASE)
_LINK = re.compile(r'<a\b[^>]*?href\s*=\s*["\']([^"\']+)["\'][^>]*>(.*?)</a>', re.I | re.S)


def comment_text(content: str) -> str:
    """WordPress's comment HTML as our plain text: paragraphs and line breaks kept, each link's
    address kept after its words (readers' text is never HTML here)."""

    def link(match: re.Match) -> str:
        url, words = html.unescape(match[1]).strip(), plain(match[2])
        return url if not words or words == url else f"{words} ({url})"

    text = _LINK.sub(link, content.replace("\r\n", "\n"))
    text = _PARAGRAPH_END.sub("\n", text)
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def php_serialized_fields(value: str) -> dict[str, str]:
    """The scalar fields of a PHP-serialised array (Akismet's history), without unserialising."""
    found = {}
    for key, raw in re.findall(r's:\d+:"(\w+)";(s:\d+:"[^"]*"|d:[\d.E+-]+|i:\d+|b:[01])', value):
        found[key] = raw.split('"')[1] if raw.startswith("s:") else raw[2:]
    return found


class Importer:
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
        self.new_comment_ids: list[int] = []
        self.redirects: dict[str, str] = {}
        self.default_category = None
        self.term_ids: dict[str, dict[str, str]] = {"category": {}, "tag": {}}  # slug -> wp id

    # ---- driving -----------------------------------------------------------------------

    def run(self) -> None:
        records = parse.read(self.path)
        _, site = next(records)  # NotWXR for a file that is not an export, before any write
        self.site_found(site)
        try:
            with transaction.atomic():
                self._read(records)
                if self.dry_run:
                    raise Rollback
        except Rollback:
            pass
        if not self.dry_run:
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
        for kind, record in records:
            handlers[kind](record)
            self.report.tick()
        self.finish()

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

    # ---- people and terms ----------------------------------------------------------------

    def author(self, record: dict) -> None:
        login = record.get("wp:author_login", "")
        wp_id = record.get("wp:author_id") or login
        User = get_user_model()
        row = self.items.get("author", wp_id)
        user = User.objects.filter(pk=row.object_id).first() if row else None
        display = html.unescape(record.get("wp:author_display_name", "")).strip()
        first = html.unescape(record.get("wp:author_first_name", "")).strip()
        last = html.unescape(record.get("wp:author_last_name", "")).strip()
        if display and display != f"{first} {last}".strip():
            first, last = display, ""  # the name readers knew is the display name
        if user is None:
            username = login[:150] or f"wp-{wp_id}"
            if User.objects.filter(username=username).exists():
                username = f"wp-{login}"[:150]
                self.report.problem("author", login, f"username taken here: named {username}")
            user = User(username=username, is_staff=True)
            user.set_unusable_password()
            outcome = "created"
        else:
            outcome = "unchanged"
        changes = {
            "first_name": first[:150],
            "last_name": last[:150],
            "email": record.get("wp:author_email", "")[:254],
        }
        if outcome == "created" or any(getattr(user, k) != v for k, v in changes.items()):
            for key, value in changes.items():
                setattr(user, key, value)
            user.save()
            outcome = "updated" if outcome == "unchanged" else outcome
        group, _ = Group.objects.get_or_create(name=JOURNALISTS)
        user.groups.add(group)
        self.items.put("author", wp_id, user.pk, {"login": login})
        self.users_by_login[login] = user.pk
        self.author_addresses[user.pk] = (login, record.get("wp:author_id", ""))
        self.report.count("author", outcome)

    def _author_redirects(self) -> None:
        """WordPress's /author/<login>/ and /?author=<id> lead to the author's page, but only
        for authors with published work: for anyone else they stay a 404, so that neither
        reveals who has an account (the new page's address is a slug of the name)."""
        for user_pk, (login, wp_id) in self.author_addresses.items():
            if not Article.objects.published().filter(pk__in=self._signed(user_pk)).exists():
                continue
            AuthorProfile.ensure(user_pk)
            url = AuthorProfile.objects.get(user_id=user_pk).get_absolute_url()
            if login:
                self.redirect(f"/author/{login}/", url)
            if wp_id:
                self.redirect(f"/?author={wp_id}", url)

    @staticmethod
    def _signed(user_pk: int):
        return Article.objects.by_author(get_user_model()(pk=user_pk)).values("pk")

    def _term(self, model, kind, wp_id, slug, name, max_length):
        slug = unquote(slug).strip()[:max_length] or slugify(name, allow_unicode=True)[:max_length]
        name = html.unescape(name).strip()[:max_length] or slug
        row = self.items.get(kind, wp_id)
        obj = model.objects.filter(pk=row.object_id).first() if row else None
        if obj is None:
            obj = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
            outcome = "matched" if obj else "created"
            if obj is None:
                obj = model.objects.create(name=name, slug=slug)
        else:
            outcome = "unchanged"
        self.items.put(kind, wp_id, obj.pk, {"slug": slug})
        self.term_ids[kind][slug] = str(wp_id)
        self.report.count(kind, outcome)
        return obj, slug

    def category(self, record: dict) -> None:
        nicename = record.get("wp:category_nicename", "")
        obj, slug = self._term(
            Category,
            "category",
            record.get("wp:term_id") or nicename,
            nicename,
            record.get("wp:cat_name", ""),
            100,
        )
        parent = unquote(record.get("wp:category_parent", ""))
        self.category_parent[slug] = parent
        chain, seen = [slug], {slug}
        while parent and parent not in seen:
            chain.insert(0, parent)
            seen.add(parent)
            parent = self.category_parent.get(parent, "")
        if len(chain) > 1:
            self.report.problem("category", slug, f"flattened: was under {'/'.join(chain[:-1])}")
        self.category_paths[slug] = "/category/" + "/".join(chain) + "/"
        self.redirect(self.category_paths[slug], obj.get_absolute_url())
        if record.get("wp:term_id"):
            self.redirect(f"/?cat={record['wp:term_id']}", obj.get_absolute_url())

    def tag(self, record: dict) -> None:
        obj, slug = self._term(
            Tag,
            "tag",
            record.get("wp:term_id") or record.get("wp:tag_slug", ""),
            record.get("wp:tag_slug", ""),
            record.get("wp:tag_name", ""),
            60,
        )
        self.redirect(f"/tag/{slug}/", "/search/?" + _query(obj.name))
        self.redirect(f"/?tag={slug}", "/search/?" + _query(obj.name))

    def term(self, record: dict) -> None:
        taxonomy = record.get("wp:term_taxonomy", "?")
        if taxonomy not in ("category", "post_tag"):  # those were read as wp:category, wp:tag
            self.report.count(f"term ({taxonomy})", "skipped")

    # ---- items --------------------------------------------------------------------------

    def item(self, item: parse.Item) -> None:
        post_type = item["wp:post_type"]
        if post_type == "post":
            self.post(item)
        elif post_type == "attachment":
            self.attachment(item)
        elif post_type == "page":
            self.page(item)
        else:
            self.report.count(post_type or "item", "skipped")

    def page(self, item: parse.Item) -> None:
        """A WordPress page becomes a static page (articles/pages.py) at /<slug>/, as WordPress
        served it; a nested page's old path (/parent/child/) redirects there."""
        wp_id = item["wp:post_id"]
        status = item["wp:status"]
        if status not in POST_STATUS:
            self.report.count("page", f"{status or 'unknown'} skipped")
            return
        title = plain(item["title"])[:200] or f"WordPress {wp_id}"
        slug = (
            unquote(item["wp:post_name"]).strip()[:200] or slugify(title, allow_unicode=True)[:200]
        ) or f"page-{wp_id}"
        body_html, _ahead, removed = self._body(item["content:encoded"])
        if removed:
            what = ", ".join(f"{n} {name}" for name, n in sorted(removed.items()))
            self.report.problem("page", wp_id, f"sanitised: removed {what}")
        published = status == "publish" and not item["wp:post_password"]
        try:
            position = max(0, min(int(item["wp:menu_order"] or 0), 32767))
        except ValueError:
            position = 0
        fields = {
            "title": title,
            "body": body_html,
            "published": published,
            "footer_position": position,
        }
        row = self.items.get("page", wp_id)
        page = Page.objects.filter(pk=row.object_id).first() if row else None
        if page is None:
            if Page.objects.filter(slug=slug).exists() or not page_slug_is_free(slug):
                slug = f"{slug[:190]}-{wp_id}"
                self.report.problem("page", wp_id, f"slug taken here: {slug}")
            page = Page(slug=slug, **fields)
            page.save()
            outcome = "created"
        elif any(getattr(page, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(page, key, value)
            page.save()
            outcome = "updated"
        else:
            outcome = "unchanged"
        url = page.get_absolute_url()
        if published:
            for old in (item["link"], f"/?page_id={wp_id}"):
                if old and self._is_this_site(old):
                    self.redirect(urlsplit(old).path + _q(old), url)
        self.old_paths[f"/?page_id={wp_id}"] = url
        self.items.put("page", wp_id, page.pk, {"url": url})
        self.report.count("page", f"{'published' if published else 'draft'} {outcome}")

    def attachment(self, item: parse.Item) -> None:
        wp_id = item["wp:post_id"]
        url = item["wp:attachment_url"]
        self.media.known_urls.add(url)
        name = self.media.stored_name(url) if url else None
        data = {
            "name": name or "",
            "url": url,
            "alt": plain(item.meta.get("_wp_attachment_image_alt", ""))[:250],
            "caption": plain(item["excerpt:encoded"])[:300],
            "parent": item["wp:post_parent"],
            "link": item["link"],
        }
        self.items.put("attachment", wp_id, None, data)
        self.report.count("attachment", "stored" if name else "missing")
        for article_id in self.pending_thumbnails.pop(wp_id, []):
            self._set_image(Article.objects.get(pk=article_id), wp_id)

    def _set_image(self, article: Article, attachment_id: str) -> bool:
        row = self.items.get("attachment", attachment_id)
        if row is None or not row.data.get("name"):
            return False
        if self.dry_run:
            return True  # the file was checked, not stored
        data = row.data
        if article.image.name == data["name"]:
            return False
        article.image = data["name"]
        article.image_alt = data["alt"] or article.title[:250]
        article.image_caption = data["caption"]
        article.save()
        refresh_renditions(article)  # made by the task worker once the import commits
        self.changed_articles.add(article.pk)
        return True

    def _gallery_image(self, wp_id: str) -> str | None:
        row = self.items.get("attachment", wp_id)
        if row is None or not row.data.get("name"):
            return None
        alt = html.escape(row.data.get("alt", ""))
        return f'<img src="{html.escape(row.data["url"])}" alt="{alt}">'

    def _image_url(self, url: str) -> str | None:
        name = self.media.stored_name(url)
        return self.media.url(name) if name else None

    def _link(self, url: str, ahead: set[int] | None = None) -> str | None:
        """The new address of a link to the old site, or None (ahead: noted when the link may
        be to a post further on in the file)."""
        if not self._is_this_site(url):
            return None
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        for key in ("p", "page_id", "attachment_id"):
            if key in query and normalize_path(parts.path) == "/":
                path = f"/?{key}={query[key][0]}"
                break
        else:
            path = normalize_path(parts.path)
        if path in self.old_paths:
            return self.old_paths[path] + (f"#{parts.fragment}" if parts.fragment else "")
        if "/wp-content/uploads/" in path:
            return self._image_url(url)
        if ahead is not None:
            ahead.add(1)  # fixed in finish(), once every post is known
        return None

    def _body(self, content: str) -> tuple[str, bool, dict]:
        converted = body.convert(content, self._gallery_image)
        ahead: set[int] = set()
        rewritten = body.rewrite(
            converted, image=self._image_url, link=lambda url: self._link(url, ahead)
        )
        cleaned, removed = body.sanitize(rewritten)
        return cleaned, bool(ahead), removed

    def post(self, item: parse.Item) -> None:
        wp_id = item["wp:post_id"]
        status = item["wp:status"]
        if status not in POST_STATUS:
            self.report.count("post", f"{status or 'unknown'} skipped")
            return
        our_status, timed = POST_STATUS[status]
        when = wp_date(item["wp:post_date_gmt"], item["wp:post_date"], self.tz)
        title = plain(item["title"])
        if len(title) > 200:
            self.report.problem("post", wp_id, "title shortened to 200 characters")
        title = title[:200] or f"WordPress {wp_id}"
        slug = (
            unquote(item["wp:post_name"]).strip()[:200] or slugify(title, allow_unicode=True)[:200]
        )
        body_html, ahead, removed = self._body(item["content:encoded"])
        if removed:
            what = ", ".join(f"{n} {name}" for name, n in sorted(removed.items()))
            self.report.problem("post", wp_id, f"sanitised: removed {what}")
            self.report.count("sanitised", "posts")
        fields = {
            "title": title,
            "slug": slug or "article",
            "lead": plain(item["excerpt:encoded"]),
            "body": body_html,
            "status": our_status,
            "published_at": when if timed else None,
            "comments_open": item["wp:comment_status"] == "open",
            "author_id": self.users_by_login.get(item["dc:creator"]),
            "category_id": self._category_id(item),
        }
        if status == "private":
            self.report.problem("post", wp_id, "private: imported as a draft (not public)")
        if item["wp:post_password"] and our_status == Article.Status.PUBLISHED:
            fields["status"], fields["published_at"] = Article.Status.DRAFT, None
            self.report.problem("post", wp_id, "password-protected: imported as a draft")
        row = self.items.get("post", wp_id)
        article = Article.objects.filter(pk=row.object_id).first() if row else None
        if article is None:
            article = Article(**fields)
            article.save()
            outcome = "created"
        elif any(getattr(article, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(article, key, value)
            article.save()
            outcome = "updated"
        else:
            outcome = "unchanged"
        if outcome != "unchanged":
            self.changed_articles.add(article.pk)
        tag_ids = self._tag_ids(item)
        if set(article.tags.values_list("pk", flat=True)) != tag_ids:
            article.tags.set(tag_ids)
        thumbnail = item.meta.get("_thumbnail_id")
        if (
            thumbnail
            and not self._set_image(article, thumbnail)
            and self.items.get("attachment", thumbnail) is None
        ):
            self.pending_thumbnails.setdefault(thumbnail, []).append(article.pk)
        if ahead:
            self.unresolved_links.add(article.pk)
        url = article.get_absolute_url()
        old_paths = []
        if our_status == Article.Status.PUBLISHED:
            link = item["link"]
            for old in (link, f"/?p={wp_id}"):
                if old and self._is_this_site(old):
                    self.redirect(urlsplit(old).path + _q(old), url)
                    old_paths.append(normalize_path(urlsplit(old).path + _q(old)))
        else:
            self.old_paths[f"/?p={wp_id}"] = url  # links between drafts still resolve
        self.items.put("post", wp_id, article.pk, {"url": url, "old_paths": old_paths})
        state = "scheduled" if status == "future" else str(our_status)
        self.report.count("post", f"{state} {outcome}")
        self.comments(article, item)

    def _category_id(self, item: parse.Item) -> int:
        for domain, nicename, name in item.terms:
            if domain == "category":
                row = self.items.get(
                    "category", self.term_ids["category"].get(unquote(nicename).strip(), nicename)
                )
                if row is not None:
                    return row.object_id
                obj, _ = self._term(Category, "category", nicename, nicename, name, 100)
                return obj.pk
        if self.default_category is None:
            self.default_category, _ = Category.objects.get_or_create(
                slug="uncategorized", defaults={"name": "غير مصنف"}
            )
        return self.default_category.pk

    def _tag_ids(self, item: parse.Item) -> set[int]:
        ids = set()
        for domain, nicename, name in item.terms:
            if domain == "post_tag":
                row = self.items.get(
                    "tag", self.term_ids["tag"].get(unquote(nicename).strip(), nicename)
                )
                if row is None:
                    obj, _ = self._term(Tag, "tag", nicename, nicename, name, 60)
                    ids.add(obj.pk)
                else:
                    ids.add(row.object_id)
        return ids

    # ---- comments -----------------------------------------------------------------------

    def comments(self, article: Article, item: parse.Item) -> None:
        wanted = []
        for comment in item.comments:
            kind = comment.get("wp:comment_type", "") or "comment"
            if kind in ("pingback", "trackback"):
                self.report.count(kind, "skipped")
                continue
            wanted.append(comment)
        if not wanted:
            return
        existing = self.items.comments([c["wp:comment_id"] for c in wanted])
        known: dict[str, tuple[int, int]] = {}  # wp id -> (pk, depth)
        if existing:
            depths = dict(
                Comment.objects.filter(pk__in=[r.object_id for r in existing.values()]).values_list(
                    "pk", "depth"
                )
            )
            for wp_id, row in existing.items():
                if row.object_id in depths:
                    known[wp_id] = (row.object_id, depths[row.object_id])
        by_id = {c["wp:comment_id"]: c for c in wanted}
        remaining = [c for c in wanted if c["wp:comment_id"] not in known]
        for comment in wanted:
            if comment["wp:comment_id"] in known:
                self._update_comment(known[comment["wp:comment_id"]][0], comment)
        max_depth = settings.COMMENTS_MAX_DEPTH
        parents_of: dict[str, int] = {}  # wp id -> pk of the comment it hangs from, for depth
        while remaining:
            level, later = [], []
            for comment in remaining:
                parent = comment.get("wp:comment_parent", "0").strip() or "0"
                if parent != "0" and parent not in known and parent in by_id:
                    later.append(comment)  # its parent first
                    continue
                level.append(comment)
            if not level:  # a loop of parents: break it
                level, later = later, []
            rows = []
            for comment in level:
                rows.append(self._new_comment(article, comment, known, by_id, max_depth))
            Comment.objects.bulk_create(rows)
            events, items = [], []
            for comment, row in zip(level, rows, strict=True):
                known[comment["wp:comment_id"]] = (row.pk, row.depth)
                parents_of[comment["wp:comment_id"]] = row.parent_id
                self.new_comment_ids.append(row.pk)
                self.report.count("comment", f"{row.status} created")
                items.append(
                    WordPressItem(
                        site=self.site,
                        kind="comment",
                        wp_id=comment["wp:comment_id"],
                        object_id=row.pk,
                    )
                )
                events.extend(self._akismet_events(row, comment))
            WordPressItem.objects.bulk_create(items)
            CommentEvent.objects.bulk_create(events)
            remaining = later
        if len(self.new_comment_ids) >= COMMENT_BATCH:
            self._render_comments()

    def _new_comment(self, article, comment, known, by_id, max_depth) -> Comment:
        wp_id = comment["wp:comment_id"]
        parent_wp = comment.get("wp:comment_parent", "0").strip() or "0"
        parent_pk, depth = None, 1
        if parent_wp != "0":
            if parent_wp in known:
                parent_pk, parent_depth = known[parent_wp]
                if parent_depth >= max_depth:
                    # Deeper than threads go here: under the deepest ancestor allowed.
                    parent_pk, parent_depth = self._allowed_ancestor(parent_pk, max_depth)
                    self.report.problem(
                        "comment", wp_id, f"thread deeper than {max_depth}: attached higher up"
                    )
                depth = parent_depth + 1
            else:
                self.report.problem(
                    "comment", wp_id, f"parent {parent_wp} not imported: a new thread"
                )
        status = COMMENT_STATUS.get(comment.get("wp:comment_approved", ""), Comment.Status.PENDING)
        meta = comment.get("meta", [])
        verdict = dict(meta).get("akismet_result", "")
        ip = comment.get("wp:comment_author_IP", "").strip() or None
        if ip and not ip_block(ip):
            ip = None
        url = comment.get("wp:comment_author_url", "").strip()
        if len(url) > 200 or (url and not url.startswith(("http://", "https://"))):
            self.report.problem("comment", wp_id, "website address dropped (too long or odd)")
            url = ""
        when = wp_date(
            comment.get("wp:comment_date_gmt", ""), comment.get("wp:comment_date", ""), self.tz
        )
        user_pk = None
        user_wp = comment.get("wp:comment_user_id", "0").strip()
        if user_wp and user_wp != "0":
            row = self.items.get("author", user_wp)
            user_pk = row.object_id if row else None
        return Comment(
            article=article,
            parent_id=parent_pk,
            depth=depth,
            author_name=html.unescape(comment.get("wp:comment_author", "")).strip()[:245] or "—",
            author_email=comment.get("wp:comment_author_email", "").strip()[:100],
            author_url=url,
            content=comment_text(comment.get("wp:comment_content", "")),
            user_id=user_pk,
            ip=ip,
            ip_block=ip_block(ip),
            user_agent=comment.get("wp:comment_agent", ""),
            created_at=when or timezone.now(),
            status=status,
            akismet_result={
                "true": Comment.AkismetResult.SPAM,
                "false": Comment.AkismetResult.HAM,
            }.get(verdict, Comment.AkismetResult.SKIPPED),
            notified_at=timezone.now(),  # imported: moderators are not e-mailed about it
        )

    @staticmethod
    def _allowed_ancestor(pk: int, max_depth: int) -> tuple[int, int]:
        while True:
            parent_id, depth = Comment.objects.filter(pk=pk).values_list("parent_id", "depth")[0]
            if depth < max_depth or parent_id is None:
                return pk, depth
            pk = parent_id

    def _akismet_events(self, row: Comment, comment: dict) -> list[CommentEvent]:
        events = []
        for key, value in comment.get("meta", []):
            if key != "akismet_history":
                continue
            fields = php_serialized_fields(value)
            event = AKISMET_EVENTS.get(fields.get("event", ""))
            if event is None:
                continue
            try:
                at = datetime.fromtimestamp(float(fields.get("time", "")), tz=UTC)
            except ValueError:
                at = row.created_at
            events.append(
                CommentEvent(comment=row, at=at, event=event, detail="Imported from WordPress")
            )
        return events

    def _update_comment(self, pk: int, comment: dict) -> None:
        """A comment imported before keeps its state here: moderators may have acted on it
        since, and every change of state goes through comments/actions.py, not an import."""
        self.report.count("comment", "unchanged")

    def _render_comments(self) -> None:
        ids, self.new_comment_ids = self.new_comment_ids, []
        for start in range(0, len(ids), COMMENT_BATCH):
            chunk = Comment.objects.filter(pk__in=ids[start : start + COMMENT_BATCH])
            chunk.refold_search_text()
            chunk.store_html()

    # ---- the end ------------------------------------------------------------------------

    def finish(self) -> None:
        self._render_comments()
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


def page_slug_is_free(slug: str) -> bool:
    """No address of the site answers /<slug>/ already (/search/, /feed/, /admin/…)."""
    try:
        Page(slug=slug).clean()
    except ValidationError:
        return False
    return True


def _q(url: str) -> str:
    query = urlsplit(url).query
    return f"?{query}" if query else ""


def _query(text: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": text})

"""WordPress posts as articles, and the attachments that are their images. New articles get
their ids from a pool (common.IdPool) and are written a batch at a time: one INSERT, one
UPDATE of their search vectors, one INSERT of their tags (write_articles)."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils.text import slugify

from articles.images import refresh_renditions
from articles.models import Article, AuthorProfile, Category, Tag
from articles.redirects import normalize_path
from articles.search import index_articles
from newsroom.management.wordpress import body, parse
from newsroom.management.wordpress.common import (
    BATCH_ROWS,
    POST_STATUS,
    assign_changed,
    insert_rows,
    plain,
    query_of,
    wp_date,
)


class Posts:
    """Part of the Importer (importer.py): <item>s whose post type is "post" or "attachment"."""

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
            article = self.new_articles.get(article_id) or Article.objects.get(pk=article_id)
            self._set_image(article, wp_id)

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
        if article.pk in self.new_articles:
            article.version += 1  # a second save, as when the image is set after the article
        else:
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

    def _old_path(self, url: str) -> str | None:
        """The key of a link to the old site in `paths` (a normalised path, or "/?p=ID" and
        the like), or None for a link elsewhere."""
        if not self._is_this_site(url):
            return None
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        for key in ("p", "page_id", "attachment_id"):
            if key in query and normalize_path(parts.path) == "/":
                return f"/?{key}={query[key][0]}"
        return normalize_path(parts.path)

    def _link(self, url: str, ahead: set[int] | None = None) -> str | None:
        """The new address of a link to the old site, or None (ahead: noted when the link may
        be to a post further on in the file)."""
        path = self._old_path(url)
        if path is None:
            return None
        target = self.paths.get(path)
        if target is not None:
            fragment = urlsplit(url).fragment
            return target + (f"#{fragment}" if fragment else "")
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
        article = None
        if row is not None:  # read with the batch (read_stored), else now
            article = self.stored_articles.get(row.object_id)
            if article is None and row.object_id not in self.stored_articles:
                article = Article.objects.filter(pk=row.object_id).first()
        if article is None:
            article = Article(pk=self.article_ids.take(), **fields)
            article.version += 1  # as Article.save() counts it
            self.new_articles[article.pk] = article  # written with its batch
            outcome = "created"
        elif assign_changed(article, fields):
            article.save()
            outcome = "updated"
        else:
            outcome = "unchanged"
        if outcome != "unchanged":
            self.changed_articles.add(article.pk)
        tag_ids = self._tag_ids(item)
        if outcome == "created":
            through = Article.tags.through
            self.new_tags.extend(through(article_id=article.pk, tag_id=t) for t in tag_ids)
        else:
            stored = self.stored_tags.get(article.pk)
            if stored is None:
                stored = set(article.tags.values_list("pk", flat=True))
            if stored != tag_ids:
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
                    old_path = urlsplit(old).path + query_of(old)
                    self.redirect(old_path, url)
                    old_paths.append(normalize_path(old_path))
        else:
            self.paths[f"/?p={wp_id}"] = url  # links between drafts still resolve
        self.items.put("post", wp_id, article.pk, {"url": url, "old_paths": old_paths}, later=True)
        state = "scheduled" if status == "future" else str(our_status)
        self.report.count("post", f"{state} {outcome}")
        self.comments(article, item, first_time=row is None)

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

    def write_articles(self) -> None:
        """The batch's new articles, as Article.save() would have written them one by one."""
        articles, self.new_articles = list(self.new_articles.values()), {}
        tags, self.new_tags = self.new_tags, []
        if not articles:
            return
        Article.objects.bulk_create(articles, batch_size=BATCH_ROWS)
        published = Article.Status.PUBLISHED
        for author_id in dict.fromkeys(a.author_id for a in articles if a.status == published):
            AuthorProfile.ensure(author_id)
        index_articles(Article.objects.filter(pk__in=[a.pk for a in articles]))
        insert_rows(Article.tags.through, tags)
        for article in articles:
            if article.image:
                refresh_renditions(article)  # made by the task worker once the batch commits

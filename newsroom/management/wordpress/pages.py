"""WordPress pages as static pages (articles/pages.py)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.utils.text import slugify

from articles.models import Page
from newsroom.management.wordpress import parse
from newsroom.management.wordpress.common import (
    POST_STATUS,
    assign_changed,
    page_slug_is_free,
    plain,
    query_of,
)


class Pages:
    """Part of the Importer (importer.py): <item>s whose post type is "page"."""

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
        elif assign_changed(page, fields):
            page.save()
            outcome = "updated"
        else:
            outcome = "unchanged"
        url = page.get_absolute_url()
        if published:
            for old in (item["link"], f"/?page_id={wp_id}"):
                if old and self._is_this_site(old):
                    self.redirect(urlsplit(old).path + query_of(old), url)
        self.paths[f"/?page_id={wp_id}"] = url
        self.items.put("page", wp_id, page.pk, {"url": url})
        self.report.count("page", f"{'published' if published else 'draft'} {outcome}")

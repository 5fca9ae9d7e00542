"""Authors, categories and tags of a WordPress export (the head of the file)."""

from __future__ import annotations

import html
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from articles.models import Article, AuthorProfile, Category, Tag
from newsroom.management.wordpress.common import JOURNALISTS, assign_changed, search_query


class PeopleAndTerms:
    """Part of the Importer (importer.py): the records before the first <item>."""

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
        if assign_changed(user, changes) or outcome == "created":
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
        self.redirect(f"/tag/{slug}/", "/search/?" + search_query(obj.name))
        self.redirect(f"/?tag={slug}", "/search/?" + search_query(obj.name))

    def term(self, record: dict) -> None:
        taxonomy = record.get("wp:term_taxonomy", "?")
        if taxonomy not in ("category", "post_tag"):  # those were read as wp:category, wp:tag
            self.report.count(f"term ({taxonomy})", "skipped")

"""Static pages (about, privacy policy, terms, contact): edited in the admin, linked from every
page's footer, served at /<slug>/ as WordPress served its pages (so imported addresses keep
working).

The /<slug>/ pattern is the last reader URL and matches only a published page's slug
(PageSlugConverter reads the cached list below): an unknown path does not match at all, so it
stays a 404, and Django's APPEND_SLASH does not turn `/nowhere` into a redirect to `/nowhere/`.

The footer's list is cached (FOOTER_KEY) and rebuilt after any save or delete; the 500 page
reads only that cache (`cached_only`): it must render without the database.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from articles.editing import count_version
from articles.html import sanitize_article_html
from articles.links import reverse_cached
from newsroom.pagecache import cache_for_readers

FOOTER_KEY = "pages:published"
# The privacy policy, linked by the comment form: ours, or the one WordPress makes.
PRIVACY_SLUGS = ("privacy", "privacy-policy")


class Page(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The page's address: /<slug>/, e.g. about or privacy."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "HTML: paragraphs, subheadings, lists, quotes and links. Anything else is removed."
        ),
    )
    published = models.BooleanField(_("published"), default=False)
    footer_position = models.PositiveSmallIntegerField(
        _("footer position"), default=0, help_text=_("Smaller numbers come first in the footer.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Counts the page's saves, as Article.version does: a save based on an older one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["footer_position", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = str(sanitize_article_html(self.body))
        count_version(self, kwargs)  # articles/conflicts.py
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_cached("articles:page", slug=self.slug)

    def clean(self):
        """A slug that an address of ours already answers would never show the page."""
        try:
            match = resolve(f"/{self.slug}/")
        except Resolver404:
            return
        if match.url_name != "page":
            raise ValidationError(
                {"slug": _("This address is already used by the site: choose another.")}
            )

    @property
    def body_html(self):
        return sanitize_article_html(self.body)


def published_pages(*, cached_only=False) -> list[dict] | None:
    """[{"slug", "title", "url"}] of the published pages in footer order, from the cache;
    read from the database when not cached, unless `cached_only` (then None)."""
    found = cache.get(FOOTER_KEY)
    if found is None and not cached_only:
        found = [
            {"slug": slug, "title": title, "url": reverse_cached("articles:page", slug=slug)}
            for slug, title in Page.objects.filter(published=True).values_list("slug", "title")
        ]
        cache.set(FOOTER_KEY, found, None)
    return found


def privacy_page_url() -> str | None:
    """The published privacy policy's address, or None (the comment form links it)."""
    found = {page["slug"]: page["url"] for page in published_pages()}
    return next((found[slug] for slug in PRIVACY_SLUGS if slug in found), None)


def forget_cached(**kwargs) -> None:
    cache.delete(FOOTER_KEY)


post_save.connect(forget_cached, sender=Page, dispatch_uid="articles-pages-saved")
post_delete.connect(forget_cached, sender=Page, dispatch_uid="articles-pages-gone")


class PageSlugConverter:
    """Matches only the slug of a published page (see the module's docstring)."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        if not any(page["slug"] == value for page in published_pages()):
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return str(value)


@cache_for_readers
@require_safe
def page(request, slug):
    page = get_object_or_404(Page, slug=slug, published=True)
    return render(request, "articles/page.html", {"page": page})

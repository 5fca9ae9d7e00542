"""Sitemaps: /sitemap.xml (an index of sections, each split at SITEMAP_LIMIT URLs per page) and
/news-sitemap.xml (Google News: the last two days, at most 1,000 articles).

Every URL is absolute from SITE_URL, never from the request's host. A section is one small
Sitemap class registered in SECTIONS.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles.models import Article, ArticleAuthor, Category, author_url
from newsroom.site import absolute

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News' own limits


class SiteSitemap(Sitemap):
    """Absolute URLs from SITE_URL, and the page size from settings (tests shrink it)."""

    @property
    def limit(self):
        return settings.SITEMAP_LIMIT

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class HomeSitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return ArticleSitemap().get_latest_lastmod()


class CategorySitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        published = Q(articles__in=Article.objects.published())
        latest = Max("articles__updated_at", filter=published)
        return Category.objects.annotate(latest=latest).order_by("position", "name")

    def lastmod(self, item):
        return item.latest


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.published().latest_first().only("pk", "slug", "updated_at")

    def get_latest_lastmod(self):
        """One aggregate, not Django's default of reading every article for its date."""
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, item):
        return item.updated_at


class AuthorSitemap(SiteSitemap):
    """The author pages that exist: those of staff with at least one published article."""

    changefreq = "daily"

    def items(self):
        published = Article.objects.published()
        latest = Max("articles__updated_at", filter=Q(articles__in=published))
        return (
            get_user_model()
            .objects.filter(
                Q(pk__in=published.values("author"))
                | Q(pk__in=ArticleAuthor.objects.filter(article__in=published).values("user"))
            )
            .filter(author_profile__isnull=False)
            .select_related("author_profile")
            .annotate(latest=latest)
            .order_by("author_profile__slug")
        )

    def location(self, item):
        return author_url(item)

    def lastmod(self, item):
        return item.latest


SECTIONS = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
}


@require_safe
@x_robots_tag
def index(request):
    """The sitemap index: one entry per page of each section, with its lastmod."""
    entries = []
    for name, section_class in SECTIONS.items():
        section = section_class()
        url = absolute(reverse("sitemap-section", kwargs={"section": name}))
        lastmod = section.get_latest_lastmod()
        entries.append((url, lastmod))
        entries += [(f"{url}?p={page}", lastmod) for page in section.paginator.page_range[1:]]
    return render(
        request,
        "sitemaps/index.xml",
        {"entries": entries},
        content_type="application/xml; charset=utf-8",
    )


@require_safe
@x_robots_tag
def news(request):
    """Google News sitemap: articles published in the last two days, newest first."""
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .latest_first()
        .only("pk", "slug", "title", "published_at")[:NEWS_LIMIT]
    )
    return render(
        request,
        "sitemaps/news.xml",
        {"articles": articles},
        content_type="application/xml; charset=utf-8",
    )


def section_page(request, section):
    """One page of one section (Django's sitemap view, with our sections)."""
    from django.contrib.sitemaps.views import sitemap

    if section not in SECTIONS:
        raise Http404
    return sitemap(request, SECTIONS, section=section)

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
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
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


def latest_update(**match):
    """The newest updated_at of the published articles matching `match` (to an OuterRef): one
    walk down the updated_at index per row, not an aggregate over the whole archive."""
    newest = Article.objects.published().filter(**match).order_by("-updated_at")
    return Subquery(newest.values("updated_at")[:1])


class IdRangePaginator(Paginator):
    """Sitemap pages as ranges of article ids: page N holds the published articles with
    (N - 1) × limit <= id < N × limit, so each page is one bounded scan of the primary key
    (no OFFSET over the archive, no count of it) and keeps its URLs when newer articles come:
    they land on the last page. A range without a published article is no page at all."""

    @cached_property
    def page_range(self):
        """The numbers of the pages that hold articles (what the index lists)."""
        if connection.vendor == "postgresql":
            return self._page_numbers() or [1]
        pages, start = [], 0  # one primary-key lookup per page
        while True:
            found = self.object_list.filter(pk__gte=start).order_by("pk")
            first = found.values_list("pk", flat=True).first()
            if first is None:
                return pages or [1]
            pages.append(first // self.per_page + 1)
            start = pages[-1] * self.per_page

    def _page_numbers(self) -> list[int]:
        """PostgreSQL: the page numbers in one query, however many pages: a probe of the
        primary key for each range of ids up to the newest published article (EXISTS)."""
        width = self.per_page
        holds = self.object_list.filter(
            pk__gte=RawSQL("pages.n * %s", (width,)),
            pk__lt=RawSQL("(pages.n + 1) * %s", (width,)),
        )
        holds_sql, holds_params = holds.order_by().values("pk").query.sql_with_params()
        last = self.object_list.order_by("-pk").values("pk")[:1]
        last_sql, last_params = last.query.sql_with_params()
        sql = (
            f"SELECT pages.n + 1 FROM generate_series(0, ({last_sql}) / %s) AS pages(n) "
            f"WHERE EXISTS ({holds_sql}) ORDER BY 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*last_params, width, *holds_params])
            return [number for (number,) in cursor.fetchall()]

    @cached_property
    def num_pages(self):
        return self.page_range[-1]

    @cached_property
    def count(self):  # what the pages may hold; never counted
        return self.num_pages * self.per_page

    def page(self, number):
        """One query: the page's range of ids. An empty range is no page (EmptyPage, a 404),
        except the first: a site without articles has an empty one, as the index lists."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if number < 1:
            raise EmptyPage(number)
        start = (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page)
        rows = list(rows.order_by("pk"))
        if not rows and number > 1:
            raise EmptyPage(number)
        return Page(rows, number, self)


class CategorySitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        latest = latest_update(category=OuterRef("pk"))
        return Category.objects.annotate(latest=latest).order_by("position", "name")

    def lastmod(self, item):
        return item.latest


class ArticleSitemap(SiteSitemap):
    @cached_property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def items(self):
        return Article.objects.published().only("pk", "slug", "updated_at")

    def get_latest_lastmod(self):
        """One walk down the updated_at index, not Django's default of reading every article
        for its date."""
        newest = Article.objects.published().order_by("-updated_at")
        return newest.values_list("updated_at", flat=True).first()

    def lastmod(self, item):
        return item.updated_at


class AuthorSitemap(SiteSitemap):
    """The author pages that exist: those of staff with at least one published article."""

    changefreq = "daily"

    def items(self):
        # EXISTS per user (the author index answers it), not IN over every article.
        published = Article.objects.published()
        signs = Exists(published.filter(author=OuterRef("pk")))
        cosigns = Exists(ArticleAuthor.objects.filter(user=OuterRef("pk"), article__in=published))
        return (
            get_user_model()
            .objects.filter(signs | cosigns)
            .filter(author_profile__isnull=False)
            .select_related("author_profile")
            .annotate(latest=latest_update(author=OuterRef("pk")))
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
        pages = section.paginator.page_range
        entries += [(url if page == 1 else f"{url}?p={page}", lastmod) for page in pages]
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

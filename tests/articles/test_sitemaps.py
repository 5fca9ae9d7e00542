import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def xml(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_urls(client):
    """Every <url> of every sitemap the index lists, as {loc: lastmod}."""
    urls = {}
    index = xml(client, "/sitemap.xml")
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        assert loc.text.startswith(f"{SITE}/sitemap-")
        path = loc.text.removeprefix(SITE)
        page, _, query = path.partition("?p=")
        root = xml(client, page, **({"p": query} if query else {}))
        for url in root.findall("sm:url", NS):
            lastmod = url.find("sm:lastmod", NS)
            urls[url.find("sm:loc", NS).text] = lastmod.text if lastmod is not None else None
    return urls


def test_sitemap_lists_home_sections_and_every_published_article_with_lastmod(client):
    category = make_category(slug="economy")
    make_category(slug="empty")
    published = make_article(category=category)
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))

    urls = sitemap_urls(client)

    assert f"{SITE}/" in urls
    assert f"{SITE}/category/economy/" in urls
    assert urls[f"{SITE}/category/economy/"].startswith(str(published.updated_at.year))
    assert urls[f"{SITE}{published.get_absolute_url()}"].startswith(
        timezone.localtime(published.updated_at).date().isoformat()
    )
    assert f"{SITE}{draft.get_absolute_url()}" not in urls
    assert f"{SITE}{scheduled.get_absolute_url()}" not in urls


def test_sitemap_splits_past_the_limit(client, settings):
    """Article pages are ranges of ids, `limit` ids wide: page N holds the published ones with
    (N - 1) × limit <= id < N × limit, and the index lists the pages that hold any."""
    settings.SITEMAP_LIMIT = 3
    category = make_category()
    articles = [make_article(category=category) for _ in range(7)]
    draft = make_article(category=category, status=Article.Status.DRAFT)

    index = xml(client, "/sitemap.xml")
    locs = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    pages = sorted({a.pk // 3 + 1 for a in articles})
    listed = [loc for loc in locs if loc.startswith(f"{SITE}/sitemap-articles.xml")]
    assert listed == [
        f"{SITE}/sitemap-articles.xml" if page == 1 else f"{SITE}/sitemap-articles.xml?p={page}"
        for page in pages
    ]
    seen = []
    for page in pages:
        root = xml(client, "/sitemap-articles.xml", p=page)
        found = [url.find("sm:loc", NS).text for url in root.findall("sm:url", NS)]
        assert 0 < len(found) <= 3
        seen += found
    assert seen == [f"{SITE}{a.get_absolute_url()}" for a in articles]  # each once, oldest first
    assert f"{SITE}{draft.get_absolute_url()}" not in seen
    assert client.get("/sitemap-articles.xml", {"p": pages[-1] + 1}).status_code == 404
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_a_sitemap_page_is_a_bounded_id_range_never_an_offset_or_a_count(client, settings):
    settings.SITEMAP_LIMIT = 3
    articles = [make_article() for _ in range(7)]
    last = articles[-1].pk // 3 + 1

    with CaptureQueriesContext(connection) as captured:
        xml(client, "/sitemap-articles.xml", p=last)

    sql = " ".join(q["sql"].upper() for q in captured.captured_queries)
    assert "OFFSET" not in sql
    assert "COUNT(" not in sql
    assert f'"ARTICLES_ARTICLE"."ID" >= {(last - 1) * 3}' in sql
    assert f'"ARTICLES_ARTICLE"."ID" < {last * 3}' in sql


def test_news_sitemap_holds_the_last_two_days(client):
    fresh = make_article(title="خبر اليوم")
    make_article(title="خبر قديم", published_at=timezone.now() - timedelta(days=3))
    make_article(title="مسودة", status=Article.Status.DRAFT)

    root = xml(client, "/news-sitemap.xml")

    (url,) = root.findall("sm:url", NS)
    assert url.find("sm:loc", NS).text == f"{SITE}{fresh.get_absolute_url()}"
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "غرفة الأخبار"
    assert news.find("news:publication/news:language", NS).text == "ar"
    assert news.find("news:title", NS).text == "خبر اليوم"
    published = datetime.fromisoformat(news.find("news:publication_date", NS).text)
    assert published == fresh.published_at
    assert published.utcoffset() == timedelta(hours=3)  # W3C format with the local offset


def test_news_sitemap_stops_at_a_thousand(client, monkeypatch):
    monkeypatch.setattr("articles.sitemaps.NEWS_LIMIT", 2)
    category = make_category()
    for _ in range(3):
        make_article(category=category)
    assert len(xml(client, "/news-sitemap.xml").findall("sm:url", NS)) == 2


def test_robots_txt_names_both_sitemaps_and_keeps_admin_and_search_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/news-sitemap.xml" in lines


def test_sitemap_lists_the_author_pages_that_exist(client, django_user_model):
    writer = django_user_model.objects.create_user("hala", is_staff=True)
    unpublished = django_user_model.objects.create_user("fahad", is_staff=True)
    article = make_article(author=writer)
    make_article(author=unpublished, status=Article.Status.DRAFT)

    urls = sitemap_urls(client)

    page = f"/author/author-{writer.pk}/"  # no full name: never the login name
    assert urls[f"{SITE}{page}"].startswith(
        timezone.localtime(article.updated_at).date().isoformat()
    )
    assert not any("fahad" in url or "hala" in url for url in urls)
    assert len([url for url in urls if "/author/" in url]) == 1
    assert client.get(page).status_code == 200


def test_article_pages_hold_two_thousand_ids_as_wordpress_core(client, settings):
    """SITEMAP_LIMIT is WordPress core's 2,000 URLs a page: at a daily's archive size a page of
    the protocol's 50,000 took seconds to write. The ranges of ids keep their meaning."""
    assert settings.SITEMAP_LIMIT == 2000
    category = make_category()
    ids = [5, 1999, 2000, 4500]
    Article.objects.bulk_create(
        Article(
            pk=pk,
            title=f"خبر {pk}",
            slug=f"khabar-{pk}",
            body="<p>نص</p>",
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        )
        for pk in ids
    )
    index = xml(client, "/sitemap.xml")
    locs = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    base = f"{SITE}/sitemap-articles.xml"
    assert [loc for loc in locs if loc.startswith(base)] == [base, f"{base}?p=2", f"{base}?p=3"]

    def page(p):
        root = xml(client, "/sitemap-articles.xml", p=p)
        return [url.find("sm:loc", NS).text for url in root.findall("sm:url", NS)]

    def urls(*pks):
        return [f"{SITE}{Article.objects.get(pk=pk).get_absolute_url()}" for pk in pks]

    assert page(1) == urls(5, 1999)
    assert page(2) == urls(2000)
    assert page(3) == urls(4500)
    assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404


@pytest.mark.parametrize("articles", [7, 30])
def test_the_index_and_a_page_cost_the_same_queries_however_many_pages(client, settings, articles):
    """A page reads its own range only, and the index finds every page in one query on
    PostgreSQL (one primary-key probe per range inside it), not a query per page."""
    settings.SITEMAP_LIMIT = 3
    category = make_category()
    made = [make_article(category=category) for _ in range(articles)]
    first = made[0]
    with CaptureQueriesContext(connection) as page:
        xml(client, "/sitemap-articles.xml", p=first.pk // 3 + 1)
    assert len(page.captured_queries) == 1
    with CaptureQueriesContext(connection) as index:
        root = xml(client, "/sitemap.xml")
    listed = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS) if "articles" in loc.text]
    assert len(listed) >= articles // 3
    if connection.vendor == "postgresql":
        assert len(index.captured_queries) <= 8

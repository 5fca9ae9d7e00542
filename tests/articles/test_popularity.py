import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleViewCount
from articles.popularity import is_bot, most_read_lists, record_view
from tests.factories import make_article, make_category, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"


def views(article, day=None):
    row = ArticleViewCount.objects.filter(article=article, day=day or timezone.localdate()).first()
    return row.views if row else 0


def test_a_reader_visit_adds_one_view_to_today(client):
    article = make_article()
    for _ in range(3):
        assert client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    assert views(article) == 3
    assert ArticleViewCount.objects.count() == 1


def test_counting_is_one_statement_and_sets_no_cookie(client):
    article = make_article()
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    writes = [q["sql"] for q in queries if q["sql"].startswith("INSERT INTO articles_articleview")]
    others = [
        q["sql"] for q in queries if "articleviewcount" in q["sql"] and q["sql"] not in writes
    ]
    assert len(writes) == 1
    assert "ON CONFLICT" in writes[0]
    # The most-read lists: one query, which reads the counters unless the ranking is
    # remembered (articles/popularity.py); nothing else reads them.
    assert len(others) <= 1
    assert set(response.cookies) <= {"csrftoken"}  # the forms' CSRF cookie, nothing for counting


def test_nothing_about_the_reader_is_stored():
    fields = {field.name for field in ArticleViewCount._meta.get_fields()}
    assert fields == {"id", "article", "day", "views"}


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "WhatsApp/2.23.20 LinkPreview",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11) Chrome-Lighthouse",
        "curl/8.5.0",
        "python-requests/2.31",
        "Feedly/1.0 (+http://www.feedly.com/fetcher.html)",
        "Pingdom.com_bot_version_1.4",
    ],
)
def test_bots_are_not_counted(client, agent):
    assert is_bot(agent)
    article = make_article()
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent)
    assert views(article) == 0


@pytest.mark.parametrize(
    "agent",
    [
        BROWSER,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0; rv:121.0) Gecko/20100101 Firefox/121.0",
    ],
)
def test_browsers_are_not_bots(agent):
    assert not is_bot(agent)


def test_previews_head_requests_and_redirects_are_not_counted(client):
    editor = make_user(permissions=["articles.change_article"])
    draft = make_article(status=Article.Status.DRAFT)
    article = make_article(slug="صحيح")
    client.force_login(editor)
    client.get(draft.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.head(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.get(f"/news/{article.pk}/قديم/", HTTP_USER_AGENT=BROWSER)
    assert ArticleViewCount.objects.count() == 0


def test_most_read_ranks_by_the_period(client):
    today = timezone.localdate()
    category = make_category()
    popular_today = make_article(title="الأكثر اليوم", category=category)
    popular_week = make_article(title="الأكثر هذا الأسبوع", category=category)
    forgotten = make_article(title="قديم جداً", category=category)
    ArticleViewCount.objects.create(article=popular_today, day=today, views=50)
    ArticleViewCount.objects.create(article=popular_week, day=today, views=10)
    ArticleViewCount.objects.create(article=popular_week, day=today - timedelta(days=4), views=90)
    ArticleViewCount.objects.create(article=forgotten, day=today - timedelta(days=30), views=999)
    unpublished = make_article(status=Article.Status.DRAFT)
    ArticleViewCount.objects.create(article=unpublished, day=today, views=1000)

    (_day, day_list), (_week, week_list) = most_read_lists()

    assert day_list == [popular_today, popular_week]
    assert week_list == [popular_week, popular_today]
    assert day_list[0].recent_views == 50
    assert week_list[0].recent_views == 100


def test_most_read_appears_on_home_and_article_pages(client):
    article = make_article(title="خبر مقروء")
    record_view(article)
    for url in ["/", article.get_absolute_url()]:
        section = parse(client.get(url).content).find("section", class_="most-read")
        assert section.find("h2").text == "الأكثر قراءة"
        assert [h.text for h in section.find_all("h3")] == ["آخر 24 ساعة", "آخر 7 أيام"]
        assert "خبر مقروء" in section.text


def test_no_most_read_block_before_anything_was_read(client):
    make_article()
    assert parse(client.get("/").content).find("section", class_="most-read") is None


@pytest.fixture
def view_buffer():
    """The process-wide view counter, empty before and after (other tests write at once)."""
    from articles import popularity

    popularity.flush_views()
    yield popularity
    popularity.flush_views()
    popularity._next_flush[0] = 0.0


def test_views_are_counted_in_memory_and_written_together(
    settings, django_assert_num_queries, view_buffer
):
    """A busy page costs no query per view: the process writes its counts in one upsert once
    MOST_READ_FLUSH_SECONDS have passed since the last write."""
    from articles import popularity

    settings.MOST_READ_FLUSH_SECONDS = 3600
    first, second = make_article(), make_article()
    popularity._next_flush[0] = 0.0
    with django_assert_num_queries(1):  # the first view writes (nothing was due before)
        popularity.record_view_of(first.pk)
    with django_assert_num_queries(0):
        for _ in range(5):
            popularity.record_view_of(first.pk)
        popularity.record_view_of(second.pk)
    today = timezone.localdate()
    assert ArticleViewCount.objects.get(article=first, day=today).views == 1

    with django_assert_num_queries(1):
        assert popularity.flush_views() == 2
    assert ArticleViewCount.objects.get(article=first, day=today).views == 6
    assert ArticleViewCount.objects.get(article=second, day=today).views == 1
    assert popularity.flush_views() == 0  # nothing counted twice


def test_cached_article_views_still_reach_the_most_read_counts(client, settings, view_buffer):
    from articles import popularity

    settings.PAGE_CACHE_SECONDS = 600
    settings.MOST_READ_FLUSH_SECONDS = 3600
    article = make_article()
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"}
    popularity._next_flush[0] = time.monotonic() + 3600
    for _ in range(3):
        assert client.get(article.get_absolute_url(), **browser).status_code == 200
    assert not ArticleViewCount.objects.filter(article=article).exists()
    popularity.flush_views()
    assert ArticleViewCount.objects.get(article=article).views == 3

"""The page cache (newsroom/pagecache/, docs/caching.md): pages come from the shared cache,
every change that readers would see starts a new generation, and nothing personal is shared.

Transactional tests: the cache is told about a change only once it is committed (on_commit).
"""

import gzip
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import popularity
from articles.models import Article
from comments import actions, cookies, privacy
from comments.models import Comment
from tests.factories import COMMENT_FORM, make_article, make_comment, make_user, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    popularity._local["next_ask"] = 0.0  # the process-local pause must not span tests


def state(response) -> str:
    return response.headers.get("X-Page-Cache", "")


def get_twice(client, url):
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200, url
    return first, second


# --- served from the cache ----------------------------------------------------------------


def test_home_comes_from_the_cache_without_a_query(client, django_assert_num_queries):
    make_article(title="خبر الصفحة الأولى")
    first = client.get("/")
    assert state(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert state(second) == "hit"
    assert second.content == first.content
    assert "خبر الصفحة الأولى" in second.content.decode()


def test_cached_article_costs_no_query_for_a_bot_and_one_counted_view_for_a_reader(
    client, django_assert_num_queries
):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert state(client.get(url)) == "hit"  # the test client has no browser: not counted
    with django_assert_num_queries(1):  # the day's view counter, nothing else
        assert state(client.get(url, HTTP_USER_AGENT=BROWSER)) == "hit"
    assert article.daily_views.get().views == 1


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/category/{category}/",
        "/author/{author}/",
        "/news/{pk}/{slug}/",
        "/feed/",
        "/feed/atom/",
        "/category/{category}/feed/",
        "/sitemap-articles.xml?p={sitemap_page}",
        "/news-sitemap.xml",
        "/search/?q=خبر",
    ],
)
def test_saving_an_article_refreshes_every_page_that_shows_it(client, url):
    author = make_user(username="writer")
    article = make_article(title="خبر قديم العنوان", author=author)
    old_slug = article.slug
    url = url.format(
        category=article.category.slug,
        author=f"author-{author.pk}",  # the author page's slug (no full name)
        pk=article.pk,
        slug=quote(old_slug),
        sitemap_page=article.pk // settings.SITEMAP_LIMIT + 1,  # pages are ranges of ids
    )
    first, second = get_twice(client, url)
    assert (state(first), state(second)) == ("miss", "hit")
    assert "خبر جديد العنوان" not in second.content.decode()

    article.title = "خبر جديد العنوان"
    article.slug = "عنوان-جديد"
    article.save()

    third = client.get(url.replace(f"/{quote(old_slug)}/", "/عنوان-جديد/"))
    assert state(third) == "miss"
    html = third.content.decode()
    assert "خبر جديد العنوان" in html or quote("عنوان-جديد") in html  # sitemaps: the address


# --- comments -------------------------------------------------------------------------------


def test_approving_a_comment_refreshes_its_article_and_feed_but_not_the_home(client):
    article = make_article()
    comment = make_comment(article, content="تعليق ينتظر الموافقة", status=Comment.Status.PENDING)
    moderator = make_user(is_superuser=True)
    page, feed = article.get_absolute_url(), f"/comments/feed/{article.pk}/"
    for url in (page, feed, "/"):
        get_twice(client, url)
    assert "تعليق ينتظر الموافقة" not in client.get(page).content.decode()

    assert actions.perform(comment, "approve", by=moderator)

    assert "تعليق ينتظر الموافقة" in client.get(page).content.decode()
    assert "تعليق ينتظر الموافقة" in client.get(feed).content.decode()
    assert state(client.get("/")) == "hit"  # comments are not on the front page


@pytest.mark.parametrize("action", ["spam", "trash", "unapprove"])
def test_removing_a_comment_takes_it_off_the_cached_page(client, action):
    article = make_article()
    comment = make_comment(article, content="تعليق سيختفي")
    moderator = make_user(is_superuser=True)  # before the page is cached: a user bumps the site
    get_twice(client, article.get_absolute_url())
    assert actions.perform(comment, action, by=moderator)
    assert "تعليق سيختفي" not in client.get(article.get_absolute_url()).content.decode()


def test_deleting_a_comment_takes_it_off_the_cached_page(client):
    article = make_article()
    comment = make_comment(article, content="تعليق سيحذف")
    get_twice(client, article.get_absolute_url())
    actions.delete(Comment.objects.filter(pk=comment.pk))
    assert "تعليق سيحذف" not in client.get(article.get_absolute_url()).content.decode()


def test_erasing_a_commenters_data_takes_the_name_off_the_cached_page(client):
    article = make_article()
    make_comment(article, author_name="اسم سيمحى", author_email="erase@example.com")
    get_twice(client, article.get_absolute_url())
    assert privacy.erase("erase@example.com") == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert "اسم سيمحى" not in html
    assert privacy.ERASED_NAME in html


def test_a_new_pending_comment_keeps_the_page_cached_for_everyone_else(client):
    article = make_article()
    url = article.get_absolute_url()
    get_twice(client, url)
    assert post_comment(Client(), article, HTTP_ORIGIN="http://testserver").status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert state(client.get(url)) == "hit"


# --- time ------------------------------------------------------------------------------------


def test_a_scheduled_article_appears_at_its_minute_on_a_cached_home(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    # Mid-day in Kuwait: local midnight, which also ends cached pages, is hours away.
    noon = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=False) as traveller:
        make_article(title="خبر منشور")
        make_article(title="خبر مجدول", published_at=timezone.now() + timedelta(minutes=10))
        _first, second = get_twice(client, "/")
        assert "خبر مجدول" not in second.content.decode()
        assert state(second) == "hit"
        # Shared caches in front may keep it only until that minute too.
        assert "s-maxage=60" in second.headers["Cache-Control"]

        traveller.shift(timedelta(minutes=9, seconds=30))
        cached = client.get("/")
        assert state(cached) == "hit"
        assert "s-maxage=30" in cached.headers["Cache-Control"]

        traveller.shift(timedelta(seconds=31))
        assert "خبر مجدول" in client.get("/").content.decode()


def test_breaking_news_leaves_the_cached_pages_when_it_runs_out(client, settings):
    settings.PAGE_CACHE_SECONDS = 7200  # longer than the breaking run: only its end expires it
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        article = make_article(title="عاجل للتجربة")
        article.mark_breaking(1)
        article.save(update_fields=["breaking_until"])
        other = make_article().get_absolute_url()
        for url in ("/", other):
            page = parse(get_twice(client, url)[1].content)
            assert page.find("aside", class_="breaking") is not None
        traveller.shift(timedelta(hours=1, seconds=1))
        for url in ("/", other):
            assert parse(client.get(url).content).find("aside", class_="breaking") is None


def test_the_masthead_date_turns_at_midnight(client):
    local_evening = timezone.localtime().replace(hour=23, minute=59, second=0)
    with time_machine.travel(local_evening, tick=False) as traveller:
        make_article()
        get_twice(client, "/")
        traveller.shift(timedelta(minutes=1, seconds=1))
        tomorrow = timezone.localdate().isoformat()
        assert f'datetime="{tomorrow}"' in client.get("/").content.decode()


# --- categories, most read ----------------------------------------------------------------


def test_renaming_a_category_refreshes_the_navigation(client):
    article = make_article()
    get_twice(client, "/")
    article.category.name = "قسم بعد التغيير"
    article.category.save()
    assert "قسم بعد التغيير" in client.get("/").content.decode()


def test_the_most_read_block_turns_over_within_a_minute(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first = make_article(title="الأكثر قراءة أولاً")
        second = make_article(title="يصعد إلى القمة")
        for _ in range(3):
            popularity.record_view(first)
        popularity.record_view(second)
        get_twice(client, "/")

        for _ in range(5):
            popularity.record_view(second)
        assert state(client.get("/")) == "hit"  # checked at most once a minute
        traveller.shift(timedelta(seconds=popularity.TURNOVER_CHECK_SECONDS + 1))
        page = parse(client.get("/").content)
        block = page.find("section", class_="most-read")
        titles = [a.text for a in block.find_all("a") if a.text in {first.title, second.title}]
        assert titles[0] == "يصعد إلى القمة"


# --- one reader's data never reaches another ----------------------------------------------


def test_a_readers_pending_comment_is_shown_to_them_only(client):
    article = make_article()
    url = article.get_absolute_url()
    get_twice(client, url)  # cached before anyone posted
    reader_a = Client()
    response = post_comment(
        reader_a,
        article,
        comment="تعليقي الخاص",
        cookies_consent="on",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302

    own = reader_a.get(url)
    assert state(own) == "bypass"
    assert own.headers["Cache-Control"] == "private, no-store"
    assert "تعليقي الخاص" in own.content.decode()

    reader_b = client.get(url)
    assert state(reader_b) == "hit"
    assert "تعليقي الخاص" not in reader_b.content.decode()
    assert "abukhaled@example.com" not in reader_b.content.decode()


def test_the_remembered_name_is_never_in_a_shared_page(client):
    article = make_article()
    url = article.get_absolute_url()
    regular = Client()
    post_comment(regular, article, cookies_consent="on", HTTP_ORIGIN="http://testserver")
    regular.cookies.pop(cookies.OWN_COOKIE)  # ten minutes later: only the author cookie stays
    assert cookies.AUTHOR_COOKIE in regular.cookies
    page = regular.get(url)
    assert state(page) == "miss"
    html = page.content.decode()
    assert COMMENT_FORM["author"] not in html
    assert COMMENT_FORM["email"] not in html
    assert COMMENT_FORM["author"] not in client.get(url).content.decode()
    # The script asks for them instead; the answer is for this browser only.
    remembered = regular.get("/comments/author/")
    assert remembered.json() == {
        "author": COMMENT_FORM["author"],
        "email": COMMENT_FORM["email"],
        "url": "",
    }
    assert remembered.headers["Cache-Control"] == "private, no-store"
    assert regular.cookies[cookies.AUTHOR_HINT_COOKIE].value == "1"
    assert not regular.cookies[cookies.AUTHOR_HINT_COOKIE]["httponly"]
    assert Client().get("/comments/author/").json() == {}


def test_no_csrf_token_or_cookie_in_a_shared_page(client):
    article = make_article()
    for response in get_twice(client, article.get_absolute_url()):
        assert b"csrfmiddlewaretoken" not in response.content
        assert not response.cookies


def signed_messages_cookie(text: str) -> str:
    """What Django's CookieStorage sets (a made-up value is ignored: tests/newsroom/
    test_pagecache_keys.py)."""
    return CookieStorage(HttpRequest())._encode([Message(constants.INFO, text)])


def test_staff_and_readers_with_messages_never_get_a_cached_page(client):
    article = make_article()
    url = article.get_absolute_url()
    get_twice(client, url)
    staff = Client()
    staff.force_login(make_user(is_superuser=True))
    response = staff.get(url)
    assert state(response) == "bypass"
    assert response.headers["Cache-Control"] == "private, no-store"
    with_message = Client()
    with_message.cookies["messages"] = signed_messages_cookie("تم الحفظ")  # a genuine one
    assert state(with_message.get(url)) == "bypass"


def test_a_staff_preview_is_never_stored(client):
    draft = make_article(status=Article.Status.DRAFT)
    editor = Client()
    editor.force_login(make_user(is_superuser=True))
    assert editor.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


# --- HTTP caching and bytes --------------------------------------------------------------


def test_matching_etag_or_date_answers_304(client):
    article = make_article()
    url = article.get_absolute_url()
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_cache_headers_of_a_shared_page(client, settings):
    response = client.get("/")
    assert response.headers["Cache-Control"] == (
        f"public, max-age=0, s-maxage={settings.PAGE_CACHE_HTTP_SECONDS}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_SECONDS}"
    )
    vary = {value.strip() for value in response.headers["Vary"].split(",")}
    assert {"Cookie", "Accept-Encoding"} <= vary


def test_html_is_gzipped_when_the_browser_accepts_it(client):
    make_article(title="نص مضغوط")
    for _ in range(2):  # the miss and the hit
        response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response.headers["Content-Encoding"] == "gzip"
        assert "نص مضغوط" in gzip.decompress(response.content).decode()
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers
    assert "نص مضغوط" in plain.content.decode()


def test_uncached_pages_are_gzipped_too_but_not_the_admin(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_article()
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip").headers["Content-Encoding"] == "gzip"
    admin = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert admin.status_code == 200
    assert "Content-Encoding" not in admin.headers


def test_overlong_query_strings_are_served_but_not_stored(client):
    make_article()
    url = "/search/?q=" + "x" * 400  # a parameter the page reads (others are left out)
    assert client.get(url).status_code == 200
    assert state(client.get(url)) == ""


# --- several processes, one Redis ---------------------------------------------------------


def test_two_processes_sharing_redis_see_each_others_changes(settings, tmp_path):
    """The test process caches the page in Redis; another Python process approves the comment
    (its own cache connection); the page this process serves next shows it."""
    import os
    import subprocess
    import sys

    import redis

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis.Redis.from_url(url).flushdb()
    if connection.vendor != "postgresql":
        pytest.skip("the second process needs a database server")
    # Django's test signals rebuild the cache connections when CACHES changes.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    try:
        article = make_article()
        comment = make_comment(article, content="وافق عليه عامل آخر", status="pending")
        page = article.get_absolute_url()
        assert state(Client().get(page)) == "miss"
        assert state(Client().get(page)) == "hit"

        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CACHE_URL": url,
        }
        script = (
            "import django; django.setup();"
            "from comments import actions; from comments.models import Comment;"
            f"assert actions.perform(Comment.objects.get(pk={comment.pk}), 'approve', by=None)"
        )
        subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)

        response = Client().get(page)
        assert state(response) == "miss"
        assert "وافق عليه عامل آخر" in response.content.decode()
    finally:
        redis.Redis.from_url(url).flushdb()


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_with_a_replica_a_fresh_change_is_not_stored_from_it(client, settings):
    """The replica may lag: right after a change, pages read from it are served but not
    stored, so old data cannot sit in the cache under the new generation."""
    settings.DATABASE_REPLICA = "replica"
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    article = make_article()
    url = article.get_absolute_url()
    waiting = make_comment(article, content="تعليق وافق عليه المشرف للتو", status="pending")
    assert actions.perform(waiting, "approve", by=None)  # a visible comment: a bump

    assert state(client.get(url)) == "miss"
    assert state(client.get(url)) == "miss"  # still not stored: the change is too recent

    with time_machine.travel(timezone.now() + timedelta(seconds=11)):
        assert state(client.get(url)) == "miss"
        assert state(client.get(url)) == "hit"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_without_replica_reads_a_fresh_change_is_stored_at_once(client, settings):
    settings.DATABASE_REPLICA = "replica"
    article = make_article()
    actions.perform(make_comment(article, status="pending"), "approve", by=None)  # a bump
    pinned = Client()
    pinned.cookies["newsroom_primary"] = "1"  # just posted: reads from the primary
    assert state(pinned.get(article.get_absolute_url())) == "miss"
    assert state(client.get(article.get_absolute_url())) == "hit"


def test_a_cache_that_keeps_nothing_turns_the_page_cache_off(client, settings):
    """CACHE_URL=dummycache://: no generation lookups and no timed-change query per request."""
    make_article()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with CaptureQueriesContext(connection) as dummy:
        response = client.get("/")
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as plain:
        client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response.headers
    assert len(dummy) == len(plain)

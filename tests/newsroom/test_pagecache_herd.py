"""Herd protection and cheap hits (newsroom/pagecache/, docs/caching.md): a page whose
generation moved is made again by one request while the others get the stale copy, and a hit
is answered by PageCacheMiddleware before sessions, authentication and CSRF run."""

import gzip
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.test.signals import template_rendered
from django.utils import timezone

from articles import popularity
from articles.models import Article
from newsroom import pagecache
from tests.factories import make_article
from tests.html import parse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    popularity._local["next_ask"] = 0.0


def state(response) -> str:
    return response.headers.get("X-Page-Cache", "")


def test_while_one_request_makes_a_changed_page_the_others_get_the_stale_one(client):
    article = make_article(title="العنوان القديم")
    url = article.get_absolute_url()
    assert state(client.get(url)) == "miss"
    Article.objects.filter(pk=article.pk).update(title="العنوان الجديد")
    pagecache.site_changed()  # outside a transaction: at once

    renders, during = [], []

    def on_render(sender, template, context, **kwargs):
        if template.name != "articles/article_detail.html":
            return
        renders.append(template.name)
        if len(renders) == 1:  # the first request is making the page: 20 readers arrive
            during.extend(Client().get(url) for _ in range(20))

    template_rendered.connect(on_render)
    try:
        winner = client.get(url)
    finally:
        template_rendered.disconnect(on_render)

    assert len(renders) == 1
    assert {state(response) for response in during} == {"stale"}
    assert all("العنوان القديم" in response.content.decode() for response in during)
    assert state(winner) == "miss"
    assert "العنوان الجديد" in winner.content.decode()
    after = client.get(url)
    assert state(after) == "hit"
    assert "العنوان الجديد" in after.content.decode()


def test_a_request_that_wins_the_lock_after_the_page_was_made_again_does_not_remake_it(
    client, monkeypatch
):
    """The race of a herd: this request read the stale copy; before it asks for the lock,
    another request makes the page, stores it and lets the lock go."""
    from newsroom.pagecache import serving

    article = make_article(title="العنوان القديم")
    url = article.get_absolute_url()
    assert state(client.get(url)) == "miss"
    Article.objects.filter(pk=article.pk).update(title="العنوان الجديد")
    pagecache.site_changed()

    real_add, others = serving.cache.add, []

    def add_after_another_request_made_the_page(*args, **kwargs):
        if not others:
            others.append(None)
            others[0] = Client().get(url)  # wins the lock, renders, stores, releases
        return real_add(*args, **kwargs)

    renders = []

    def on_render(sender, template, context, **kwargs):
        if template.name == "articles/article_detail.html":
            renders.append(template.name)

    monkeypatch.setattr(serving.cache, "add", add_after_another_request_made_the_page)
    template_rendered.connect(on_render)
    try:
        late = client.get(url)
    finally:
        template_rendered.disconnect(on_render)

    assert state(others[0]) == "miss"
    assert len(renders) == 1
    assert state(late) == "hit"
    assert "العنوان الجديد" in late.content.decode()


def test_without_a_stored_page_there_is_nothing_stale_to_serve(client):
    article = make_article()
    assert state(client.get(article.get_absolute_url())) == "miss"


def test_a_hit_is_answered_before_sessions_and_authentication(client, django_assert_num_queries):
    article = make_article()
    url = article.get_absolute_url()
    miss = client.get(url)
    with django_assert_num_queries(0):
        hit = client.get(url)
    assert state(hit) == "hit"
    request = hit.wsgi_request
    assert not hasattr(request, "session")
    assert not hasattr(request, "user")
    assert hit.content == miss.content


def test_a_hit_keeps_the_headers_of_the_page(client):
    make_article()
    miss = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    hit = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert state(hit) == "hit"
    for name in (
        "Content-Type",
        "Content-Language",
        "Content-Encoding",
        "Vary",
        "ETag",
        "Cache-Control",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert hit.headers.get(name) == miss.headers.get(name), name
    assert set(miss.headers) <= set(hit.headers) | {"Content-Length"}
    assert client.get("/", HTTP_IF_NONE_MATCH=hit["ETag"]).status_code == 304


def test_the_english_page_is_answered_in_english(client):
    make_article()
    client.cookies["django_language"] = "en"
    client.get("/")
    hit = client.get("/")
    assert state(hit) == "hit"
    assert hit["Content-Language"] == "en"
    assert 'lang="en"' in hit.content.decode()


# --- the most-read block: a fragment of its own -------------------------------------------


def most_read_titles(response, *titles) -> list[str]:
    block = parse(response.content).find("section", class_="most-read")
    return [a.text for a in block.find_all("a") if a.text in titles]


def test_a_most_read_turnover_patches_cached_pages_instead_of_making_them_again(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first = make_article(title="الأكثر قراءة أولاً")
        second = make_article(title="يصعد إلى القمة")
        for _ in range(3):
            popularity.record_view(first)
        popularity.record_view(second)
        url = first.get_absolute_url()
        for page in ("/", url):
            client.get(page)
            assert most_read_titles(client.get(page), first.title, second.title)[0] == first.title

        for _ in range(5):
            popularity.record_view(second)
        traveller.shift(timedelta(seconds=popularity.TURNOVER_CHECK_SECONDS + 1))
        for page in ("/", url):
            response = client.get(page)
            assert state(response) == "hit", page  # not made again: the block was put in
            assert most_read_titles(response, first.title, second.title)[0] == second.title
            again = client.get(page, HTTP_ACCEPT_ENCODING="gzip")
            assert state(again) == "hit"
            assert second.title in gzip.decompress(again.content).decode()
            assert again["ETag"] == response["ETag"]

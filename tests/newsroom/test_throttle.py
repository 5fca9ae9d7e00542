"""The per-address burst limit on POSTs, and the request size limits."""

import pytest
from django.test import Client

from newsroom.throttle import count_request
from tests.factories import COMMENT_FORM, make_article, make_user
from tests.newsroom.test_errors import assert_site_error_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings, one_window):
    settings.POST_BURST_LIMIT = 5
    settings.POST_BURST_STAFF_LIMIT = 20
    settings.POST_BURST_WINDOW = 60
    settings.COMMENTS_FLOOD_SECONDS = 0
    return settings


def post_form(client, ip="192.0.2.30", **extra):
    return client.post("/i18n/setlang/", {"language": "ar", "next": "/"}, REMOTE_ADDR=ip, **extra)


def test_posts_beyond_the_limit_answer_429_with_retry_after(limit):
    client = Client()
    statuses = [post_form(client).status_code for _ in range(8)]
    assert statuses == [302] * 5 + [429] * 3
    response = post_form(client)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    page = response.content.decode()
    assert 'lang="ar"' in page
    assert "طلبات" in page or "Too many requests" in page
    assert len(response.content) < 3000


def test_a_refused_comment_is_not_stored(limit):
    article = make_article()
    client = Client()
    for n in range(5):
        data = {**COMMENT_FORM, "comment": f"تعليق رقم {n}"}
        client.post(f"/comments/post/{article.pk}/", data, REMOTE_ADDR="192.0.2.31")
    response = client.post(
        f"/comments/post/{article.pk}/",
        {**COMMENT_FORM, "comment": "السادس"},
        REMOTE_ADDR="192.0.2.31",
    )
    assert response.status_code == 429
    assert not article.comments.filter(content="السادس").exists()


def test_the_refusal_page_makes_no_database_query(limit, django_assert_num_queries):
    client = Client()
    for _ in range(5):
        post_form(client)
    with django_assert_num_queries(0):
        assert post_form(client).status_code == 429


def test_other_addresses_and_reads_are_not_limited(limit):
    client = Client()
    for _ in range(6):
        post_form(client, ip="192.0.2.40")
    assert post_form(client, ip="192.0.2.41").status_code == 302
    assert client.get("/", REMOTE_ADDR="192.0.2.40").status_code == 200


def test_an_ipv6_reader_is_counted_per_64(limit):
    client = Client()
    for n in range(5):
        post_form(client, ip=f"2001:db8:1:2::{n + 1}")
    assert post_form(client, ip="2001:db8:1:2::ffff").status_code == 429
    assert post_form(client, ip="2001:db8:1:3::1").status_code == 302


def test_the_address_behind_a_trusted_proxy_is_counted(limit):
    limit.TRUSTED_PROXIES = ["10.0.0.1"]
    client = Client()
    for _ in range(5):
        post_form(client, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert post_form(client, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == (429)
    assert post_form(client, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == (302)


def test_staff_get_a_higher_limit(limit):
    client = Client()
    client.force_login(make_user())
    statuses = [post_form(client).status_code for _ in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_the_count_starts_again_in_the_next_window(limit):
    assert count_request("192.0.2.50", 60, now=1200.0) == (1, 60)
    assert count_request("192.0.2.50", 60, now=1230.5) == (2, 29)
    assert count_request("192.0.2.50", 60, now=1260.0) == (1, 60)


def test_zero_turns_the_limit_off(limit):
    limit.POST_BURST_LIMIT = 0
    client = Client()
    assert {post_form(client).status_code for _ in range(8)} == {302}


def test_too_many_fields_is_the_400_page(settings):
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    client.get(article.get_absolute_url())
    data = {**COMMENT_FORM, **{f"f{n}": "x" for n in range(1001)}}
    response = client.post(f"/comments/post/{article.pk}/", data)
    assert_site_error_page(response, 400, "الطلب")
    assert article.comments.count() == 0


def test_the_size_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024

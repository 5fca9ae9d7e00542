"""The flood rule under concurrency, per IPv6 /64, and the short refusal pages."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from comments.models import Comment
from newsroom.net import ip_block
from tests.factories import make_article, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


def post_together(article, forms, *, ip="203.0.113.9"):
    """Post each form from its own thread (its own client and database connection), all
    released at the same moment; returns the status codes."""
    start = threading.Barrier(len(forms))
    codes = []
    lock = threading.Lock()

    def send(form):
        try:
            start.wait()
            code = post_comment(Client(), article, ip=ip, **form).status_code
            with lock:
                codes.append(code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_from_one_address_store_one_comment():
    article = make_article()
    forms = [
        {"author": f"قارئ {n}", "email": f"reader{n}@example.com", "comment": f"تعليق {n}"}
        for n in range(20)
    ]

    codes = post_together(article, forms)

    assert sorted(codes) == [302] + [429] * 19
    assert Comment.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_click_stores_the_comment_once(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0  # only the duplicate rule stands between them
    article = make_article()

    codes = post_together(article, [{}, {}])

    assert sorted(codes) == [302, 409]
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("ip", "block"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("", ""),
        (None, ""),
    ],
)
def test_the_flood_rule_counts_ipv4_addresses_and_ipv6_networks(ip, block):
    assert ip_block(ip) == block


def test_another_address_in_the_same_ipv6_64_is_the_same_reader(client):
    article = make_article()
    assert post_comment(client, article, ip="2001:db8:1:2::10").status_code == 302

    response = post_comment(
        client, article, ip="2001:db8:1:2:abcd::1", email="other@example.com", comment="ثانٍ"
    )

    assert response.status_code == 429
    assert Comment.objects.count() == 1


def test_the_next_ipv6_64_is_another_reader(client):
    article = make_article()
    assert post_comment(client, article, ip="2001:db8:1:2::10").status_code == 302

    response = post_comment(
        client, article, ip="2001:db8:1:3::10", email="other@example.com", comment="ثانٍ"
    )

    assert response.status_code == 302
    assert Comment.objects.count() == 2


# --- refusals are short pages -----------------------------------------------------------------


def refusal(response):
    page = parse(response.content)
    return {
        "lang": page.find("html").attrs.get("lang"),
        "message": page.find("p", class_="notice--error").text,
        "back": page.find("a").attrs["href"],
        "has_form": page.find("form") is not None,
    }


def test_too_fast_answers_a_short_arabic_page_with_retry_after(client):
    article = make_article()
    post_comment(client, article)

    response = post_comment(client, article, comment="تعليق آخر", email="x@example.com")

    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 15
    assert refusal(response) == {
        "lang": "ar",
        "message": "أنت ترسل التعليقات بسرعة كبيرة. يرجى الانتظار قليلاً ثم المحاولة مجدداً.",
        "back": f"{article.get_absolute_url()}#respond",
        "has_form": False,
    }
    assert len(response.content) < 2_000  # a message and a link, not the article (≈22 KB)
    assert article.body not in response.content.decode()


def test_a_duplicate_answers_a_short_page_in_english_when_english_is_chosen(client):
    article = make_article()
    post_comment(client, article)
    client.cookies["django_language"] = "en"

    response = post_comment(client, article)

    assert response.status_code == 409
    assert "Retry-After" not in response.headers
    page = refusal(response)
    assert page["lang"] == "en"
    assert page["message"].startswith("Duplicate comment")
    assert not page["has_form"]


def test_closed_comments_answer_a_short_page(client):
    article = make_article(comments_open=False)

    response = post_comment(client, article)

    assert response.status_code == 403
    assert refusal(response)["message"] == "التعليقات مغلقة."
    assert Comment.objects.count() == 0

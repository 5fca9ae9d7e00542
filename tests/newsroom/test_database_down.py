"""PostgreSQL (or SQLite) unreachable: a static Arabic 503 page, nothing written half-way."""

import logging
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client

from comments.models import Comment
from tests.factories import COMMENT_FORM, make_article

# Committed for real (and flushed afterwards): the connection is closed and reopened mid-test
# (on SQLite too: its test database is a file, tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outage(settings):
    """A context manager: inside it, the default connection points at a closed port (or, on
    SQLite, an unreadable path); on leaving, the real database is back."""
    settings.DEBUG = False
    connection = connections["default"]
    original = dict(connection.settings_dict)

    @contextmanager
    def down():
        connection.close()
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = "/nonexistent/folder/db.sqlite3"
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # nothing listens
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.update(original)

    return down


def reader():
    client = Client()
    client.raise_request_exception = False
    return client


def assert_static_503(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "الموقع غير متاح مؤقتاً" in page
    assert "{%" not in page


@pytest.mark.parametrize("url", ["/", "/category/economy/", "/news/1/x/", "/search/?q=x", "/feed/"])
def test_pages_answer_503_with_the_static_page(outage, url, caplog):
    with outage(), caplog.at_level(logging.ERROR):
        response = reader().get(url)
    assert_static_503(response)
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)


def test_the_desk_answers_503_too(outage):
    client = reader()
    client.cookies["sessionid"] = "a-session-that-must-be-read-from-the-database"
    with outage():
        response = client.get("/admin/comments/comment/")
    assert_static_503(response)


def test_a_comment_posted_while_the_database_is_down_is_not_stored(outage):
    article = make_article()
    with outage():
        response = reader().post(
            f"/comments/post/{article.pk}/", {**COMMENT_FORM, "comment": "أثناء العطل"}
        )
    assert_static_503(response)
    assert Comment.objects.count() == 0
    assert reader().get("/healthz").status_code == 200  # back as soon as it is

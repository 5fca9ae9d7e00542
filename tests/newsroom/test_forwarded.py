"""X-Forwarded-Proto and X-Forwarded-For are believed only from TRUSTED_PROXIES."""

import pytest
from django.conf import settings as loaded_settings

from comments.models import Comment
from tests.factories import make_article, post_comment

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
OUTSIDER = "203.0.113.5"


def https_post(client, article, ip):
    """A plain-HTTP POST that claims HTTPS: an https Origin and X-Forwarded-Proto: https."""
    return post_comment(
        client,
        article,
        ip=ip,
        HTTP_HOST="testserver",
        HTTP_ORIGIN="https://testserver",
        HTTP_X_FORWARDED_PROTO="https",
    )


def test_without_trusted_proxies_the_header_means_nothing(client):
    assert loaded_settings.TRUSTED_PROXIES == []
    assert loaded_settings.SECURE_PROXY_SSL_HEADER is None
    article = make_article()
    response = https_post(client, article, OUTSIDER)
    assert response.status_code == 403  # the same-origin check sees http://testserver
    assert not Comment.objects.exists()


@pytest.fixture
def behind_a_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_a_reader_who_bypasses_the_proxy_cannot_claim_https(client, behind_a_proxy):
    article = make_article()
    response = https_post(client, article, OUTSIDER)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_the_proxy_is_believed(client, behind_a_proxy):
    article = make_article()
    response = https_post(client, article, PROXY)
    assert response.status_code == 302
    assert Comment.objects.exists()


def test_x_forwarded_for_from_an_outsider_is_dropped(client, behind_a_proxy):
    article = make_article()
    post_comment(client, article, ip=OUTSIDER, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert Comment.objects.get().ip == OUTSIDER

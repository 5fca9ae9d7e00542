"""The reader's address behind trusted proxies (TRUSTED_PROXIES) and without them."""

import pytest
from django.test import RequestFactory

from newsroom.net import client_ip


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_reader_is_the_last_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # A reader may forge the left part; only what our proxies appended counts.
    forged = request("10.0.0.5", "1.2.3.4, 198.51.100.20, 10.0.0.9")
    assert client_ip(forged) == "198.51.100.20"


def test_a_request_not_from_a_trusted_proxy_keeps_its_own_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize("header", ["", "not-an-ip", "10.0.0.3"])
def test_a_missing_or_useless_header_falls_back_to_the_proxy(settings, header):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request("10.0.0.5", header)) == "10.0.0.5"


def test_ipv6_readers_and_single_proxy_addresses(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert client_ip(request("::1", "2001:db8::7")) == "2001:db8::7"
    assert client_ip(request("127.0.0.1", "2001:db8::8")) == "2001:db8::8"


@pytest.mark.django_db
def test_flood_rule_sees_readers_not_the_proxy(client, settings):
    from tests.factories import make_article, post_comment

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    article = make_article()
    first = post_comment(client, article, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = post_comment(
        client,
        article,
        ip="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
        comment="قارئ آخر",
        email="other@example.com",
    )
    assert first.status_code == 302
    assert second.status_code == 302

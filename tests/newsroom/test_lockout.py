"""Admin login lock-out (django-axes): what an attacker guessing passwords meets."""

import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db

RIGHT = "the-right-password-123"


def sign_in(client, username, password, ip="198.51.100.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _no_burst_limit(settings):
    """The POST burst limit (30 a minute) would answer before axes: tested on its own."""
    settings.POST_BURST_LIMIT = 0


@pytest.fixture
def editor():
    return make_user(username="editor", password=RIGHT)


def test_fifty_wrong_passwords_then_the_right_one_is_refused(editor, caplog):
    client = Client()
    statuses = []
    with caplog.at_level(logging.WARNING):
        for n in range(50):
            statuses.append(sign_in(client, "editor", f"guess-{n}").status_code)
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[4:]) == {429}
    response = sign_in(client, "editor", RIGHT)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode() or "محاولات" in (
        response.content.decode()
    )
    assert not signed_in(client)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "editor" in logged
    assert "guess-" not in logged  # passwords are never logged


def test_an_address_is_locked_out_whatever_the_username(editor):
    client = Client()
    for n in range(5):
        sign_in(client, f"someone{n}", "wrong", ip="203.0.113.9")
    assert sign_in(client, "editor", RIGHT, ip="203.0.113.9").status_code == 429
    other = Client()
    assert sign_in(other, "editor", RIGHT, ip="198.51.100.20").status_code == 302
    assert signed_in(other)


def test_a_username_is_locked_out_from_every_address(editor):
    client = Client()
    for n in range(5):
        sign_in(client, "editor", "wrong", ip=f"192.0.2.{n + 1}")
    assert sign_in(client, "editor", RIGHT, ip="198.51.100.99").status_code == 429


def test_an_administrator_sees_the_lock_out_and_lifts_it(editor):
    attacker = Client()
    for n in range(50):
        sign_in(attacker, "editor", f"guess-{n}")
    assert sign_in(attacker, "editor", RIGHT).status_code == 429

    admin = Client()
    admin.force_login(make_user(is_superuser=True))
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "editor" in listing.content.decode()
    attempts = AccessAttempt.objects.filter(username="editor")
    assert attempts.exists()
    response = admin.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in attempts],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    response = sign_in(Client(), "editor", RIGHT)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_a_success_before_the_limit_clears_the_failures(editor):
    client = Client()
    for _ in range(4):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", RIGHT).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", RIGHT).status_code == 302


def test_the_address_behind_a_trusted_proxy_is_the_one_counted(editor, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client = Client()
    for n in range(5):
        client.post(
            "/admin/login/",
            {"username": f"x{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.50").count() == 5
    # another reader behind the same proxy is not locked out
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": RIGHT, "next": "/admin/"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert response.status_code == 302

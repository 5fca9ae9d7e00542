"""The benchmark's floor view exists only under bench/settings.py (bench/README.md)."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_floor_is_not_in_the_sites_urls(client):
    assert client.get("/bench/floor/").status_code == 404


@override_settings(ROOT_URLCONF="bench.urls")
def test_floor_under_the_bench_urls_and_the_site_still_there(client):
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.get("/healthz").status_code == 200
    assert client.get("/no-such-page/").status_code == 404

"""Bytes on the wire: fingerprinted, pre-compressed static files cached for a year; uploaded
images cacheable and never gzipped again (docs/caching.md, "Bytes")."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import make_article
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_collected_static_files_are_fingerprinted_compressed_and_immutable(settings, tmp_path):
    from newsroom import settings as project  # the suite itself uses plain names (conftest.py)

    manifest = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert project.STORAGES["staticfiles"]["BACKEND"] == manifest
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": manifest},
    }
    call_command("collectstatic", "--no-input", stdout=io.StringIO())
    client = Client()  # a new handler: WhiteNoise reads the collected files when it starts
    make_article()
    page = parse(client.get("/").content)
    stylesheet = page.find("link", rel="stylesheet").attrs["href"]
    assert stylesheet.startswith("/static/css/site.")
    assert stylesheet != "/static/css/site.css"  # a fingerprint in the name

    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    cache_control = response.headers["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control


def test_uploaded_images_are_cacheable_and_not_compressed_again(client, settings):
    folder = settings.MEDIA_ROOT / "articles"
    folder.mkdir(parents=True)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 5000)
    response = client.get("/media/articles/photo.jpg", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == f"public, max-age={settings.MEDIA_CACHE_SECONDS}"
    assert "Content-Encoding" not in response.headers

import pytest
from django.test.utils import override_settings


@pytest.fixture(scope="session", autouse=True)
def _plain_http(tmp_path_factory):
    """Tests talk plain HTTP to the app, as a production-like server on loopback does
    (HTTPS_ONLY=off). Session-wide, so the live server used by browser tests starts with it."""
    static_root = tmp_path_factory.mktemp("static")
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STATIC_ROOT=static_root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

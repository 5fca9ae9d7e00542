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
        # Tasks run as soon as they are enqueued (on commit); tests that need the real queue
        # switch to the database backend themselves.
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _tmp_media(settings, tmp_path):
    """A fresh media folder per test; sorl-thumbnail's cached knowledge of which renditions
    exist (in the cache) would otherwise point at files of an earlier test's folder."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture(scope="session")
def _akismet_service():
    from tests.akismet_fake import FakeAkismet

    service = FakeAkismet()
    yield service
    service.stop()


@pytest.fixture
def akismet(_akismet_service, settings):
    """The fake Akismet on 127.0.0.1, wired in through AKISMET_API_URL with a valid key."""
    from tests.akismet_fake import VALID_KEY

    _akismet_service.reset()
    settings.AKISMET_API_KEY = VALID_KEY
    settings.AKISMET_API_URL = _akismet_service.url
    settings.AKISMET_BLOG_URL = "https://news.example.com"
    settings.AKISMET_TIMEOUT = 0.5
    yield _akismet_service
    _akismet_service.reset()


@pytest.fixture(autouse=True)
def _no_real_akismet(settings):
    """No Akismet key unless a test asks for the fake service (the `akismet` fixture), and an
    unreachable endpoint, so no test can ever reach rest.akismet.com."""
    settings.AKISMET_API_KEY = ""
    settings.AKISMET_API_URL = "http://127.0.0.1:9"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only

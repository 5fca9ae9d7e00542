import pytest
from django.core.signals import setting_changed
from django.dispatch import receiver
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
        LANGUAGE_COOKIE_SECURE=False,
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


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    """On SQLite the test database lives in memory, and the live server shares the test's one
    connection with every thread it starts: two browser requests at once (an autosave and a
    heartbeat) then tread on each other's savepoints, and the failed request leaves a
    transaction open that stops the database from being emptied for every test after it.
    There, the live server answers one request at a time (Django's plain WSGIServer closes
    each connection, so nothing waits on a kept-alive socket). PostgreSQL keeps the threaded
    server: each of its threads has a connection of its own."""
    from django.db import connections

    if connections["default"].vendor != "sqlite":
        yield
        return
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            # The live server's thread has already put the shared connection in place.
            super().__init__(*args, **kwargs)

    threaded, LiveServerThread.server_class = LiveServerThread.server_class, OneAtATime
    try:
        yield
    finally:
        LiveServerThread.server_class = threaded


@pytest.fixture(autouse=True)
def _tmp_media(settings, tmp_path):
    """A fresh media folder per test (the cache, where sorl-thumbnail remembers which
    renditions exist, is emptied by _empty_cache)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(db):
    """The newsroom's staff, one per role: {"journalist", "editor", "moderator"} → user, each in
    the group the roles migration created (no demo articles, comments or images)."""
    from tests.factories import make_staff

    return make_staff()


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
    settings.AKISMET_TIMEOUT = 3.0  # generous: a loaded CI machine must not time out by chance
    yield _akismet_service
    _akismet_service.reset()


@pytest.fixture(autouse=True)
def _no_real_akismet(settings):
    """No Akismet key unless a test asks for the fake service (the `akismet` fixture), and an
    unreachable endpoint, so no test can ever reach rest.akismet.com."""
    settings.AKISMET_API_KEY = ""
    settings.AKISMET_API_URL = "http://127.0.0.1:9"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


@pytest.fixture(autouse=True)
def _no_remembered_ranking():
    """The most-read ranking is kept in the process for a few seconds: not across tests."""
    from articles import popularity

    popularity.forget_ranking()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives a test (the flood rule's shortcut lives there, and sorl-thumbnail's
    knowledge of renditions in an earlier test's media folder): start each empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@receiver(setting_changed)
def _reset_task_backends(*, setting, **kwargs):
    """The backport caches its backends and, unlike Django 6.0, ignores a changed TASKS."""
    if setting == "TASKS":
        from asgiref.local import Local
        from django_tasks import task_backends

        task_backends.__dict__.pop("settings", None)  # a cached_property
        task_backends._connections = Local(False)


@pytest.fixture
def task_queue(settings):
    """The real database queue instead of running tasks at once: what production does. Tests
    see what a request enqueues, and run the worker themselves (`run_worker`)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def run_worker():
    """Run every task that is due, as `manage.py db_worker` would, then return."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


@pytest.fixture
def one_window():
    """The POST burst limit and the CSP report budget count in fixed windows aligned to the
    minute: the clock stands still just after one starts, so that a test's requests cannot
    fall into two windows and see the count start again."""
    import time

    import time_machine

    start = (int(time.time()) // 60 + 1) * 60 + 1
    with time_machine.travel(start, tick=False):
        yield

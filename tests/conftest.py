import pytest
from django.conf import settings
from django.core.signals import setting_changed
from django.db import connections
from django.dispatch import receiver
from django.test.testcases import SimpleTestCase, _DatabaseFailure
from django.test.utils import override_settings
from pytest_django.fixtures import is_django_unittest
from pytest_django.plugin import blocking_manager_key


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file in this run's temporary folder (one per xdist
    worker) instead of Django's shared in-memory database, whose connections share one cache
    and lock whole tables without waiting. The live server either got the test's own
    connection (when the database was set up before the server started), so that a browser
    request still being served when the test went on (a heartbeat after its page closed, an
    autosave) ran statements on it alongside the test's, and the flush that empties the
    database after each browser test failed with "database table is locked"; or it opened
    connections of its own, which found a table "locked" the moment another one wrote to it.
    With a file, each thread of the live server has a connection of its own, as on PostgreSQL
    and in production, and they take turns through SQLite's locks: in WAL mode readers never
    wait, writers wait up to the busy timeout of settings.py. Nothing needs to survive a
    crash, so there is no fsync."""
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.sqlite3":
        return
    default.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    default["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"


def restore_database_access() -> bool:
    """Give back the aliases a Django test class refused while its test ran, and say whether
    there were any: pytest-django runs the class's cleanups only after a teardown that went
    well, so a browser test whose flush failed left "replica" refused ("Database queries to
    'replica' are not allowed in this test") for every later test. (Its other patch, of
    ensure_connection, is undone anyway: the database blocker puts its own back.)"""
    left = False
    for connection in connections.all():
        for name, _operation in SimpleTestCase._disallowed_connection_methods:
            while isinstance(method := getattr(connection, name), _DatabaseFailure):
                setattr(connection, name, method.wrapped)
                left = True
    return left


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After each test's teardown, however it went, the next test finds the database layer as
    the first test did: if the teardown broke before emptying the database, it is emptied
    here, so that its rows are not counted by the tests that follow. (A Django TestCase class
    written for unittest keeps its guards until its last test: left alone.)"""
    try:
        return (yield)
    finally:
        if is_django_unittest(item) and nextitem is not None and nextitem.cls is item.cls:
            pass
        elif restore_database_access() and nextitem is not None:
            from django.core.management import call_command

            with item.config.stash[blocking_manager_key].unblock():
                for alias in connections:
                    if not connections[alias].settings_dict["TEST"]["MIRROR"]:
                        call_command("flush", interactive=False, verbosity=0, database=alias)


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

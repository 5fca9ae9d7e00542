"""The test suite's own isolation: the live server's requests and the test run on connections of
their own, and a test whose teardown breaks does not break the tests after it."""

import os
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest
from django.db import transaction

from tests.factories import make_article

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db(transaction=True)
def test_the_live_server_does_not_share_the_tests_connection(live_server):
    """Each of its requests reads through a connection of its own, as in production: a row the
    test has not committed yet is not there for it. (With SQLite's shared in-memory database
    the server was handed the test's connection, and a request still running when the test
    went on trod on the test's statements.)"""
    news = live_server.url + "/news-sitemap.xml"
    with transaction.atomic():
        make_article(title="uncommitted-headline", slug="uncommitted-headline")
        with urllib.request.urlopen(news, timeout=30) as response:
            assert "uncommitted-headline" not in response.read().decode()
    with urllib.request.urlopen(news, timeout=30) as response:
        assert "uncommitted-headline" in response.read().decode()


INNER_SETTINGS = """
SECRET_KEY = "inner-tests-only"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "unused.sqlite3"}}
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
USE_TZ = True
"""

INNER_TESTS = """
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import TransactionTestCase

real_teardown = TransactionTestCase._fixture_teardown


def locked_once(self):
    TransactionTestCase._fixture_teardown = real_teardown
    raise RuntimeError("database table is locked")


@pytest.mark.django_db
def test_an_ordinary_test():
    assert Permission.objects.exists()  # made by migrate


@pytest.mark.django_db
def test_after_an_ordinary_teardown_nothing_was_emptied():
    assert Permission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_test_whose_flush_fails():
    Group.objects.create(name="left behind")
    TransactionTestCase._fixture_teardown = locked_once


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_next_one_may_use_the_replica_and_finds_the_database_empty():
    assert not Group.objects.using("replica").exists()
    assert not Group.objects.exists()
"""


def test_a_broken_teardown_does_not_spill_into_the_next_test(tmp_path):
    """pytest-django undoes a test class's database guards only after a teardown that went
    well; the suite's teardown hook (tests/conftest.py) undoes them, and empties the database,
    whatever happened."""
    (tmp_path / "inner_settings.py").write_text(INNER_SETTINGS)
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_teardown  # noqa: F401\n"
    )
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TESTS))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "inner_settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = result.stdout.strip().splitlines()[-1]
    # The test whose flush fails passes and errors in its teardown; the next passes (without
    # the hook it fails: "Database queries to 'replica' are not allowed in this test").
    assert summary.startswith("4 passed, 1 error in"), result.stdout + result.stderr
    assert "RuntimeError: database table is locked" in result.stdout

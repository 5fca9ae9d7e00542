"""The environment contract (docs/architecture.md): settings read in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = """
import json, django
from django.conf import settings as s
django.setup()
print(json.dumps({
    "DEBUG": s.DEBUG, "ENGINE": s.DATABASES["default"]["ENGINE"],
    "NAME": str(s.DATABASES["default"]["NAME"]), "SITE_URL": s.SITE_URL,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS, "CACHE": s.CACHES["default"]["BACKEND"],
    "EMAIL_BACKEND": s.EMAIL_BACKEND, "AKISMET_API_KEY": s.AKISMET_API_KEY,
    "AKISMET_BLOG_URL": s.AKISMET_BLOG_URL, "AKISMET_API_URL": s.AKISMET_API_URL,
    "AKISMET_TIMEOUT": s.AKISMET_TIMEOUT, "AKISMET_IS_TEST": s.AKISMET_IS_TEST,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT, "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS, "LANGUAGE_CODE": s.LANGUAGE_CODE,
    "TIME_ZONE": s.TIME_ZONE, "USE_TZ": s.USE_TZ, "SECRET_KEY": s.SECRET_KEY,
    "SECURE_HSTS_PRELOAD": s.SECURE_HSTS_PRELOAD,
    "LANGUAGE_COOKIE_SECURE": s.LANGUAGE_COOKIE_SECURE,
    "LANGUAGE_COOKIE_HTTPONLY": s.LANGUAGE_COOKIE_HTTPONLY,
    "LANGUAGE_COOKIE_SAMESITE": s.LANGUAGE_COOKIE_SAMESITE,
}))
"""
CONTRACT = [
    "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL", "CACHE_URL", "EMAIL_URL",
    "AKISMET_API_KEY", "AKISMET_BLOG_URL", "AKISMET_API_URL", "AKISMET_TIMEOUT",
    "AKISMET_IS_TEST", "HTTPS_ONLY", "HSTS_PRELOAD",
]  # fmt: skip
STRONG_KEY = "a-random-production-key-" + "Zq8x" * 10


def run_with(args, **env):
    # A fresh process as an operator starts it: none of the contract's variables, nor the
    # async escape hatch that the browser tests set in this process.
    dropped = {*CONTRACT, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def settings_with(**env):
    env.setdefault("SECRET_KEY", STRONG_KEY)
    result = run_with(["-c", PRINT], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(autouse=True)
def _no_dotenv(tmp_path):
    if (ROOT / ".env").exists():
        pytest.skip("a local .env file would change the defaults")


def test_safe_defaults_with_only_a_secret_key():
    s = settings_with()
    assert s["DEBUG"] is False
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert s["NAME"] == str(ROOT / "db.sqlite3")
    assert s["SECURE_SSL_REDIRECT"] is True  # HTTPS_ONLY defaults to on when DEBUG is off
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["SECURE_HSTS_SECONDS"] > 0
    assert s["AKISMET_API_KEY"] == ""
    assert s["AKISMET_API_URL"] == "https://rest.akismet.com"
    assert s["AKISMET_TIMEOUT"] == 2.0
    assert s["AKISMET_BLOG_URL"] == s["SITE_URL"]
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert (s["LANGUAGE_CODE"], s["TIME_ZONE"], s["USE_TZ"]) == ("ar", "Asia/Kuwait", True)


def test_every_contract_variable_is_read():
    s = settings_with(
        DATABASE_URL="postgres://u:p@db.example:5432/news",
        SECRET_KEY="from-the-environment",
        DEBUG="on",
        ALLOWED_HOSTS="a.example,b.example",
        SITE_URL="https://news.example.com/",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp://mail.example:25",
        AKISMET_API_KEY="k",
        AKISMET_API_URL="http://127.0.0.1:8099/",
        AKISMET_TIMEOUT="0.5",
        AKISMET_IS_TEST="on",
    )
    assert s["DEBUG"] is True
    assert s["ENGINE"] == "django.db.backends.postgresql"
    assert s["NAME"] == "news"
    assert s["SECRET_KEY"] == "from-the-environment"
    assert s["ALLOWED_HOSTS"] == ["a.example", "b.example", "news.example.com"]
    assert s["SITE_URL"] == "https://news.example.com"
    assert s["AKISMET_BLOG_URL"] == "https://news.example.com"
    assert "redis" in s["CACHE"].lower()
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["AKISMET_API_KEY"], s["AKISMET_API_URL"]) == ("k", "http://127.0.0.1:8099")
    assert (s["AKISMET_TIMEOUT"], s["AKISMET_IS_TEST"]) == (0.5, True)
    assert s["SECURE_SSL_REDIRECT"] is False  # DEBUG on: HTTPS_ONLY defaults to off


def test_https_only_can_be_turned_off_in_production():
    s = settings_with(HTTPS_ONLY="off", AKISMET_BLOG_URL="https://blog.example")
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["AKISMET_BLOG_URL"] == "https://blog.example"


@pytest.mark.parametrize(
    "key", [None, "", "   ", "short-key", "x" * 60, "django-insecure-" + "a1b2c" * 10]
)
def test_without_debug_a_missing_empty_or_weak_secret_key_refuses_to_start(key):
    env = {} if key is None else {"SECRET_KEY": key}
    result = run_with(["manage.py", "check"], **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "set SECRET_KEY" in lines[0]
    assert "50 characters" in lines[0]


@pytest.mark.parametrize("key", [None, ""])
def test_with_debug_on_the_development_key_is_used(key):
    env = {"DEBUG": "on"} if key is None else {"DEBUG": "on", "SECRET_KEY": key}
    result = run_with(["-c", PRINT], **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["SECRET_KEY"].startswith("django-insecure")


def test_the_deploy_check_is_clean_with_https_on():
    result = run_with(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=STRONG_KEY,
        HTTPS_ONLY="on",
        AKISMET_API_KEY="a-key",
        SITE_URL="https://news.example.com",
        CACHE_URL="redis://127.0.0.1:6379/1",  # not contacted by the check
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_hsts_preload_is_a_setting_and_off_by_default():
    assert settings_with()["SECURE_HSTS_PRELOAD"] is False
    assert settings_with(HSTS_PRELOAD="on")["SECURE_HSTS_PRELOAD"] is True
    assert settings_with(HSTS_PRELOAD="on", HTTPS_ONLY="off")["SECURE_HSTS_PRELOAD"] is False


def test_the_language_cookie_is_flagged():
    s = settings_with()
    assert s["LANGUAGE_COOKIE_SECURE"] is True
    assert s["LANGUAGE_COOKIE_HTTPONLY"] is True
    assert s["LANGUAGE_COOKIE_SAMESITE"] == "Lax"
    assert settings_with(HTTPS_ONLY="off")["LANGUAGE_COOKIE_SECURE"] is False


@pytest.mark.django_db
def test_the_language_switch_sets_a_flagged_cookie(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # what HTTPS_ONLY gives (tests run plain HTTP)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"

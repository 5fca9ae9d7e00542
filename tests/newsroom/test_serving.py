"""Serving settings, read in a fresh process as an operator starts one: persistent database
connections, the read replica, gunicorn.conf.py and the shared-cache deploy check."""

import json
import os

import pytest

from tests.test_settings import ROOT, STRONG_KEY, run_with

PRINT_DATABASES = """
import json, django
from django.conf import settings as s
django.setup()
print(json.dumps({"DATABASES": s.DATABASES, "REPLICA": s.DATABASE_REPLICA,
                  "ROUTERS": s.DATABASE_ROUTERS, "PIN": s.DATABASE_REPLICA_PIN_SECONDS,
                  "MIDDLEWARE": s.MIDDLEWARE}, default=str))
"""
PG = "postgres://newsroom:pw@db.internal:5432/newsroom"
REPLICA = "postgres://reader:pw@replica.internal:5432/newsroom"


def databases(**env):
    result = run_with(["-c", PRINT_DATABASES], SECRET_KEY=STRONG_KEY, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_connections_persist_with_health_checks_by_default():
    default = databases(DATABASE_URL=PG)["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True


def test_the_connection_age_comes_from_the_environment():
    default = databases(DATABASE_URL=PG, DATABASE_CONN_MAX_AGE="300")["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 300
    closed = databases(DATABASE_URL=PG, DATABASE_CONN_MAX_AGE="0")["DATABASES"]["default"]
    assert closed["CONN_MAX_AGE"] == 0


def test_without_a_replica_url_there_is_no_replica():
    loaded = databases(DATABASE_URL=PG)
    assert set(loaded["DATABASES"]) == {"default"}
    assert loaded["REPLICA"] is None
    assert loaded["ROUTERS"] == ["newsroom.db_router.PrimaryReplicaRouter"]


def test_a_replica_url_adds_the_replica_with_the_primarys_connection_settings():
    loaded = databases(
        DATABASE_URL=PG,
        DATABASE_CONN_MAX_AGE="120",
        DATABASE_REPLICA_URL=REPLICA,
        DATABASE_REPLICA_PIN_SECONDS="5",
    )
    replica = loaded["DATABASES"]["replica"]
    assert loaded["REPLICA"] == "replica"
    assert replica["HOST"] == "replica.internal"
    assert replica["USER"] == "reader"
    assert replica["CONN_MAX_AGE"] == 120
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert replica["TEST"]["MIRROR"] == "default"
    assert loaded["PIN"] == 5
    middleware = loaded["MIDDLEWARE"]
    assert middleware.index("newsroom.db_router.ReplicaReadsMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


def gunicorn_config(**env):
    """gunicorn's own reading of gunicorn.conf.py (--print-config), from another folder."""
    result = run_with(
        ["-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--print-config"],
        SECRET_KEY=STRONG_KEY,
        **env,
    )
    assert result.returncode == 0, result.stderr
    config = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        config[name.strip()] = value.strip()
    return config


def test_gunicorn_runs_threads_with_timeouts_above_the_akismet_deadline():
    config = gunicorn_config(AKISMET_TIMEOUT="2", TRUSTED_PROXIES="10.0.0.0/8,127.0.0.1")
    assert config["worker_class"] == "gthread"
    assert int(config["workers"]) >= 2
    assert int(config["threads"]) == 8
    assert int(config["timeout"]) >= 30
    assert int(config["graceful_timeout"]) > 2
    assert int(config["keepalive"]) == 5
    assert int(config["max_requests"]) == 20000
    assert int(config["max_requests_jitter"]) == 2000
    assert config["preload_app"] == "True"
    assert config["forwarded_allow_ips"] == "['10.0.0.0/8', '127.0.0.1']"
    assert "%(M)s" in config["access_log_format"]  # the request's duration, in ms
    assert config["control_socket_disable"] == "True"  # two instances on one host never clash


def test_gunicorn_follows_the_environment():
    config = gunicorn_config(
        WEB_CONCURRENCY="5", GUNICORN_THREADS="3", AKISMET_TIMEOUT="40", TRUSTED_PROXIES=""
    )
    assert int(config["workers"]) == 5
    assert int(config["threads"]) == 3
    assert int(config["timeout"]) > 40
    assert int(config["graceful_timeout"]) > 40
    assert config["forwarded_allow_ips"] == "[]"  # no proxy trusted: X-Forwarded-Proto ignored


def deploy_check(**env):
    return run_with(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=STRONG_KEY,
        HTTPS_ONLY="on",
        AKISMET_API_KEY="a-key",
        SITE_URL="https://news.example.com",
        **env,
    )


def test_the_deploy_check_warns_about_a_process_local_cache():
    result = deploy_check()
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr + result.stdout


def test_the_deploy_check_accepts_a_shared_cache():
    result = deploy_check(CACHE_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert "newsroom.W001" not in result.stderr + result.stdout


def test_redis_cache_urls_use_the_backend_that_reuses_its_clients():
    result = run_with(
        ["-c", "import django; from django.conf import settings as s; django.setup(); "
               "print(s.CACHES['default']['BACKEND'])"],
        SECRET_KEY=STRONG_KEY,
        CACHE_URL="redis://127.0.0.1:6379/1",
    )  # fmt: skip
    assert result.stdout.strip() == "newsroom.cache.RedisCache"


def test_the_redis_backend_builds_one_client_per_pool():
    from newsroom.cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/14", {})._cache  # no connection made yet
    first = backend.get_client("a", write=True)
    assert backend.get_client("b") is first
    assert backend.get_client(None, write=True) is first


@pytest.fixture
def redis_cache(settings):
    """The project's Redis backend on the test Redis database (skipped without Redis)."""
    from django.core.cache import caches

    url = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    settings.CACHES = {"default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": url}}
    cache = caches["default"]
    try:
        cache.clear()
    except Exception as exc:
        pytest.skip(f"needs Redis at {url} ({type(exc).__name__})")
    yield cache
    cache.clear()


def test_a_redis_counter_counts_in_one_round_trip_and_expires(redis_cache):
    from newsroom.cache import count

    assert [count("burst", 60) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.get("burst") == 3  # a plain integer, readable through the cache API
    client = redis_cache._cache.get_client(write=True)
    assert 55 <= client.ttl(redis_cache.make_and_validate_key("burst")) <= 60
    assert count("other", 60) == 1


@pytest.mark.django_db
def test_the_burst_limit_counts_on_redis(redis_cache, client, settings):
    settings.POST_BURST_LIMIT = 2
    statuses = [client.post("/comments/post/1/", REMOTE_ADDR="192.0.2.60").status_code
                for _ in range(3)]  # fmt: skip
    assert statuses[2] == 429
    assert statuses[0] != 429

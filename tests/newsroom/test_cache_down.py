"""Redis unreachable (nothing listening) or black-holed (a server that accepts and never
answers): the site keeps serving from the database, and /healthz says it is degraded."""

import socket
import threading
import time

import pytest
from django.core.cache import cache

from comments.models import Comment
from tests.factories import make_article, make_user, post_comment

pytestmark = pytest.mark.django_db

PASSWORD = "cache-down-Pa55word"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens


class BlackHole:
    """Accepts connections and never writes a byte. Held connections are closed after a few
    seconds, so that a client without timeouts fails instead of waiting forever."""

    def __init__(self, hold_seconds: float = 3.0):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.hold_seconds = hold_seconds
        self.held: list[tuple[float, socket.socket]] = []
        self.accepted = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
                self.held.append((time.monotonic(), connection))
                self.accepted += 1
            except TimeoutError:
                pass
            now = time.monotonic()
            for item in [item for item in self.held if now - item[0] > self.hold_seconds]:
                item[1].close()
                self.held.remove(item)

    def stop(self):
        self.running = False
        self.thread.join()
        for _, connection in self.held:
            connection.close()
        self.server.close()


@pytest.fixture(params=["closed port", "black hole"])
def dead_cache(request, settings):
    """The shared cache is Redis at an address where it never answers; the page cache is on."""
    hole = None
    if request.param == "closed port":
        port = _closed_port()
    else:
        hole = BlackHole()
        port = hole.port
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    request.node.black_hole = hole
    yield request.param
    if hole is not None:
        hole.stop()


def test_reader_pages_are_served_without_the_cache(client, dead_cache, request):
    article = make_article()
    for url in ("/", article.get_absolute_url(), "/search/?q=خبر", "/feed/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert article.title in client.get(article.get_absolute_url()).content.decode()
    hole = request.node.black_hole
    if hole is not None:
        # One short timeout, then the cache is left alone for a few seconds: not one
        # connection (and one timeout) for each of the dozens of cache calls these pages make.
        assert 1 <= hole.accepted <= 2


def test_a_comment_is_posted_and_stored(client, dead_cache):
    article = make_article()
    response = post_comment(client, article)
    assert response.status_code == 302
    assert Comment.objects.filter(article=article).count() == 1


def test_the_language_switch_works(client, dead_cache):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302


def test_admin_login_works(client, dead_cache, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user(username="editor", password=PASSWORD, is_superuser=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert client.get("/admin/").status_code == 200


def test_the_burst_limit_counts_in_the_process(client, dead_cache, settings, one_window):
    settings.POST_BURST_LIMIT = 2
    article = make_article()
    ip = "198.51.100.1" if dead_cache == "closed port" else "198.51.100.2"  # a count each
    statuses = [
        post_comment(client, article, ip=ip, comment=f"تعليق {n}").status_code for n in range(3)
    ]
    assert statuses[2] == 429
    assert statuses[:2] != [429, 429]


def test_healthz_says_degraded_and_names_the_cache(client, dead_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["cache"] != "ok"


def test_the_cache_api_answers_misses_and_no_ops(dead_cache):
    assert cache.get("missing", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("a", 1)
    cache.delete("a")
    with pytest.raises(ValueError):
        cache.incr("a")
    assert cache.get_or_set("b", 2) == 2


def test_healthz_names_a_cache_that_answers(client, settings):
    """The same backend against this machine's Redis (skipped without one)."""
    import redis

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {url} ({type(error).__name__})")
    settings.CACHES = {"default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": url}}
    body = client.get("/healthz").json()
    assert body["cache"] == "ok"
    assert body["status"] == "ok"

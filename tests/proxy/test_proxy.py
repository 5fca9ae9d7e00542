"""The shipped front proxy (bin/proxy: nginx with proxy/nginx.conf) in front of a live server:
anonymous pages come from its microcache, personal ones never do, changes show within 2 s,
and slow clients do not stop it.

Needs nginx (Debian's package); skipped without it, unless NEWSROOM_PROXY=require
(as in CI), when its absence fails the test.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client

from comments import actions
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

ROOT = Path(__file__).resolve().parent.parent.parent
FRESH_WITHIN = 2.0  # seconds from a commit to readers seeing it through the proxy

pytestmark = pytest.mark.django_db(transaction=True)


def _nginx() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bin/proxy exited: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            threading.Event().wait(0.05)
    raise AssertionError("bin/proxy did not start listening")


@pytest.fixture
def proxy(live_server, settings):
    """bin/proxy on a free port in front of the live server; returns its base URL."""
    if _nginx() is None:
        reason = "needs nginx for bin/proxy (apt-get install nginx)"
        if os.environ.get("NEWSROOM_PROXY") == "require":
            pytest.fail(reason)
        pytest.skip(reason)
    settings.PAGE_CACHE_SECONDS = 600  # the app says s-maxage: pages are shareable
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    port = free_port()
    proxy_dir = tempfile.mkdtemp(prefix="newsroom-proxy-test-")
    upstream = live_server.url.split("://", 1)[1]
    env = {
        **os.environ,
        "PROXY_PORT": str(port),
        "UPSTREAM": upstream,
        "STATIC_ROOT": str(django_settings.STATIC_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # Not under tmp_path: nginx's workers (www-data when started as root) must reach it.
        "PROXY_DIR": proxy_dir,
        "PROXY_WORKERS": "1",
    }
    log = Path(proxy_dir) / "proxy.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [str(ROOT / "bin" / "proxy")], env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
    try:
        _wait_for_port(port, process, log, time.monotonic() + 10)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        print(log.read_text())  # shown when a test fails
        shutil.rmtree(proxy_dir, ignore_errors=True)


def get(url, **kwargs):
    return httpx.get(url, timeout=5, **kwargs)


def poll(url, predicate, within: float, **kwargs):
    """GET url until predicate(response); returns (response, seconds taken) or fails."""
    started = time.monotonic()
    while True:
        response = get(url, **kwargs)
        elapsed = time.monotonic() - started
        if predicate(response):
            return response, elapsed
        if elapsed > within:
            raise AssertionError(f"not seen within {within} s (last: {response.status_code})")
        threading.Event().wait(0.05)


def test_a_second_anonymous_get_is_a_proxy_hit(proxy):
    article = make_article()
    url = proxy + article.get_absolute_url()
    first = get(url)
    assert first.status_code == 200, first.text[:3000]
    assert first.headers["X-Proxy-Cache"] in ("MISS", "EXPIRED")
    second, _ = poll(url, lambda r: r.headers.get("X-Proxy-Cache") == "HIT", within=2)
    assert second.text == first.text
    # Tracking parameters share the entry.
    tracked = get(url + "?utm_source=news&fbclid=abc&gclid=1")
    assert tracked.headers["X-Proxy-Cache"] in ("HIT", "UPDATING", "STALE")


def test_a_copy_is_kept_only_until_the_end_of_the_second_it_was_made_in(proxy):
    """nginx counts a copy's life in whole seconds from the second it was stored: "1 s" kept
    a copy made at hh:mm:10.0 until 11.999. The app dates its pages (X-Accel-Expires), so a
    copy made during second 10 is stale from 11.0 on, and a change is never more than a
    second (plus one render) away."""
    article = make_article()
    url = proxy + article.get_absolute_url()
    while time.time() % 1 > 0.2:  # start just after a second begins
        threading.Event().wait(0.02)
    made_in = int(time.time())
    first = get(url)
    assert first.headers["X-Proxy-Cache"] == "MISS"
    assert get(url).headers["X-Proxy-Cache"] == "HIT"
    threading.Event().wait(max(0.0, made_in + 1.4 - time.time()))
    assert get(url).headers["X-Proxy-Cache"] != "HIT"


def test_healthz_and_static_files_answer_through_the_proxy(proxy):
    response = get(proxy + "/healthz")
    assert response.status_code == 200
    assert response.headers.get("X-Proxy-Cache") in (None, "BYPASS", "MISS")
    assert response.json()["database"] == "ok"


def _session_cookie() -> str:
    user = make_user(username="editor", is_superuser=True)
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def test_a_request_with_a_session_is_never_cached_nor_served_from_cache(proxy):
    article = make_article()
    url = proxy + article.get_absolute_url()
    poll(url, lambda r: r.headers.get("X-Proxy-Cache") == "HIT", within=2)  # a cached copy
    session = _session_cookie()
    for _ in range(3):
        response = get(url, cookies={django_settings.SESSION_COOKIE_NAME: session})
        assert response.status_code == 200
        assert response.headers["X-Proxy-Cache"] == "BYPASS"
        assert "private" in response.headers["Cache-Control"]
    for cookie in ("messages", "newsroom_own_comments"):
        response = get(url, cookies={cookie: "x"})
        assert response.headers["X-Proxy-Cache"] == "BYPASS"
    # What the signed-in editor saw was not stored for the next anonymous reader.
    admin_page = get(proxy + "/admin/", cookies={django_settings.SESSION_COOKIE_NAME: session})
    assert admin_page.status_code == 200
    anonymous = get(proxy + "/admin/", follow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.headers.get("X-Proxy-Cache") != "HIT"


def assert_fresh_within(app_base: str, url: str, text: str) -> None:
    """Just after a commit: `text` shows through the proxy within FRESH_WITHIN seconds of the
    commit, plus the time the app itself took to render the changed page (on a loaded test
    machine that render alone can take a second; in production it is tens of milliseconds)."""
    started = time.monotonic()
    path = url.split("/", 3)[3]
    _, app_seconds = poll(f"{app_base}/{path}", lambda r: text in r.text, within=10)
    poll(url, lambda r: text in r.text, within=FRESH_WITHIN + app_seconds + 1)
    elapsed = time.monotonic() - started
    assert elapsed <= FRESH_WITHIN + app_seconds, (elapsed, app_seconds)


def test_an_article_save_is_visible_through_the_proxy_within_two_seconds(proxy, live_server):
    article = make_article(title="العنوان الأول")
    url = proxy + article.get_absolute_url()
    poll(url, lambda r: r.headers.get("X-Proxy-Cache") == "HIT", within=2)
    article.title = "العنوان المعدل"
    article.save()
    assert_fresh_within(live_server.url, url, "العنوان المعدل")


def test_a_comment_approval_is_visible_through_the_proxy_within_two_seconds(proxy, live_server):
    moderator = make_user(username="moderator", is_superuser=True)
    article = make_article()
    comment = make_comment(article, status=Comment.Status.PENDING, content="تعليق ينتظر الموافقة")
    url = proxy + article.get_absolute_url()
    first, _ = poll(url, lambda r: r.headers.get("X-Proxy-Cache") == "HIT", within=2)
    assert "تعليق ينتظر الموافقة" not in first.text
    with transaction.atomic():
        actions.perform(comment, "approve", by=moderator)
    assert_fresh_within(live_server.url, url, "تعليق ينتظر الموافقة")


class SlowClient(threading.Thread):
    """Sends its request one byte at a time, every `interval` seconds, until stopped."""

    def __init__(self, port: int, raw: bytes, interval: float, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.raw, self.interval, self.stop = port, raw, interval, stop

    def run(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                for byte in self.raw:
                    sock.sendall(bytes([byte]))
                    if self.stop.wait(self.interval):
                        return
        except OSError:
            pass  # dropped by the proxy's timeouts: what it is meant to do


def test_twenty_slow_clients_do_not_stop_healthz(proxy):
    port = int(proxy.rsplit(":", 1)[1])
    headers = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 100 + b"\r\n\r\n"
    body = b"POST /comments/post/1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
    body += b"application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n" + b"a" * 500
    stop = threading.Event()
    clients = [SlowClient(port, headers if n % 2 else body, 2.0, stop) for n in range(20)]
    for client in clients:
        client.start()
    try:
        threading.Event().wait(1.0)  # every slow client is connected and sending
        started = time.monotonic()
        answered = []
        while time.monotonic() - started < 6:
            response = httpx.get(proxy + "/healthz", timeout=2)
            answered.append(response.status_code)
        assert answered
        assert set(answered) == {200}
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)


def test_without_nginx_bin_proxy_says_what_to_install(tmp_path):
    result = subprocess.run(
        [str(ROOT / "bin" / "proxy")],
        env={**os.environ, "NGINX": str(tmp_path / "no-nginx"), "PROXY_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "apt-get install nginx" in result.stderr

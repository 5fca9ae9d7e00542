"""Two gunicorn instances (gunicorn.conf.py) on two ports, one PostgreSQL, one Redis, one media
folder: what one instance does, the other sees (docs/operations.md, "Scaling out").

Needs PostgreSQL (DATABASE_URL) and Redis (NEWSROOM_TEST_REDIS_URL, default
redis://127.0.0.1:6379/14, flushed by this test); skipped without them, unless
NEWSROOM_SCALE_OUT=require (as in CI), when their absence fails the test.
"""

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from PIL import Image

from comments.models import Comment
from tests.factories import make_article, make_user

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "scale-out-Pa55word"
BURST_LIMIT = 5
BURST_WINDOW = 60

pytestmark = [pytest.mark.scale_out, pytest.mark.django_db(transaction=True)]


def _missing_service() -> str:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL)"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:
        return f"needs Redis at {REDIS_URL} ({type(exc).__name__})"
    return ""


@pytest.fixture
def services():
    missing = _missing_service()
    if missing:
        if os.environ.get("NEWSROOM_SCALE_OUT") == "require":
            pytest.fail(missing)
        pytest.skip(missing)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    yield
    redis.Redis.from_url(REDIS_URL).flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database, committed rows and all, for the gunicorn processes."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def instances(services, tmp_path):
    """Two gunicorn servers of one site; returns their base URLs."""
    ports = [free_port(), free_port()]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AKISMET_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=database_url(),
        CACHE_URL=REDIS_URL,
        MEDIA_ROOT=str(tmp_path / "media"),
        SECRET_KEY="scale-out-test-" + "s3cr3t-" * 6,
        DEBUG="off",
        HTTPS_ONLY="off",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{ports[0]}",
        TRUSTED_PROXIES="127.0.0.1",
        AKISMET_API_KEY="",
        POST_BURST_LIMIT=str(BURST_LIMIT),
        POST_BURST_WINDOW=str(BURST_WINDOW),
        COMMENTS_FLOOD_SECONDS="15",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        LOG_LEVEL="WARNING",
    )
    # As in production, DEBUG off: the pages need the static manifest that collectstatic writes.
    env["STATIC_ROOT"] = str(tmp_path / "static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind"]
    servers = [
        subprocess.Popen([*command, f"127.0.0.1:{port}"], cwd=ROOT, env=env) for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 30
        for base, server in zip(bases, servers, strict=True):
            while True:
                assert server.poll() is None, "gunicorn exited"
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not start"
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=0.2)  # returns at once if gunicorn exits
        yield bases
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def browser(address: str) -> httpx.Client:
    """One browser (one cookie jar for both ports) behind the proxy, from `address`."""
    return httpx.Client(headers={"X-Forwarded-For": address}, timeout=20)


def csrf(client: httpx.Client, base: str) -> str:
    client.get(base + "/admin/login/")
    return client.cookies["csrftoken"]


def post_form(client, base, path, data, files=None):
    data = {**data, "csrfmiddlewaretoken": csrf(client, base)}
    return client.post(base + path, data=data, files=files, headers={"Origin": base})


def comment_form(n: int) -> dict:
    return {
        "comment": f"تعليق من الخادم الأول رقم {n}",
        "author": f"قارئ {n}",
        "email": f"reader{n}@example.com",
        "url": "",
        "comment_parent": "0",
    }


def test_two_instances_share_comments_sessions_limits_and_media(instances):
    a, b = instances
    article = make_article()
    staff = make_user(is_superuser=True)
    # The servers know only the production hashers (the tests use a fast one).
    hasher = PBKDF2PasswordHasher()
    staff.password = hasher.encode(PASSWORD, hasher.salt())
    staff.save(update_fields=["password"])
    post_path = f"/comments/post/{article.pk}/"
    article_path = article.get_absolute_url()  # already percent-encoded

    # A session opened on A works on B.
    editor = browser("198.51.100.2")
    login = post_form(
        editor,
        a,
        "/admin/login/?next=/admin/",
        {"username": staff.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert login.status_code == 302, login.text[:500]
    assert editor.get(b + "/admin/").status_code == 200
    assert httpx.get(b + "/admin/", timeout=20).status_code == 302  # without it: the login

    # A comment posted on A, approved on B, is read on B by another reader.
    reader = browser("198.51.100.1")
    posted = post_form(reader, a, post_path, comment_form(1))
    assert posted.status_code == 302, posted.text[:500]
    comment = Comment.objects.get(author_email="reader1@example.com")
    assert comment.status == Comment.Status.PENDING
    stranger = httpx.Client(timeout=20)
    assert comment_form(1)["comment"] not in stranger.get(b + article_path).text
    approved = post_form(
        editor, b, f"/admin/comments/comment/{comment.pk}/moderate/", {"action": "approve"}
    )
    assert approved.status_code == 302
    assert comment_form(1)["comment"] in stranger.get(b + article_path).text

    # The flood rule: a second comment from the same address, on B, is refused.
    flooded = post_form(reader, b, post_path, comment_form(2))
    assert flooded.status_code == 429
    assert not Comment.objects.filter(author_email="reader2@example.com").exists()

    # The POST burst limit counts both instances' requests together. Its windows are fixed: a
    # burst that straddles two of them is sent again, from a fresh address, in the window that
    # has just begun (it takes a second or two, far less than a window).
    for attempt in range(2):
        window = time.time() // BURST_WINDOW
        burst = browser(f"198.51.100.{3 + attempt}")
        statuses = [
            burst.post((a, b)[n % 2] + post_path, data={"comment": "x"}).status_code
            for n in range(BURST_LIMIT + 1)
        ]
        if time.time() // BURST_WINDOW == window:
            break
    assert statuses[:BURST_LIMIT] == [400] * BURST_LIMIT  # an incomplete form: refused, but counted
    assert statuses[BURST_LIMIT] == 429

    # An image uploaded through A is stored where B serves it from.
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(picture, "JPEG")
    uploaded = post_form(
        editor,
        a,
        "/admin/articles/article/body-image/",
        {"alt": "صورة", "caption": ""},
        files={"image": ("photo.jpg", picture.getvalue(), "image/jpeg")},
    )
    assert uploaded.status_code == 200, uploaded.text[:500]
    url = re.search(r"/media/articles/body/[^\"'\s<>]+\.webp", uploaded.text).group(0)
    served = httpx.get(b + urlsplit(url).path, timeout=20)
    assert served.status_code == 200
    assert served.content[:4] == b"RIFF"  # a WebP file

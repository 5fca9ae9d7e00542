"""A reader's comment against a failing world, under gunicorn on a real database.

Scenarios (each prints how long the reader waited, and what was stored):
- drip: Akismet answers one byte every 1.5 s (AKISMET_TIMEOUT=1);
- hang: Akismet accepts the request and never answers;
- silent-smtp: the mail server accepts the connection and never answers (EMAIL_TIMEOUT=10);
- flood: 20 concurrent posts from one address, each with another e-mail.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/outages.py

Everything listens on 127.0.0.1 only. See bench/README.md.
"""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.akismet_fake import VALID_KEY, FakeAkismet  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SilentSMTP:
    """Accepts connections and never says a word (not even the SMTP greeting)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)


def start_site(env):
    port = free_port()
    base = {**os.environ, **env, "HTTPS_ONLY": "off", "DEBUG": "off", "SECRET_KEY": "bench-" * 10}
    base["ALLOWED_HOSTS"] = "127.0.0.1"
    base["SITE_URL"] = f"http://127.0.0.1:{port}"
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=base, check=True)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=base,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server, f"http://127.0.0.1:{port}", base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def article_path(env):
    script = (
        "from articles.models import Article; from django.utils import timezone;"
        "a = Article.objects.published().filter(comments_open=True).first();"
        "print(a.pk, a.get_absolute_url())"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", script], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return int(out[0]), out[1]


def post(base, article_id, path, *, n, ip_header=None):
    """GET the article for the CSRF cookie and token, then POST the form; (status, seconds)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(base + urllib.parse.quote(path, safe="/%"), timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "comment": f"تعليق قياس رقم {n} {time.time()}",
            "author": f"قارئ {n}",
            "email": f"bench{n}-{time.time()}@example.com",
            "url": "",
            "comment_parent": "0",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/comments/post/{article_id}/", data=data, headers={"Referer": base + "/"}
    )
    started = time.monotonic()
    try:
        status = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def latest(env, n=1):
    script = (
        "import json; from comments.models import Comment;"
        f"print(json.dumps(list(Comment.objects.order_by('-pk').values('status','akismet_result')[:{n}])))"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", script], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(out)


def scenario(name, env, *, posts=3):
    server, base, full_env = start_site(env)
    try:
        subprocess.run([PYTHON, "manage.py", "seed_demo"], cwd=ROOT, env=full_env, check=True,
                       capture_output=True)  # fmt: skip
        article_id, path = article_path(full_env)
        times = []
        for n in range(posts):
            status, seconds = post(base, article_id, path, n=n)
            times.append(seconds)
            print(f"{name:12} post {n + 1}: HTTP {status} in {seconds:.2f} s")
            time.sleep(16)  # the flood rule
        print(f"{name:12} stored: {latest(full_env, posts)}")
        return times
    finally:
        server.terminate()
        server.wait()


def flood(env):
    server, base, full_env = start_site(env)
    try:
        article_id, path = article_path(full_env)
        before = int(subprocess.run(
            [PYTHON, "manage.py", "shell", "-v", "0", "-c",
             "from comments.models import Comment; print(Comment.objects.count())"],
            cwd=ROOT, env=full_env, capture_output=True, text=True, check=True,
        ).stdout)  # fmt: skip
        codes = []
        barrier = threading.Barrier(20)

        def one(n):
            barrier.wait()
            codes.append(post(base, article_id, path, n=100 + n)[0])

        threads = [threading.Thread(target=one, args=(n,)) for n in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = int(subprocess.run(
            [PYTHON, "manage.py", "shell", "-v", "0", "-c",
             "from comments.models import Comment; print(Comment.objects.count())"],
            cwd=ROOT, env=full_env, capture_output=True, text=True, check=True,
        ).stdout)  # fmt: skip
        print(f"flood        20 concurrent posts from one address: codes {sorted(codes)}")
        print(f"flood        comments stored: {after - before}")
    finally:
        server.terminate()
        server.wait()


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (it is seeded).")
    fake = FakeAkismet()
    smtp = SilentSMTP()
    akismet = {"AKISMET_API_KEY": VALID_KEY, "AKISMET_API_URL": fake.url, "AKISMET_TIMEOUT": "1"}
    try:
        fake.mode, fake.delay = "drip", 1.5
        scenario("drip", akismet)
        fake.reset()
        fake.mode = "hang"
        scenario("hang", akismet)
        fake.reset()
        mail = {**akismet, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}", "EMAIL_TIMEOUT": "10"}
        scenario("silent-smtp", mail)
        flood(akismet)
    finally:
        fake.stop()


if __name__ == "__main__":
    main()

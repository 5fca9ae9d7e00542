"""The cached server's scenarios beyond one page under load (bench/README.md, "Scenarios"):

- the front proxy (bin/proxy) in front of gunicorn: the hot article through it, and how long a
  committed change (a comment approved, an article saved) takes to show through it;
- the herd: 200 requests at once for a page whose generation just moved, and how many of them
  rendered it (the app says so in `X-Page-Cache`: `miss` is a render);
- breaking news: 32 connections reading a mix of pages while a comment is approved every
  second and an article saved every 10 s;
- hostile comments: hundreds of 65 KB comments, then the workers' memory;
- Lighthouse (mobile) on the home page and the 200-comment article, when npx and Chromium are
  there.

Changes are made in this process against the bench's database, through the site's own
actions (comments/actions.py, articles/workflow.py), so their signals bump the generations in
the servers' Redis (`use_shared_cache`).
"""

import contextlib
import json
import os
import secrets
import shutil
import socket
import string
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from bench.common import BROWSER, ROOT, free_port, http_get, log, wrk

HERD_CLIENTS = 200
LIGHTHOUSE_PACKAGE = "lighthouse@12.8.2"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def use_shared_cache(redis_url):
    """Point this process's cache at the servers' Redis: a change made here must bump the
    generations the servers read (the in-process query counts ran without a cache)."""
    from django.test.utils import override_settings

    override_settings(
        CACHES={"default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": redis_url}}
    ).enable()


def marker():
    """Letters only: digits may be shown as Arabic-Indic numerals on the page."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


class Newsroom:
    """An editor's and a moderator's work, done the way the admin and the desk do it."""

    def __init__(self, hot):
        from django.contrib.auth import get_user_model

        self.editor, _ = get_user_model().objects.get_or_create(
            username="bench-editor",
            defaults={"is_staff": True, "is_superuser": True, "email": "bench-editor@example.com"},
        )
        self.hot = hot
        self.saved = {}  # article id: (title, content_updated_at) to put back at the end

    def pending(self, article, count):
        """New comments waiting for moderation (removed with the bench's posts at the end)."""
        from bench.seed import POSTER_NAME
        from comments.models import Comment

        made = []
        for _ in range(count):
            text = marker()
            comment = Comment.objects.create(
                article=article,
                author_name=POSTER_NAME,
                author_email=f"bench-{text}@example.com",
                content=f"تعليق عاجل {text}",
                status=Comment.Status.PENDING,
                depth=1,
                ip="192.0.2.1",
            )
            comment.store_html()
            made.append((comment, text))
        return made

    def approve(self, comment):
        from django.db import transaction

        from comments import actions

        with transaction.atomic():
            actions.perform(comment, "approve", by=self.editor)

    def save(self, article, title=None):
        """Save as the admin's form does (articles/workflow.py); with a title, a new one."""
        from articles import workflow

        article.refresh_from_db()
        self.saved.setdefault(article.pk, (article.title, article.content_updated_at))
        changed = []
        if title is not None:
            article.title, changed = title, ["title"]
        workflow.save_edited(
            article,
            by=self.editor,
            is_new=False,
            previous_status=article.status,
            changed_fields=changed,
        )

    def restore(self):
        from articles.models import Article

        for pk, (title, updated) in self.saved.items():
            article = Article.objects.get(pk=pk)
            if article.title != title:
                self.save(article, title=title)
            Article.objects.filter(pk=pk).update(content_updated_at=updated)


# --- the front proxy ------------------------------------------------------------------------


class Proxy:
    """bin/proxy (nginx) on a free port in front of the cached gunicorn."""

    def __init__(self, upstream_port, logdir):
        from django.conf import settings

        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        folder = logdir / "proxy"
        folder.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "PROXY_PORT": str(self.port),
            "UPSTREAM": f"127.0.0.1:{upstream_port}",
            "STATIC_ROOT": str(settings.STATIC_ROOT),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PROXY_DIR": str(folder),
        }
        self.logfile = open(logdir / "proxy.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(ROOT / "bin" / "proxy")], env=env, stdout=self.logfile, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.logfile.close()
                reason = Path(self.logfile.name).read_text().strip().splitlines()
                raise RuntimeError(reason[-1] if reason else "bin/proxy exited")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("bin/proxy did not listen within 15 s")

    def get(self, path):
        return http_get(self.port, path)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.logfile.close()


def seconds_until_seen(get, path, text, started, limit=15.0):
    """Poll path until its body holds text; seconds from `started` (None: not within limit)."""
    wanted = text.encode()
    while True:
        _, _, body = get(path)
        now = time.monotonic()
        if wanted in body:
            return now - started
        if now - started > limit:
            return None
        time.sleep(0.02)


def proxy_hit(proxy, path):
    """Until the proxy answers path from its copy: the change must replace a cached page."""
    for _ in range(100):
        if proxy.get(path)[1].get("x-proxy-cache") == "HIT":
            return
        time.sleep(0.05)


def freshness(proxy, newsroom, samples):
    """Seconds from a commit until the change shows through the proxy: comment approvals and
    article saves, alternately, on the hot article."""
    path = newsroom.hot.get_absolute_url()
    delays = {"comment approved": [], "article saved": []}
    waiting = newsroom.pending(newsroom.hot, samples)
    for comment, text in waiting:
        proxy_hit(proxy, path)
        newsroom.approve(comment)
        delays["comment approved"].append(
            seconds_until_seen(proxy.get, path, text, time.monotonic())
        )
        proxy_hit(proxy, path)
        title = f"{newsroom.saved.get(newsroom.hot.pk, (newsroom.hot.title,))[0]} {marker()}"
        newsroom.save(newsroom.hot, title=title)
        delays["article saved"].append(
            seconds_until_seen(proxy.get, path, title.rsplit(" ", 1)[1], time.monotonic())
        )
    return delays


# --- the herd -------------------------------------------------------------------------------


def burst(port, path, clients, header="X-Page-Cache"):
    """`clients` connections open first, then one GET each at the same moment; a count of
    their `header` values (an HTTP status when there is none, "error" when it failed)."""
    import http.client

    ready = threading.Barrier(clients + 1)
    states, lock = Counter(), threading.Lock()

    def one():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        state = "error"
        try:
            connection.connect()
            ready.wait(timeout=30)
            connection.request("GET", path, headers={"User-Agent": BROWSER})
            response = connection.getresponse()
            response.read()
            state = response.getheader(header) or f"HTTP {response.status}"
            if response.status != 200:
                state = f"HTTP {response.status}"
        except (OSError, threading.BrokenBarrierError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        with lock:
            states[state] += 1

    threads = [threading.Thread(target=one, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        ready.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=90)
    return dict(states)


def herd(server, newsroom, home_path, other):
    """Three rounds: the hot article after a comment approval (its own generation), the home
    page after an article save (the site's), the hot article after an article save. Before
    each, the page is cached (a hit); renders are the answers marked `miss`."""
    hot_path = newsroom.hot.get_absolute_url()
    rounds = []
    waiting = newsroom.pending(newsroom.hot, 1)
    for label, path, change in (
        ("hot article, comment approved", hot_path, lambda: newsroom.approve(waiting[0][0])),
        ("home, article saved", home_path, lambda: newsroom.save(other)),
        ("hot article, article saved", hot_path, lambda: newsroom.save(other)),
    ):
        for _ in range(50):
            if http_get(server.port, path)[1].get("x-page-cache") == "hit":
                break
            time.sleep(0.05)
        change()
        states = burst(server.port, path, HERD_CLIENTS)
        rounds.append({"round": label, "renders": states.get("miss", 0), "states": states})
        log(f"  herd: {label}: {states}")
    return rounds


def proxy_herd(server, proxy, newsroom, other):
    """The same burst through the proxy, on the hot article, after an article save and once
    the proxy's copy has expired (its microcache keeps a page 1 s): how many of the 200
    requests reached gunicorn (counted in its access log), and the proxy's X-Proxy-Cache."""
    path = newsroom.hot.get_absolute_url()
    proxy_hit(proxy, path)
    log_path = Path(server.logfile.name)
    before = log_path.stat().st_size
    newsroom.save(other)
    time.sleep(1.2)
    states = burst(proxy.port, path, HERD_CLIENTS, header="X-Proxy-Cache")
    time.sleep(1.5)  # a background refresh may still be on its way
    with log_path.open("rb") as stream:
        stream.seek(before)
        reached = sum(1 for line in stream if f'"GET {path} '.encode() in line)
    log(f"  herd through the proxy: {reached} request(s) reached gunicorn; {states}")
    return {"reached": reached, "states": states}


# --- breaking news --------------------------------------------------------------------------


def breaking_news(origin, paths, newsroom, saved, duration, connections, warmup):
    """wrk reads a random mix of `paths` for `duration` seconds while a moderator approves a
    comment on the hot article every second and an editor saves `saved` (first after 2 s,
    then every 10 s). Returns wrk's figures and the changes made."""
    from django.db import connection

    env = {"BENCH_MODE": "mix", "BENCH_PATHS": " ".join(paths)}
    if warmup:
        wrk(origin + paths[0], duration=warmup, threads=2, connections=connections,
            extra_env=env)  # fmt: skip
    waiting = newsroom.pending(newsroom.hot, duration + 2)
    stop, done, problems = threading.Event(), Counter(), []

    def desk():
        started = time.monotonic()
        try:
            for second, (comment, _) in enumerate(waiting, start=1):
                if stop.wait(max(0.0, started + second - time.monotonic())):
                    return
                newsroom.approve(comment)
                done["approved"] += 1
                if second % 10 == 2:
                    newsroom.save(saved)
                    done["saved"] += 1
        except Exception as error:  # reported, not hidden: the scenario is then void
            problems.append(repr(error))
        finally:
            connection.close()

    thread = threading.Thread(target=desk, daemon=True)
    thread.start()
    figures = wrk(origin + paths[0], duration=duration, threads=2, connections=connections,
                  extra_env=env)  # fmt: skip
    stop.set()
    thread.join(timeout=30)
    return {**figures, "connections": connections, **done, "problems": problems}


# --- hostile comments -----------------------------------------------------------------------


def hostile_comments(server, article, posts, feed_path):
    """`posts` comments of 65,000 × '&' (each with its own first word, so none is a cached
    rendering of another), 4 at a time, each from its own address and e-mail; then the
    article page and its comment feed are read (the feed renders comment texts). Returns
    the answers' statuses and each worker's RSS afterwards."""
    import http.client

    from django.urls import reverse

    from bench.seed import POSTER_NAME

    path = reverse("comments:post", kwargs={"article_id": article.pk})
    token = marker()
    statuses, lock = Counter(), threading.Lock()
    numbers = iter(range(posts))

    def poster():
        for n in numbers:
            body = urllib.parse.urlencode({
                "author": POSTER_NAME, "email": f"bench-{token}-{n}@example.com", "url": "",
                "comment_parent": "0", "ak_hp_textarea": "",
                "comment": f"{token}{n} " + "&" * 65_000,
            }).encode()  # fmt: skip
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            try:
                connection.request("POST", path, body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": server.origin, "Referer": server.origin + "/",
                    "X-Forwarded-For": f"10.251.{n // 256}.{n % 256}", "User-Agent": BROWSER,
                })  # fmt: skip
                status = connection.getresponse().status
            except (OSError, http.client.HTTPException):
                status = "error"
            finally:
                connection.close()
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=poster, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for _ in range(4):  # both workers, most likely
        for page in (article.get_absolute_url(), feed_path):
            http_get(server.port, page)
    return {"posts": posts, "statuses": dict(statuses), "memory": server.worker_memory()}


# --- Lighthouse -----------------------------------------------------------------------------


def lighthouse(origin, pages, logdir):
    """Scores (0–100) of each page, mobile preset, or the reason it was skipped."""
    chromium = os.environ.get("CHROME_PATH") or next(
        (found for name in ("chromium", "chromium-browser", "google-chrome")
         if (found := shutil.which(name))), None,
    )  # fmt: skip
    command = os.environ.get("BENCH_LIGHTHOUSE", "").split()
    if not command and shutil.which("npx"):
        command = ["npx", "--yes", LIGHTHOUSE_PACKAGE]
    if chromium is None:
        return {"skipped": "no Chromium (Debian: apt-get install chromium; or set CHROME_PATH)"}
    if not command:
        return {"skipped": "no npx (Debian: apt-get install npm; or set BENCH_LIGHTHOUSE)"}
    scores = {}
    for label, path in pages:
        output = logdir / f"lighthouse-{len(scores)}.json"
        try:
            result = subprocess.run(
                [*command, origin + path, "--quiet", "--output=json",
                 f"--output-path={output}",
                 f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True,
                timeout=300,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return {"skipped": f"Lighthouse took over 300 s on {path}"}
        if result.returncode != 0 or not output.exists():
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            return {"skipped": f"Lighthouse failed on {path}: {last[:200]}"}
        categories = json.loads(output.read_text())["categories"]
        scores[label] = {
            name: round(categories[name]["score"] * 100)
            for name in LIGHTHOUSE_CATEGORIES
            if categories.get(name, {}).get("score") is not None
        }
        log(f"  lighthouse: {label}: {scores[label]}")
    return {"scores": scores, "command": " ".join(command)}


# --- all of them, on the cached server ------------------------------------------------------


def scenario_pages():
    """The hot article (200 comments), the article saved during breaking news, the mix's
    paths, the comment feed of the POST target and the pages Lighthouse looks at."""
    from django.urls import reverse

    from articles.models import Article, Category
    from bench import seed

    articles = {
        a.slug: a
        for a in Article.objects.filter(
            slug__in=[seed.ARTICLE_200, seed.ARTICLE_0, seed.POST_TARGET, "bench-10", "bench-11"]
        )
    }
    hot = articles[seed.ARTICLE_200]
    section = Category.objects.get(slug="bench-1").get_absolute_url()
    others = [articles[slug] for slug in (seed.ARTICLE_0, "bench-10", "bench-11")]
    return {
        "hot": hot,
        "saved": others[1],
        "mix": ["/", hot.get_absolute_url(), *(a.get_absolute_url() for a in others), section],
        "post_target": articles[seed.POST_TARGET],
        "feed": reverse("comments:feed", kwargs={"article_id": articles[seed.POST_TARGET].pk}),
        "lighthouse": [("home", "/"), ("article, 200 comments", hot.get_absolute_url())],
    }


def run_all(server, args, logdir, load):
    """Every scenario on the running cached server; (rows for the main table, details)."""
    found = scenario_pages()
    newsroom = Newsroom(found["hot"])
    try:
        return _run_all(server, args, logdir, load, found, newsroom)
    finally:
        newsroom.restore()  # the hot article's title as it was


def _run_all(server, args, logdir, load, found, newsroom):
    rows, details = [], {}
    log("  cached: herd (200 requests at once after a change)")
    details["herd"] = herd(server, newsroom, "/", found["saved"])
    log(f"  cached: breaking news, {args.breaking_connections} connections, no proxy")
    news = breaking_news(
        server.origin, found["mix"], newsroom, found["saved"],
        args.breaking_duration, args.breaking_connections, args.warmup,
    )  # fmt: skip
    rows.append({"page": "breaking news (mix, changes)", "run": "cached", **news})
    details["breaking"] = [("no proxy", news)]
    try:
        proxy = Proxy(server.port, logdir)
    except RuntimeError as error:
        details["proxy"] = f"skipped: {error}"
        log(f"  proxy skipped: {error}")
        proxy = None
    if proxy is not None:
        try:
            log("  cached: article, 200 comments, through the proxy")
            path = found["hot"].get_absolute_url()
            status, _, body = proxy.get(path)
            if status != 200 or path.encode() not in body:  # its canonical link
                details["proxy"] = f"the hot article through the proxy answers {status}"
                rows.append({"page": "article, 200 comments, through the proxy",
                             "run": "cached", "failed": True})  # fmt: skip
            else:
                rows.append({"page": "article, 200 comments, through the proxy", "run": "cached",
                             **load(proxy, path)})  # fmt: skip
            log(f"  cached: change → visible through the proxy, {args.fresh_samples} × 2")
            details["freshness"] = freshness(proxy, newsroom, args.fresh_samples)
            details["proxy_herd"] = proxy_herd(server, proxy, newsroom, found["saved"])
            log("  cached: breaking news through the proxy")
            news = breaking_news(proxy.origin, found["mix"], newsroom, found["saved"],
                                 args.breaking_duration, args.breaking_connections,
                                 args.warmup)  # fmt: skip
            rows.append({"page": "breaking news (mix, changes), through the proxy",
                         "run": "cached", **news})  # fmt: skip
            details["breaking"].append(("through the proxy", news))
        finally:
            proxy.stop()
    if args.lighthouse:
        log("  cached: Lighthouse (mobile)")
        details["lighthouse"] = lighthouse(server.origin, found["lighthouse"], logdir)
    else:
        details["lighthouse"] = {"skipped": "--no-lighthouse"}
    log(f"  cached: {args.hostile_posts} hostile comments of 65,000 × '&'")
    details["hostile"] = hostile_comments(
        server, found["post_target"], args.hostile_posts, found["feed"]
    )
    return rows, details

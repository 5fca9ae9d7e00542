"""The one-command benchmark behind bench/run (see bench/README.md).

Seeds the data set (bench/seed.py) in PostgreSQL, then starts the site twice under gunicorn
with DEBUG off, once with a dummy cache ("uncached") and once with Redis ("cached"), loads each
page with wrk on loopback and prints requests/s, p50 and p99 next to the floor (a minimal
Django view under the same server), the workers' memory and the SQL queries per page. On the
cached server it also posts comments and runs the scenarios of bench/scenarios.py (the front
proxy, the herd, breaking news, hostile comments, Lighthouse). bench/report.py writes the table
and the issue's targets to bench/RESULTS.md.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
WORKERS = "2"

from bench import scenarios  # noqa: E402
from bench.common import BROWSER, fail, free_port, log, wrk  # noqa: E402
from bench.report import (  # noqa: E402
    evaluate,
    keep_other_sections,
    machine_info,
    markdown,
    report_scenarios,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per figure instead of 10")
    parser.add_argument("--reseed", action="store_true", help="rebuild the data set first")
    parser.add_argument("--duration", type=int, help="seconds of load per figure")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up load before each figure")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument(
        "--breaking-duration",
        type=int,
        help="seconds of the breaking-news scenario (30; --quick 12)",
    )
    parser.add_argument("--breaking-connections", type=int, default=32)
    parser.add_argument(
        "--fresh-samples",
        type=int,
        help="approvals and saves timed through the proxy (5 each; --quick 3)",
    )
    parser.add_argument(
        "--hostile-posts",
        type=int,
        help="comments of 65,000 × '&' before memory is read (600; --quick 200)",
    )
    parser.add_argument(
        "--no-lighthouse", dest="lighthouse", action="store_false", help="skip the Lighthouse step"
    )
    args = parser.parse_args()
    args.duration = args.duration or (3 if args.quick else 10)
    args.breaking_duration = args.breaking_duration or (12 if args.quick else 30)
    args.fresh_samples = args.fresh_samples or (3 if args.quick else 5)
    args.hostile_posts = args.hostile_posts or (200 if args.quick else 600)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 2)
    return args


# --- set-up ---------------------------------------------------------------------------------


def base_environment():
    """What both the in-process Django and the servers share."""
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        fail(f"DATABASE_URL must point to PostgreSQL (got {database_url!r}).")
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(60),  # a fresh key for this run only
        "HTTPS_ONLY": "off",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "consolemail://",
    }


def check_tools(redis_url):
    if shutil.which("wrk") is None:
        fail("wrk is missing: install it (Debian: apt-get install wrk).")
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except Exception as error:  # any failure means the same to the user
        fail(f"Redis at {redis_url} is not reachable ({error}); set BENCH_REDIS_URL.")


def setup_django(env):
    os.environ.update(env)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ["CACHE_URL"] = "dummycache://"
    import django

    try:
        django.setup()
        from django.db import connection

        create_database_if_missing(connection)
        connection.ensure_connection()
    except Exception as error:
        fail(
            f"cannot reach PostgreSQL at {env['DATABASE_URL']} ({error}). "
            "Is the server running? Set DATABASE_URL to a database the bench may fill."
        )


def create_database_if_missing(connection):
    """A fresh machine has no bench database: create it through the server's maintenance
    database, as createdb would."""
    import psycopg2

    try:
        connection.ensure_connection()
        return
    except Exception as error:
        if "does not exist" not in str(error):
            raise
    params = connection.get_connection_params()
    name = params.pop("dbname", None) or params.pop("database")
    maintenance = psycopg2.connect(**{**params, "dbname": "postgres"})
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    maintenance.close()
    log(f"created the database {name}")


def prepare(args):
    from django.core.management import call_command

    from bench import seed

    log("migrating")
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if seed.seed(reseed=args.reseed, log=log):
        log(f"seeded the data set in {time.monotonic() - started:.0f} s")
    else:
        log("data set already present (--reseed rebuilds it)")
    remove_posted()
    log("collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)


def remove_posted():
    from bench.seed import POSTER_NAME
    from comments.models import Comment

    Comment.objects.filter(author_name=POSTER_NAME).delete()


def pages():
    """(label, path) of every page loaded, and the POST target's paths."""
    from articles.models import Article, Category
    from bench import seed

    by_slug = {
        a.slug: a for a in Article.objects.filter(slug__in=[*seed.SPECIAL, seed.POST_TARGET])
    }
    category = Category.objects.get(slug="bench-1")
    search = "/search/?" + urllib.parse.urlencode({"q": seed.SEARCH_WORD})
    return [
        ("floor (minimal view)", "/bench/floor/"),
        ("home", "/"),
        ("category", category.get_absolute_url()),
        ("search", search),
        ("article, 0 comments", by_slug[seed.ARTICLE_0].get_absolute_url()),
        ("article, 200 comments", by_slug[seed.ARTICLE_200].get_absolute_url()),
        ("article, 1,000 comments", by_slug[seed.ARTICLE_1000].get_absolute_url()),
    ], by_slug[seed.POST_TARGET]


def query_counts(page_list):
    """SQL queries per page for an anonymous reader, uncached, through the test client: the
    second request of each page, as a running server sees it (the first one in a process also
    pays for once-per-process work, such as writing the counted views that were due)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, author_url

    counts = {}
    client = Client(HTTP_USER_AGENT=BROWSER)
    for label, path in page_list:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            fail(f"{path} answers {response.status_code} in-process")
        counts[label] = len(captured.captured_queries)
    author = Article.objects.filter(slug="bench-5").select_related("author").get().author
    client.get(author_url(author))
    with CaptureQueriesContext(connection) as captured:
        status = client.get(author_url(author)).status_code
    counts["author page"] = len(captured.captured_queries) if status == 200 else None
    return counts


# --- the server -----------------------------------------------------------------------------


class Server:
    """gunicorn with the repository's gunicorn.conf.py when there is one, else 2 sync workers."""

    def __init__(self, env, cache_url, akismet_url, logdir):
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            **env,
            "CACHE_URL": cache_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.origin,
            "AKISMET_API_KEY": akismet_key(),
            "AKISMET_API_URL": akismet_url,
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", WORKERS),
        }
        config = ROOT / "gunicorn.conf.py"
        command = [PYTHON, "-m", "gunicorn", "newsroom.wsgi:application"]
        if config.exists():
            command += ["-c", str(config)]
            self.description = f"gunicorn.conf.py, WEB_CONCURRENCY={self.env['WEB_CONCURRENCY']}"
        else:
            command += ["-w", self.env["WEB_CONCURRENCY"], "--timeout", "30"]
            self.description = f"no gunicorn.conf.py: {self.env['WEB_CONCURRENCY']} sync workers"
        command += ["-b", f"127.0.0.1:{self.port}"]
        self.logfile = open(logdir / f"gunicorn-{self.port}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.logfile, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"gunicorn exited at start; see {self.logfile.name}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        fail(f"gunicorn did not answer within 60 s; see {self.logfile.name}")

    def get(self, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"User-Agent": BROWSER, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def post(self, path, body, headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def worker_memory(self):
        """RSS in MB of each worker (the master's children), from /proc."""
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields.get("PPid", "0").strip()) == self.process.pid and "VmRSS" in fields:
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sorted(sizes)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.logfile.close()


def akismet_key():
    from tests.akismet_fake import VALID_KEY

    return VALID_KEY


# --- load -----------------------------------------------------------------------------------


def load(server, path, args, *, threads=2, connections=None, extra_env=None):
    connections = connections or args.connections
    threads = min(threads, connections)
    url = server.origin + path
    if args.warmup:
        wrk(url, duration=args.warmup, threads=threads, connections=connections,
            extra_env=warm_env(extra_env))  # fmt: skip
    return wrk(url, duration=args.duration, threads=threads, connections=connections,
               extra_env=extra_env)  # fmt: skip


_runs = iter(range(1, 60))


def warm_env(extra_env):
    if not extra_env or extra_env.get("BENCH_MODE") != "post":
        return extra_env
    return {**extra_env, "BENCH_OFFSET": str(next(_runs) * 4 * 65536)}


def post_setup(server, article):
    """The form's fixed fields, CSRF token and cookie, as a browser gets them from the page."""
    from bench.seed import POSTER_NAME

    _, headers, body = server.get(article.get_absolute_url())
    cookies = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if "csrftoken" not in cookies:  # a cached page without the cookie: ask for one
        for path in ("/comments/csrf/",):
            _, more, _ = server.get(path)
            for name, value in more:
                if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                    cookies["csrftoken"] = value.split("=", 1)[1].split(";", 1)[0]
    # Without a token in the page, Django accepts the cookie's secret itself as the token.
    token = token.group(1).decode() if token else cookies.get("csrftoken", "")
    fields = {
        "author": POSTER_NAME,
        "url": "",
        "comment_parent": "0",
        "ak_hp_textarea": "",
    }
    if token:
        fields["csrfmiddlewaretoken"] = token
    return {
        "BENCH_MODE": "post",
        "BENCH_ORIGIN": server.origin,
        "BENCH_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items() if k == "csrftoken"),
        "BENCH_BODY": urllib.parse.urlencode(fields),
        "BENCH_TOKEN": secrets.token_hex(4),
    }


def check_post(server, path, env):
    """One post by hand before the load: it must be stored and redirect (302)."""
    body = env["BENCH_BODY"] + "&" + urllib.parse.urlencode(
        {"email": f"bench-check-{env['BENCH_TOKEN']}@example.com",
         "comment": f"تعليق تجريبي {env['BENCH_TOKEN']}"}
    )  # fmt: skip
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": server.origin,
        "Referer": server.origin + "/",
        "X-Forwarded-For": "10.250.0.1",
        "User-Agent": BROWSER,
    }
    if env["BENCH_COOKIE"]:
        headers["Cookie"] = env["BENCH_COOKIE"]
    status, _, answer = server.post(path, body.encode(), headers)
    if status != 302:
        log(f"the comment POST answers {status}, not 302: {answer[:300]!r}")
        return False
    return True


def run_server(label, cache_url, base_env, page_list, post_article, fake, args, logdir):
    rows, info = [], {}
    if cache_url.startswith("redis"):
        import redis

        redis.Redis.from_url(cache_url).flushdb()  # the bench's own Redis database only
    log(f"starting gunicorn ({label}, CACHE_URL={cache_url})")
    server = Server(base_env, cache_url, fake.url, logdir)
    info["server"] = server.description
    try:
        for name, path in page_list:
            alone = []
            for _ in range(1 if args.quick else 3):  # one request at a time, no other load
                started = time.perf_counter()
                status, _, _ = server.get(path)
                alone.append((time.perf_counter() - started) * 1000)
                if status != 200:
                    fail(f"{path} answers {status} under gunicorn ({label})")
            log(f"  {label}: {name}")
            figures = load(server, path, args)
            rows.append({"page": name, "run": label, "alone": sorted(alone)[len(alone) // 2],
                         **figures})  # fmt: skip
        if post_article is not None:
            rows += post_rows(server, label, post_article, fake, args)
            more, info["scenarios"] = scenarios.run_all(
                server, args, logdir, lambda target, path: load(target, path, args)
            )
            rows += more
        # The floor once more at the end: on a shared machine it drifts during a run, and the
        # ratios use the mean of both measurements.
        for name, path in page_list:
            if name.startswith("floor"):
                log(f"  {label}: {name}, again at the end")
                rows.append({"page": f"{name}, end of run", "run": label,
                             **load(server, path, args)})  # fmt: skip
        info["memory"] = server.worker_memory()
    finally:
        server.stop()
    return rows, info


def post_rows(server, label, article, fake, args):
    from django.urls import reverse

    path = reverse("comments:post", kwargs={"article_id": article.pk})
    env = post_setup(server, article)
    if not check_post(server, path, env):
        return [{"page": "comment POST", "run": label, "failed": True}]
    rows = []
    for delay in (0, 200):
        fake.mode, fake.delay = ("slow", delay / 1000) if delay else ("ok", 0)
        for connections in (1, args.connections):
            log(f"  {label}: comment POST, Akismet {delay} ms, {connections} connection(s)")
            figures = load(
                server, path, args, threads=2, connections=connections,
                extra_env={**env, "BENCH_OFFSET": str(next(_runs) * 4 * 65536)},
            )  # fmt: skip
            rows.append(
                {"page": f"comment POST, Akismet {delay} ms", "run": label,
                 "connections": connections, **figures}
            )  # fmt: skip
    fake.mode, fake.delay = "ok", 0
    return rows


def main():
    args = parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    check_tools(redis_url)
    env = base_environment()
    setup_django(env)
    prepare(args)
    page_list, post_article = pages()
    log("counting queries per page")
    counts = query_counts(page_list)
    scenarios.use_shared_cache(redis_url)  # from here on, changes made here reach the servers

    from tests.akismet_fake import FakeAkismet

    fake = FakeAkismet()
    logdir = Path(os.environ.get("BENCH_LOG_DIR", "/tmp")) / f"newsroom-bench-{os.getpid()}"
    logdir.mkdir(parents=True, exist_ok=True)
    rows, memory, floors, servers, details = [], {}, {}, set(), {}
    try:
        for label, cache_url, posting in (
            ("uncached", "dummycache://", None),
            ("cached", redis_url, post_article),
        ):
            server_rows, server_info = run_server(
                label, cache_url, env, page_list, posting, fake, args, logdir
            )
            rows += server_rows
            memory[label] = server_info["memory"]
            details.update(server_info.get("scenarios", {}))
            servers.add(server_info["server"])
            measured = [r["rps"] for r in server_rows if r["page"].startswith("floor")]
            floors[label] = sum(measured) / len(measured)
    finally:
        fake.stop()
        remove_posted()
    targets = evaluate(rows, floors, counts, memory, details)
    report = markdown(
        machine_info(env), rows, floors, counts, memory, targets, "; ".join(servers), args
    ) + report_scenarios(details, args)
    print()
    print(report)
    output = Path(args.output)
    previous = output.read_text(encoding="utf-8") if output.exists() else ""
    output.write_text(keep_other_sections(report, previous), encoding="utf-8")
    log(f"wrote {args.output}; server logs in {logdir}")


if __name__ == "__main__":
    main()

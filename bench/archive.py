"""`bench/run --archive`: does the site stay as fast at a daily's archive size?

Two databases: the bench's small data set (1,000 articles, 20,000 comments: bench/seed.py) and
the archive (200,000 articles, 2,000,000 comments: bench/archive_seed.py grows a copy of the
small one with set-based SQL). Each page is requested in-process through Django's test client,
DEBUG off and the cache a dummy one (every request renders), and the median of N requests is
compared: the archive must stay within 2× of the small set. The slowest SQL query of each page
on the archive is given with its EXPLAIN ANALYZE. Writes bench/RESULTS-archive.md.

One process per database (Django holds one default database): the parent starts
`archive.py --measure URL --json FILE` for each and writes the table.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SMALL_URL = "postgres://postgres@127.0.0.1:5432/newsroom_archive_small"
ARCHIVE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_archive"
DEEP_PAGE = 2000
LIMIT = 2.0  # the archive's median may be at most this many times the small set's
MODERATOR = "bench-moderator"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="(what bench/run passes)")
    parser.add_argument("--requests", type=int, default=7, help="requests per page (median)")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS-archive.md"))
    parser.add_argument("--measure", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    parser.add_argument("--grow", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- in the child: one database ---------------------------------------------------------------


def setup(database_url):
    from bench.bench import base_environment, create_database_if_missing

    os.environ["DATABASE_URL"] = database_url
    env = base_environment()
    os.environ.update(env)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ["CACHE_URL"] = "dummycache://"
    import django

    django.setup()
    from django.db import connection

    create_database_if_missing(connection)


def prepare(grow, log):
    from django.core.management import call_command
    from django.db import connection

    from bench import archive_seed, seed

    call_command("migrate", verbosity=0)
    if seed.seed(log=log):
        log("seeded the small data set")
    if grow:
        started = time.monotonic()
        if archive_seed.grow(connection, log=log):
            log(f"grew the archive in {time.monotonic() - started:.0f} s")
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off needs the manifest


def pages():
    from django.urls import reverse

    from articles.models import Article, Category
    from bench import seed

    category = Category.objects.get(slug="bench-1")
    article = Article.objects.get(slug="bench-5")
    search = "/search/?" + urllib.parse.urlencode({"q": seed.SEARCH_WORD})
    desk = reverse("admin:comments_comment_changelist")
    listed = [
        ("home", "/", False),
        ("section, page 1", category.get_absolute_url(), False),
        (f"section, page {DEEP_PAGE:,}", f"{category.get_absolute_url()}?page={DEEP_PAGE}", False),
        ("article (20 comments)", article.get_absolute_url(), False),
        ("search", search, False),
        ("/sitemap.xml", "/sitemap.xml", False),
        ("sitemap: articles, first page", "/sitemap-articles.xml", False),
        ("sitemap: articles, last page", None, False),
        ("sitemap: sections", "/sitemap-categories.xml", False),
        ("sitemap: authors", "/sitemap-authors.xml", False),
        ("RSS feed", reverse("articles:feed"), False),
        (
            "section feed (Atom)",
            reverse("articles:category-feed-atom", args=[category.slug]),
            False,
        ),
        ("desk: list", desk, True),
        ("desk: all comments", f"{desk}?status=all", True),
        ("desk: search, a reader's name", f"{desk}?status=all&q=قارئ 3532", True),
        # A word in a third of the comments: hundreds of thousands of matches to count.
        ("desk: search, a common word", f"{desk}?status=all&q=الواحه", True),
    ]
    return listed


def last_sitemap_page(client):
    """The URL of the last page of the articles' sitemap, as the index lists it."""
    import re

    body = client.get("/sitemap.xml").content.decode()
    urls = re.findall(r"<loc>[^<]*(/sitemap-articles\.xml[^<]*)</loc>", body)
    return urls[-1].replace("&amp;", "&") if urls else "/sitemap-articles.xml"


def moderator():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _ = get_user_model().objects.get_or_create(
        username=MODERATOR, defaults={"is_staff": True, "password": "!"}
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def measure(requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.common import BROWSER

    reader = Client(HTTP_USER_AGENT=BROWSER)
    desk = Client(HTTP_USER_AGENT=BROWSER)
    desk.force_login(moderator())
    results = {}
    for label, path, staff in pages():
        client = desk if staff else reader
        path = path or last_sitemap_page(reader)
        client.get(path)  # warm: once-per-process work, the database's buffers
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
        plan = ""
        if slowest:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + slowest["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
        results[label] = {
            "path": path,
            "status": response.status_code,
            "median_ms": statistics.median(times),
            "queries": len(captured.captured_queries),
            "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
            "slowest_sql": slowest["sql"] if slowest else "",
            "plan": plan,
        }
    return results


def child(args):
    from bench.common import log

    setup(args.measure)
    prepare(args.grow, log)
    results = measure(args.requests)
    Path(args.json).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


# --- in the parent: both, and the table -------------------------------------------------------


def run_child(database_url, grow, requests):
    from bench.common import fail, log

    log(f"measuring {database_url.rsplit('/', 1)[-1]}")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, __file__, "--measure", database_url, "--json", out.name]
        command += ["--requests", str(requests)] + (["--grow"] if grow else [])
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            fail(f"the measurement on {database_url} failed")
        return json.loads(Path(out.name).read_text(encoding="utf-8"))


def markdown(small, archive, requests):
    lines = [
        "# Archive scale",
        "",
        "Written by `bench/run --archive` (bench/archive.py). In-process through Django's test",
        f"client, DEBUG off, cache dummy (every request renders); median of {requests} requests",
        "after one warm-up. *Small*: 1,000 articles and 23,300 comments (bench/seed.py);",
        "*archive*: 200,000 articles and 2,000,000 comments (bench/archive_seed.py). Target: each",
        f"page on the archive within {LIMIT:g}× of its small-set time.",
        "",
        "| Page | Status (small / archive) | Small, ms | Archive, ms | Ratio | Queries "
        "(small / archive) | Slowest query on the archive, ms | Target |",
        "|---|---|---:|---:|---:|---|---:|---|",
    ]
    for label, big in archive.items():
        little = small[label]
        ratio = big["median_ms"] / little["median_ms"] if little["median_ms"] else 0
        met = "met" if ratio <= LIMIT and big["status"] in (200, 404) else "**missed**"
        lines.append(
            f"| {label} | {little['status']} / {big['status']} | {little['median_ms']:.1f} "
            f"| {big['median_ms']:.1f} | {ratio:.2f}× | {little['queries']} / {big['queries']} "
            f"| {big['slowest_ms']:.1f} | {met} |"
        )
    lines += ["", "## The slowest query of each page on the archive", ""]
    for label, big in archive.items():
        lines += [
            f"### {label} (`{big['path']}`)",
            "",
            "```sql",
            big["slowest_sql"][:1500],
            "```",
            "",
            "```",
            big["plan"],
            "```",
            "",
        ]
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    if args.measure:
        return child(args)
    from bench.common import log

    small_url = os.environ.get("BENCH_SMALL_DATABASE_URL", SMALL_URL)
    archive_url = os.environ.get("BENCH_ARCHIVE_DATABASE_URL", ARCHIVE_URL)
    small = run_child(small_url, False, args.requests)
    archive = run_child(archive_url, True, args.requests)
    report = markdown(small, archive, args.requests)
    print(report)
    Path(args.output).write_text(report + "\n", encoding="utf-8")
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()

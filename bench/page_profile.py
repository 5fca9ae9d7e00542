"""What a page the cache does not serve costs in-process: the process's CPU time per request
for the reader pages of the benchmark, uncached (`CACHE_URL=dummycache://`, `DEBUG` off), with
the SQL queries each makes. No server, no load: a quiet measure on a busy machine, where wrk's
figures mostly measure the neighbours (bench/run measures requests per second).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
    .venv/bin/python bench/page_profile.py [requests] [--only home,article/200]
        [--profile] [--dump DIR]

It seeds the data set when it is missing (bench/seed.py). Each page is requested a few times
first (imports, per-process memos), then `requests` times (default 100); the median and mean
CPU milliseconds are printed. `--profile` prints cProfile's top functions for each page;
`--dump DIR` writes each page's HTML to DIR (to compare the markup before and after a change).
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.update(
    {
        "DEBUG": "off",
        "SECRET_KEY": "bench-" * 10,
        "HTTPS_ONLY": "off",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": "http://testserver",
        "CACHE_URL": "dummycache://",
        "LOG_LEVEL": "ERROR",
    }
)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from bench import seed  # noqa: E402
from bench.bench import BROWSER  # noqa: E402


def pages():
    call_command("migrate", verbosity=0)
    seed.seed(log=print)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off reads the manifest
    by_slug = {a.slug: a for a in Article.objects.filter(slug__in=seed.SPECIAL)}
    return {
        "home": "/",
        "category": Category.objects.get(slug="bench-1").get_absolute_url(),
        "article/0": by_slug[seed.ARTICLE_0].get_absolute_url(),
        "article/200": by_slug[seed.ARTICLE_200].get_absolute_url(),
        "article/1000": by_slug[seed.ARTICLE_1000].get_absolute_url(),
    }


def option(name):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return None


def main():
    requests = int(next((a for a in sys.argv[1:] if a.isdigit()), "100"))
    only = option("--only")
    dump = option("--dump")
    profile = "--profile" in sys.argv
    client = Client(HTTP_USER_AGENT=BROWSER)
    chosen = {
        label: path for label, path in pages().items() if not only or label in only.split(",")
    }
    for label, path in chosen.items():
        for _ in range(5):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)  # read now: the next request empties the log
        if dump:
            Path(dump).mkdir(parents=True, exist_ok=True)
            Path(dump, label.replace("/", "-") + ".html").write_bytes(response.content)
        profiler = cProfile.Profile(time.process_time) if profile else None
        times = []
        for _ in range(requests):
            start = time.process_time()
            if profiler:
                profiler.enable()
            client.get(path)
            if profiler:
                profiler.disable()
            times.append((time.process_time() - start) * 1000)
        print(
            f"{label:14} CPU ms per request: median {statistics.median(times):6.2f},"
            f" mean {statistics.fmean(times):6.2f}; {query_count} queries;"
            f" {len(response.content):,} bytes"
        )
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("TOP", "50")))


if __name__ == "__main__":
    main()

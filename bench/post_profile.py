"""What one comment POST costs in-process: SQL queries and the web thread's CPU time, with the
fake Akismet of the tests answering at once. No server, no load: a quiet measure that shows
what a change to the POST path saves (bench/post_speed.py measures posts per second).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
    .venv/bin/python bench/post_profile.py [posts] [--profile]

It posts to the first open article (running seed_demo when there is none), each post from its
own address and e-mail, as bench/post_speed.py does, and deletes its comments afterwards.
`--profile` prints cProfile's top functions by cumulative time.
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
from tests.akismet_fake import VALID_KEY, FakeAkismet  # noqa: E402

AKISMET = FakeAkismet()
os.environ.update(
    {
        "DEBUG": "off",
        "SECRET_KEY": "bench-" * 10,
        "HTTPS_ONLY": "off",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": "http://testserver",
        "TRUSTED_PROXIES": "127.0.0.1",
        "AKISMET_API_KEY": VALID_KEY,
        "AKISMET_API_URL": AKISMET.url,
        "LOG_LEVEL": "ERROR",
    }
)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article  # noqa: E402
from comments.models import Comment  # noqa: E402


def open_article():
    article = Article.objects.published().filter(comments_open=True).first()
    if article is None:
        call_command("seed_demo", verbosity=0)
        article = Article.objects.published().filter(comments_open=True).first()
    return article


def main():
    posts = int(next((a for a in sys.argv[1:] if a.isdigit()), "300"))
    profile = "--profile" in sys.argv
    article = open_article()
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    client = Client(HTTP_ORIGIN="http://testserver", HTTP_USER_AGENT="Mozilla/5.0 bench")
    run = int(time.time())
    marker = f"profile-{run}"

    def post(n):
        response = client.post(
            url,
            {
                "author": f"{marker} {n}",
                "email": f"{marker}-{n}@example.com",
                "url": "",
                "comment_parent": "0",
                "comment": f"تعليق {marker} {n}",
            },
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.{run % 200}.{n // 256 % 256}.{n % 256}",
        )
        assert response.status_code == 302, (response.status_code, response.content[:300])

    try:
        for n in range(20):  # warm-up: imports, caches, the Akismet connection
            post(n)
        with CaptureQueriesContext(connection) as queries:
            post(20)
        print(f"queries per post: {len(queries)}")
        for query in queries:
            print("   ", query["sql"][:150])
        reset_queries()
        profiler = cProfile.Profile(time.thread_time) if profile else None
        times, walls = [], []
        for n in range(21, 21 + posts):
            wall = time.perf_counter()
            start = time.thread_time()
            if profiler:
                profiler.enable()
            post(n)
            if profiler:
                profiler.disable()
            times.append((time.thread_time() - start) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        print(
            f"web thread CPU per post over {posts} posts: median {statistics.median(times):.2f} ms,"
            f" mean {statistics.fmean(times):.2f} ms; wall time per post: median"
            f" {statistics.median(walls):.2f} ms (the rest waits for PostgreSQL, Redis, Akismet)"
        )
        if profiler:
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(45)
            callers = "post_comment|submit_comment|check_new_comment"
            stats.print_callees(os.environ.get("CALLEES", callers))
    finally:
        Comment.objects.filter(author_email__startswith=marker).delete()
        AKISMET.stop()


if __name__ == "__main__":
    main()

"""Render and submit benchmarks on a seeded data set. See bench/README.md."""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
os.environ.setdefault("HTTPS_ONLY", "off")
os.environ["AKISMET_API_KEY"] = ""

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from comments.models import Comment  # noqa: E402

ARTICLES = 200
THREAD = 500
RUNS = 30


def seed():
    call_command("migrate", verbosity=0)
    if Article.objects.filter(slug="bench-0").exists():
        return
    now = timezone.now()
    categories = [
        Category.objects.create(name=f"قسم {n}", slug=f"bench-section-{n}", position=n)
        for n in range(6)
    ]
    body = "".join(f"<p>{'فقرة من نص الخبر للقياس ' * 12}</p>" for _ in range(8))
    Article.objects.bulk_create(
        Article(
            title=f"خبر للقياس رقم {n}",
            slug=f"bench-{n}",
            category=categories[n % 6],
            lead="موجز الخبر " * 8,
            body=body,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n),
        )
        for n in range(ARTICLES)
    )
    article = Article.objects.get(slug="bench-0")
    parents = [None]
    for n in range(THREAD):
        parent = parents[n % len(parents)] if n % 3 else None
        depth = parent.depth + 1 if parent else 1
        comment = Comment.objects.create(
            article=article,
            parent=parent if depth <= 5 else None,
            depth=depth if depth <= 5 else 1,
            author_name=f"قارئ {n}",
            author_email=f"reader{n}@example.com",
            content="تعليق للقياس فيه رابط https://example.com/page وبعض النص. " * 3,
            status=Comment.Status.APPROVED,
            created_at=now - timedelta(seconds=THREAD - n),
        )
        parents.append(comment)


def measure(label, request):
    client = Client()
    request(client)  # warm up
    timings, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = request(client)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), (label, response.status_code)
        queries = len(captured.captured_queries)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{label:<44} median {statistics.median(timings):7.1f} ms"
        f"   p95 {p95:7.1f} ms   {queries:3d} queries"
    )


def post_comment(article, counter):
    def request(client):
        counter[0] += 1
        return client.post(
            reverse("comments:post", kwargs={"article_id": article.pk}),
            {
                "comment": f"تعليق جديد رقم {counter[0]}",
                "author": "قارئ القياس",
                "email": f"bench{counter[0]}@example.com",
                "comment_parent": "0",
            },
            REMOTE_ADDR=f"198.51.100.{counter[0] % 250}",
        )

    return request


def main():
    seed()
    article = Article.objects.get(slug="bench-0")
    category = article.category
    print(
        f"{connection.vendor}: {Article.objects.count()} articles, "
        f"{article.comments.count()} comments on the big article, {RUNS} runs each\n"
    )
    with override_settings(COMMENTS_FLOOD_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
        measure("home page", lambda c: c.get("/"))
        measure("section page", lambda c: c.get(category.get_absolute_url()))
        measure(
            f"article page, {THREAD}-comment thread", lambda c: c.get(article.get_absolute_url())
        )
        measure("post a comment (Akismet skipped)", post_comment(article, [0]))
        sys.path.insert(0, str(ROOT))
        from tests.akismet_fake import VALID_KEY, FakeAkismet

        fake = FakeAkismet()
        with override_settings(AKISMET_API_KEY=VALID_KEY, AKISMET_API_URL=fake.url):
            measure("post a comment (fake Akismet, loopback)", post_comment(article, [10_000]))
        fake.stop()
    Comment.objects.filter(author_name="قارئ القياس").delete()


if __name__ == "__main__":
    main()

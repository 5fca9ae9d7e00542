"""The hot queries have a matching index (bench/INDEXES.md), checked on PostgreSQL's plans.

The test tables are tiny, so the planner would rightly read them whole: sequential scans are
switched off for the EXPLAIN, which leaves an index scan wherever a usable index exists, and
a sequential scan (or another index) where none does.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.views import _listing
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the plans checked are PostgreSQL's"
    ),
]


def plan_of(run, which=-1) -> str:
    """EXPLAIN of a query `run` makes (the last one by default), sequential scans discouraged."""
    with CaptureQueriesContext(connection) as captured:
        run()
    sql = captured.captured_queries[which]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


@pytest.fixture
def article():
    author = make_user(username="layla")
    article = make_article(author=author)
    other = make_article(author=author)
    for n in range(20):
        make_comment(article if n % 2 else other, content=f"تعليق {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, comments_comment")
    return article


def test_thread_uses_the_thread_index(article):
    plan = plan_of(lambda: list(Comment.objects.shown_to_reader().filter(article=article)))
    assert "comment_thread_idx" in plan


def test_section_and_author_listings_use_their_indexes(article):
    # The first query is the list; the second fetches its pictures.
    plan = plan_of(lambda: list(_listing(article.category.articles.all())[:12]), which=0)
    assert "article_category_listing_idx" in plan
    plan = plan_of(lambda: list(_listing(article.author.articles.all())[:12]), which=0)
    assert "article_author_listing_idx" in plan


def test_breaking_news_bar_uses_the_partial_index(article):
    article.mark_breaking(2)
    article.save()
    plan = plan_of(lambda: list(Article.objects.breaking()[:3]))
    assert "article_breaking_idx" in plan


def test_desk_counts_use_their_index(article):
    # On real data (visibility map set) this is an index-only scan: bench/INDEXES.md.
    plan = plan_of(Comment.objects.desk_counts)
    assert "comment_desk_counts_idx" in plan


def test_owed_reports_and_old_payloads_use_partial_indexes(article):
    plan = plan_of(lambda: list(Comment.objects.owing_report().order_by("pk")[:100]))
    assert "comment_owed_report_idx" in plan
    cutoff = timezone.now() - timedelta(days=15)
    payloads = Comment.objects.filter(created_at__lt=cutoff, akismet_payload__isnull=False)
    plan = plan_of(lambda: list(payloads.order_by("pk")[:1000]))
    assert "comment_payload_idx" in plan

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
from tests.factories import make_article, make_category, make_comment, make_user

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
    """A small site shaped like a real one, so that the planner has a reason to prefer the
    matching index: several sections and authors, drafts beside published articles, and a
    thread whose spam outnumbers what readers see."""
    author = make_user(username="layla")
    others = [make_user(username=f"writer{n}") for n in range(4)]
    article = make_article(author=author)
    sections = [make_category() for _ in range(6)]
    Article.objects.bulk_create(
        Article(
            title=f"خبر {n}",
            slug=f"khabar-{n}",
            body="<p>نص</p>",
            category=sections[n % len(sections)],
            author=others[n % len(others)],
            status=Article.Status.PUBLISHED if n % 3 else Article.Status.DRAFT,
            published_at=timezone.now() - timedelta(hours=n),
        )
        for n in range(400)
    )
    for n in range(10):
        make_comment(article, content=f"تعليق {n}")
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name="spam",
            author_email=f"s{n}@example.com",
            content=f"spam {n}",
            status=Comment.Status.SPAM,
            depth=1,
            created_at=timezone.now(),
        )
        for n in range(400)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, comments_comment")
    return article


def only_index(table: str, keep: str) -> None:
    """Drop the table's other secondary indexes for this test (DDL is transactional in
    PostgreSQL: the test's rollback restores them). Where several indexes could serve a
    query on tiny test tables the planner's pick among them is a coin toss; with only `keep`
    left, the plan shows whether that index can serve the query at all."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique",
            [table],
        )
        for (name,) in cursor.fetchall():
            if name != keep:
                cursor.execute(f'DROP INDEX "{name}"')


def test_thread_uses_the_thread_index(article):
    only_index("comments_comment", "comment_thread_idx")
    plan = plan_of(lambda: list(Comment.objects.shown_to_reader().filter(article=article)))
    assert "comment_thread_idx" in plan


@pytest.mark.parametrize("by", ["category", "author"])
def test_section_and_author_listings_use_their_indexes(article, by):
    only_index("articles_article", f"article_{by}_listing_idx")
    owner = getattr(article, by)
    # The first query is the list; the second fetches its pictures.
    plan = plan_of(lambda: list(_listing(owner.articles.all())[:12]), which=0)
    assert f"article_{by}_listing_idx" in plan


def test_breaking_news_bar_uses_the_partial_index(article):
    article.mark_breaking(2)
    article.save()
    plan = plan_of(lambda: list(Article.objects.breaking()[:3]))
    assert "article_breaking_idx" in plan


def test_desk_counts_use_their_index(article):
    # On real data (visibility map set) this is an index-only scan: bench/INDEXES.md.
    plan = plan_of(Comment.objects.desk_counts)
    assert "comment_desk_counts_idx" in plan


def test_the_reported_queue_is_counted_from_its_partial_index(article):
    """Few comments are reported: counting them from comment_desk_counts_idx reads all of it
    (open_reports is not its first column)."""
    plan = plan_of(Comment.objects.desk_counts)
    assert "comment_reported_idx" in plan


def test_owed_reports_and_old_payloads_use_partial_indexes(article):
    plan = plan_of(lambda: list(Comment.objects.owing_report().order_by("pk")[:100]))
    assert "comment_owed_report_idx" in plan
    cutoff = timezone.now() - timedelta(days=15)
    payloads = Comment.objects.filter(created_at__lt=cutoff, akismet_payload__isnull=False)
    plan = plan_of(lambda: list(payloads.order_by("pk")[:1000]))
    assert "comment_payload_idx" in plan


def test_desk_search_uses_the_trigram_index(article, rf):
    """The desk's search looks for words anywhere in the folded text: a LIKE '%…%' that only a
    trigram index can answer without reading every comment."""
    from django.contrib import admin

    desk = admin.site._registry[Comment]
    request = rf.get("/admin/comments/comment/", {"q": "تعليق"})
    found, _duplicates = desk.get_search_results(request, Comment.objects.all(), "تعليق")

    assert found.count() == 10
    # Without the list's order (which the tiny test table may rather read off the date index).
    plan = plan_of(lambda: list(found.order_by()))
    assert "comment_search_trgm_idx" in plan


def test_sitemap_lastmod_walks_the_updated_index(article):
    from articles.sitemaps import ArticleSitemap

    plan = plan_of(ArticleSitemap().get_latest_lastmod)
    assert "article_updated_idx" in plan


def test_home_blocks_read_each_section_from_its_index(article):
    """Not a window over every published article (which sorts the whole archive): a short
    range of the section index per section."""
    from articles.views import category_blocks

    plan = plan_of(lambda: category_blocks(), which=1)
    assert "article_category_listing_idx" in plan
    assert "WindowAgg" not in plan

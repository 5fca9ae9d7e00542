"""0004 fills the folded search column and turns the old English history details into data."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# Articles at their latest state throughout: only the comments app moves.
ARTICLES = ("articles", "0005_editorial_workflow")
BEFORE = [("comments", "0003_durable_checks_and_digest"), ARTICLES]
AFTER = [("comments", "0004_desk_search_and_structured_history"), ARTICLES]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_0003_converts_existing_rows():
    old = migrate(BEFORE)
    try:
        Category = old.get_model("articles", "Category")
        Article = old.get_model("articles", "Article")
        Comment = old.get_model("comments", "Comment")
        CommentEvent = old.get_model("comments", "CommentEvent")
        category = Category.objects.create(name="قسم", slug="qism")
        article = Article.objects.create(
            title="خبر", slug="khabar", body="<p>نص</p>", category=category
        )
        comment = Comment.objects.create(
            article=article,
            author_name="سارة",
            author_email="Sara@Example.com",
            content="أهلاً",
            ip="192.0.2.1",
        )
        for detail in ("pending → spam", "links: 5", "word: كازينو", "x-akismet-guid: g"):
            CommentEvent.objects.create(comment=comment, event="held", detail=detail)

        new = migrate(AFTER)
        comment = new.get_model("comments", "Comment").objects.get()
        assert comment.search_text == "ساره sara@example.com 192.0.2.1 اهلا"
        details = list(
            new.get_model("comments", "CommentEvent")
            .objects.order_by("pk")
            .values_list("detail", flat=True)
        )
        assert details == [
            {"from": "pending", "to": "spam"},
            {"reason": "links", "links": 5},
            {"reason": "word", "word": "كازينو"},
            "x-akismet-guid: g",
        ]

        back = migrate(BEFORE)
        restored = back.get_model("comments", "CommentEvent").objects.order_by("pk")
        assert [e.detail for e in restored] == [
            "pending → spam",
            "links: 5",
            "word: كازينو",
            "x-akismet-guid: g",
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

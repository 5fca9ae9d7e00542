"""The import writes in batches: the number of statements does not grow with the posts and
comments of a file (a generated export, bench/wordpress/generate.py), and what the batches
write is complete (threads, stored HTML in every language, the desk's search text)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from comments.models import Comment
from comments.rendering import render_fragments

pytestmark = pytest.mark.django_db

GENERATE = Path(__file__).resolve().parents[2] / "bench" / "wordpress" / "generate.py"


def import_generated(tmp_path, posts: int, per_post: int) -> int:
    """Import a generated export; returns the number of SQL statements it took."""
    export = tmp_path / f"export-{posts}.xml"
    with export.open("w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, str(GENERATE), str(posts), str(per_post)], stdout=out, check=True
        )
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call_command("import_wordpress", str(export), "--report", str(tmp_path / "report.txt"))
    return len(statements)


def test_statements_do_not_grow_with_the_posts(tmp_path):
    statements = import_generated(tmp_path, 120, 6)
    assert Article.objects.count() == 120
    assert Comment.objects.count() == 720
    # A few statements per batch, not several per post and per level of each thread (SQLite
    # splits a batch's INSERTs into many more statements than PostgreSQL's one COPY each).
    assert statements < 80, statements


def test_batched_comments_are_complete(tmp_path):
    import_generated(tmp_path, 12, 6)
    comments = list(Comment.objects.order_by("pk"))
    assert len(comments) == 72
    replies = [c for c in comments if c.parent_id]
    assert len(replies) == 48  # threads of three: two replies under each first comment
    for reply in replies:
        assert reply.parent.article_id == reply.article_id
        assert reply.depth == reply.parent.depth + 1
    assert {c.depth for c in replies} == {2, 3}
    for comment in comments:
        assert comment.html == render_fragments(comment)
        assert comment.search_text == comment.folded_search_text()

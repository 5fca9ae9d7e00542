"""The import writes in batches: the number of statements does not grow with the posts and
comments of a file (a generated export, bench/wordpress/generate.py), and what the batches
write is complete (threads, stored HTML in every language, the desk's search text)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, WordPressItem
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


def test_a_newer_export_updates_what_changed_in_a_few_statements_per_batch(tmp_path):
    """A second run reads what is stored a batch at a time (not three queries per post),
    rewrites only the post that changed, adds the new comment, and leaves the comment that
    changed in WordPress as it is here (docs/wordpress.md: moderators own it now)."""
    import_generated(tmp_path, 60, 3)
    export = tmp_path / "export-60.xml"
    text = export.read_text(encoding="utf-8")
    before = {a.pk: a.updated_at for a in Article.objects.all()}
    edited = Comment.objects.get(content__startswith="تعليق رقم 4:")
    # The newer export: post 5's title changed, comment 4's text changed, a comment on post 7.
    text = text.replace("<![CDATA[خبر رقم 5]]>", "<![CDATA[خبر رقم 5 (محدث)]]>")
    text = text.replace("تعليق رقم 4:", "تعليق رقم 4 بعد التعديل:")
    first = text.index("\t\t<wp:comment>")
    block = text[first : text.index("</wp:comment>", first) + len("</wp:comment>\n")]
    new = block.replace("<wp:comment_id>1</wp:comment_id>", "<wp:comment_id>900</wp:comment_id>")
    seventh = text.index("<wp:post_id>7</wp:post_id>")
    end = text.index("\t</item>", seventh)
    export.write_text(text[:end] + new + text[end:], encoding="utf-8")
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call_command("import_wordpress", str(export), "--report", str(tmp_path / "again.txt"))
    report = (tmp_path / "again.txt").read_text()
    assert "post: published unchanged 59, published updated 1" in report
    assert "comment: approved created 1, unchanged 180" in report
    # One batch of 60 posts: a few statements for it, not three or more per post.
    assert len(statements) < 45, len(statements)
    changed = Article.objects.get(title="خبر رقم 5 (محدث)")
    after = {a.pk: a.updated_at for a in Article.objects.all()}
    assert after[changed.pk] > before[changed.pk]
    assert {pk: t for pk, t in after.items() if pk != changed.pk} == {
        pk: t for pk, t in before.items() if pk != changed.pk
    }
    added = Comment.objects.get(pk=WordPressItem.objects.get(kind="comment", wp_id="900").object_id)
    assert added.article.title == "خبر رقم 7"
    edited.refresh_from_db()
    assert edited.content.startswith("تعليق رقم 4:")
    assert Comment.objects.count() == 181


def test_what_the_import_keeps_does_not_grow_with_the_posts(tmp_path):
    """After a run, the importer holds nothing per post: the mapping rows of posts and
    comments, the old addresses and the redirects were kept for one batch only (the rest is
    in the database), so memory stays flat however long the file."""
    from newsroom.management.wordpress.importer import Importer
    from newsroom.management.wordpress.report import Report

    export = tmp_path / "export.xml"
    with export.open("w", encoding="utf-8") as out:
        subprocess.run([sys.executable, str(GENERATE), "30", "2"], stdout=out, check=True)
    importer = Importer(export, report=Report(stream=open(tmp_path / "out.txt", "w")))  # noqa: SIM115
    importer.run()
    assert Article.objects.count() == 30
    assert not set(importer.items.cache) & importer.items.PER_BATCH
    assert importer.paths.new == {}
    assert importer.paths.known == {}
    assert importer.redirects == {}
    assert importer.rendering == []
    assert importer.changed_articles == set()  # announced a batch at a time
    # The addresses are still found: a post's link to the one before it was rewritten.
    second = Article.objects.get(title="خبر رقم 2")
    first = Article.objects.get(title="خبر رقم 1")
    assert f'href="{first.get_absolute_url()}"' in second.body

"""A comment's HTML is rendered once, stored per language and the thread is assembled from it
(docs/comments.md, "Rendering")."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import actions, privacy
from comments.models import Comment
from tests.factories import make_article, make_comment, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db


def stored(comment) -> dict:
    return Comment.objects.get(pk=comment.pk).html


def shown(client, article, comment, **headers):
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    return parse(response.content).find("li", id=f"comment-{comment.pk}")


def test_a_new_comment_is_stored_rendered_in_every_language(client):
    post_comment(
        client,
        make_article(),
        author="<b>سارة</b>",
        url="https://sara.example",
        comment="انظر https://example.com/x <script>alert(1)</script>",
    )
    comment = Comment.objects.get()
    html = stored(comment)
    assert set(html) == {"ar", "en"}
    for fragment in html.values():
        assert f'id="comment-{comment.pk}-author"' in fragment
        assert f'href="#comment-{comment.pk}"' in fragment
        assert "&lt;b&gt;سارة&lt;/b&gt;" in fragment
        assert "<script>" not in fragment
        assert "&lt;script&gt;" in fragment
        assert 'href="https://example.com/x" rel="nofollow ugc noopener noreferrer"' in fragment
        assert "csrf" not in fragment.lower()
        assert "comment__awaiting" not in fragment
        assert "replytocom" not in fragment  # the reply link is added when a thread is shown
    assert html["ar"] != html["en"]  # the date is written in each language


def test_changing_the_text_renders_again_and_a_status_change_does_not():
    comment = make_comment(make_article(), content="قبل", status=Comment.Status.PENDING)
    comment.content = "بعد التعديل"
    comment.save()
    comment.store_html()  # what changes the text renders it (save() only derives the rest)
    assert "بعد التعديل" in stored(comment)["ar"]
    before = stored(comment)
    with CaptureQueriesContext(connection) as captured:
        actions.perform(comment, "approve", by=None)
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert updates
    assert all('"html"' not in sql for sql in updates)
    assert stored(comment) == before


def test_a_partial_save_of_the_name_renders_again():
    comment = make_comment(make_article(), author_name="قديم")
    comment.author_name = "جديد"
    comment.save(update_fields=["author_name"])
    comment.store_html()
    assert "جديد" in stored(comment)["ar"]
    assert "قديم" not in stored(comment)["ar"]


def test_erasure_renders_the_anonymised_name(client):
    article = make_article()
    comment = make_comment(
        article, author_name="خالد", author_email="k@example.com", author_url="https://k.example"
    )
    privacy.erase("k@example.com")
    fragment = stored(comment)["ar"]
    assert privacy.ERASED_NAME in fragment
    assert "خالد" not in fragment
    assert "k.example" not in fragment
    item = shown(client, article, comment)
    assert item.find("b", class_="comment__author").text == privacy.ERASED_NAME


def test_old_rows_without_html_are_rendered_stored_and_shown_the_same(client):
    article = make_article()
    parent = make_comment(article, content="الأول")
    reply = make_comment(article, parent=parent, content="الرد")
    expected = str(shown(client, article, parent))
    Comment.objects.update(html={})
    assert str(shown(client, article, parent)) == expected
    assert set(stored(parent)) == {"ar", "en"}
    assert set(stored(reply)) == {"ar", "en"}


def test_render_comments_fills_the_missing_and_all_renders_everything():
    article = make_article()
    first, second = make_comment(article), make_comment(article)
    Comment.objects.filter(pk=first.pk).update(html={})
    Comment.objects.filter(pk=second.pk).update(html={"ar": "<p>قديم</p>"})  # a language short
    out = StringIO()
    call_command("render_comments", stdout=out)
    assert "2" in out.getvalue()
    assert set(stored(first)) == {"ar", "en"}
    assert "قديم" not in stored(second)["ar"]
    call_command("render_comments", "--all", stdout=out)
    assert Comment.objects.unrendered().count() == 0


def test_the_thread_shows_the_fragment_of_the_active_language(client, settings):
    article = make_article()
    comment = make_comment(article)
    arabic = shown(client, article, comment)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = shown(client, article, comment)
    assert arabic.find("a", class_="comment__reply").text == "رد"
    assert english.find("a", class_="comment__reply").text == "Reply"
    assert english.find("time").text != arabic.find("time").text
    assert english.find("time").attrs["datetime"] == arabic.find("time").attrs["datetime"]


def test_the_stored_html_never_carries_the_authors_pending_notice(client):
    article = make_article()
    post_comment(client, article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert shown(client, article, comment).find("p", class_="comment__awaiting") is not None
    assert "comment__awaiting" not in str(stored(comment))


def test_the_reply_link_follows_the_article_not_the_stored_html(client):
    article = make_article()
    comment = make_comment(article)
    assert shown(client, article, comment).find("a", class_="comment__reply") is not None
    article.comments_open = False
    article.save()
    assert shown(client, article, comment).find("a", class_="comment__reply") is None

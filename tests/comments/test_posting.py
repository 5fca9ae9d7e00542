"""Posting the reader's form: validation, statuses, redirects (docs/architecture.md)."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.factories import COMMENT_FORM, make_article, make_comment, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_valid_comment_is_saved_pending_and_the_reader_is_sent_to_it(client):
    article = make_article()
    response = post_comment(client, article)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.article == article
    assert comment.parent is None
    assert comment.depth == 1
    assert comment.author_name == "أبو خالد"
    assert comment.author_email == "abukhaled@example.com"
    assert comment.content == COMMENT_FORM["comment"]
    assert comment.ip == "127.0.0.1"


def test_request_details_are_kept_with_the_comment(client):
    article = make_article()
    client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        COMMENT_FORM,
        HTTP_USER_AGENT="Mozilla/5.0 (Test)",
        HTTP_REFERER="http://testserver/news/1/",  # same site: newsroom/origin.py
        REMOTE_ADDR="203.0.113.9",
    )
    comment = Comment.objects.get()
    assert comment.user_agent == "Mozilla/5.0 (Test)"
    assert comment.referrer == "http://testserver/news/1/"
    assert comment.ip == "203.0.113.9"


def test_pending_comment_is_not_shown_to_other_readers(client):
    article = make_article()
    post_comment(client, article)
    other_reader = Client()
    assert (
        COMMENT_FORM["comment"] not in other_reader.get(article.get_absolute_url()).content.decode()
    )


def test_content_is_stored_exactly_as_typed(client):
    article = make_article()
    typed = '<b>عريض</b> & "اقتباس"\nسطر ثانٍ'
    post_comment(client, article, comment=typed)
    assert Comment.objects.get().content == typed


def test_website_is_kept_when_valid(client):
    article = make_article()
    post_comment(client, article, url="https://example.com/about")
    assert Comment.objects.get().author_url == "https://example.com/about"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"comment": ""}, "comment", "يرجى كتابة تعليقك."),
        ({"comment": "   \n  "}, "comment", "يرجى كتابة تعليقك."),
        (
            {"comment": "ب" * 32_763},  # 65,526 bytes in UTF-8
            "comment",
            "تعليقك طويل جداً: الحد الأقصى 65,525 بايت (نحو 32,762 حرفاً عربياً).",
        ),
        ({"author": ""}, "author", "يرجى كتابة اسمك."),
        ({"author": "\u202e\u202c "}, "author", "يرجى كتابة اسمك."),
        ({"author": "ا" * 246}, "author", "اسمك طويل جداً: الحد الأقصى 245 حرفاً."),
        ({"email": ""}, "email", "يرجى كتابة بريدك الإلكتروني."),
        ({"email": "not-an-email"}, "email", "يرجى كتابة عنوان بريد إلكتروني صحيح."),
        (
            {"email": "a" * 60 + "@" + "b" * 40 + ".com"},
            "email",
            "عنوان بريدك الإلكتروني طويل جداً: الحد الأقصى 100 حرف.",
        ),
        (
            {"url": "javascript:alert(1)"},
            "url",
            "يرجى كتابة عنوان موقع يبدأ بـ http:// أو https://.",
        ),
        (
            {"url": "ftp://example.com/file"},
            "url",
            "يرجى كتابة عنوان موقع يبدأ بـ http:// أو https://.",
        ),
        (
            {"url": "https://example.com/" + "a" * 190},
            "url",
            "عنوان موقعك طويل جداً: الحد الأقصى 200 حرف.",
        ),
        ({"comment_parent": "abc"}, "comment_parent", "لم يُعثر على التعليق الذي تردّ عليه."),
        ({"comment_parent": "999999"}, "comment_parent", "لم يُعثر على التعليق الذي تردّ عليه."),
    ],
)
def test_invalid_input_is_refused_with_an_arabic_message_and_nothing_saved(
    client, changes, field, message
):
    article = make_article()
    response = post_comment(client, article, **changes)

    assert response.status_code == 400
    assert Comment.objects.count() == 0
    form = response.context["comment_form"]
    assert form.errors[field] == [message]
    page = parse(response.content)
    assert message in page.find("div", id="form-errors").text
    # The page is the article again, with the reader's text kept.
    assert page.find("h1").text == article.title
    assert "نص الخبر الأول." in response.content.decode()  # the whole article, body included
    kept = page.find("form", id="commentform")
    if field != "comment":
        assert kept.find("textarea", name="comment").text == COMMENT_FORM["comment"]


def test_comment_of_exactly_the_byte_limit_is_accepted(client):
    article = make_article()
    response = post_comment(client, article, comment="ب" * 32_762 + "a")  # 65,525 bytes
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_errors_are_in_english_when_english_is_chosen(client):
    article = make_article()
    client.cookies["django_language"] = "en"
    response = post_comment(client, article, author="")
    assert response.status_code == 400
    assert response.context["comment_form"].errors["author"] == ["Please enter your name."]


def test_bidi_controls_are_removed_from_names(client):
    article = make_article()
    post_comment(client, article, author="\u202eسارة\u2066 K.\u2069")
    assert Comment.objects.get().author_name == "سارة K."


def test_reply_is_threaded_under_its_parent(client):
    article = make_article()
    parent = make_comment(article)
    response = post_comment(client, article, comment_parent=str(parent.pk))
    reply = Comment.objects.get(parent=parent)
    assert response.status_code == 302
    assert reply.depth == 2


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH]
)
def test_reply_to_an_unpublished_comment_is_refused(client, status):
    article = make_article()
    parent = make_comment(article, status=status)
    response = post_comment(client, article, comment_parent=str(parent.pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_reply_to_a_comment_of_another_article_is_refused(client):
    article = make_article()
    elsewhere = make_comment(make_article())
    response = post_comment(client, article, comment_parent=str(elsewhere.pk))
    assert response.status_code == 400
    assert not Comment.objects.filter(article=article).exists()


def test_reply_beyond_the_maximum_depth_is_refused(client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = make_article()
    deepest = make_comment(article, parent=make_comment(article))
    response = post_comment(client, article, comment_parent=str(deepest.pk))
    assert response.status_code == 400
    assert "comment_parent" in response.context["comment_form"].errors


def test_closed_article_refuses_comments_with_403(client):
    article = make_article(comments_open=False)
    response = post_comment(client, article)
    assert response.status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_unpublished_article_takes_no_comments(client, status):
    article = make_article(status=status)
    assert post_comment(client, article).status_code == 404
    assert Comment.objects.count() == 0


def test_get_is_not_allowed(client):
    article = make_article()
    response = client.get(reverse("comments:post", kwargs={"article_id": article.pk}))
    assert response.status_code == 405


def test_cross_site_post_is_refused_without_a_csrf_token(client):
    """The form is in cached pages, so no token: the origin check refuses forgeries
    (newsroom/origin.py; more in tests/newsroom/test_origin.py)."""
    article = make_article()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        COMMENT_FORM,
        HTTP_ORIGIN="https://attacker.example",
    )
    assert response.status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("value", ["²", "٣", "1e3", "-1", "0x10"])
def test_odd_reply_ids_never_break_the_page(client, value):
    article = make_article()
    page = client.get(article.get_absolute_url(), {"replytocom": value})
    assert page.status_code == 200
    response = post_comment(client, article, comment_parent=value)
    assert response.status_code in (302, 400)
    assert response.status_code == 400 or Comment.objects.get().parent is None

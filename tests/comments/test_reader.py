"""The reader's side of a comment: own pending comment, remembered details, the count and
the moderators' e-mail (docs/comments.md)."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments import actions, cookies
from comments.models import Comment
from comments.states import Verdict
from tests.factories import COMMENT_FORM, make_article, make_comment, make_user, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

AWAITING = "تعليقك بانتظار المراجعة"


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content)


def shown_comment(document, comment):
    return document.find("li", id=f"comment-{comment.pk}")


# --- the author's own pending comment --------------------------------------------------------


def test_author_sees_their_pending_comment_marked_as_awaiting_moderation(client):
    article = make_article()
    post_comment(client, article)
    comment = Comment.objects.get()

    item = shown_comment(page(client, article), comment)

    assert comment.status == Comment.Status.PENDING
    assert item is not None
    assert item.find("p", class_="comment__awaiting").text == AWAITING
    assert COMMENT_FORM["comment"] in item.find("div", class_="comment__content").text


def test_redirect_after_posting_points_at_the_shown_comment(client):
    article = make_article()
    response = post_comment(client, article)
    comment = Comment.objects.get()
    assert response.headers["Location"].endswith(f"#comment-{comment.pk}")
    assert shown_comment(page(client, article), comment) is not None


def test_other_readers_do_not_see_a_pending_comment(client):
    article = make_article()
    post_comment(client, article)
    comment = Comment.objects.get()

    document = page(Client(), article)

    assert shown_comment(document, comment) is None
    assert AWAITING not in document.text


def test_approved_comments_are_not_marked_as_awaiting(client):
    article = make_article()
    approved = make_comment(article)
    item = shown_comment(page(client, article), approved)
    assert item is not None
    assert item.find("p", class_="comment__awaiting") is None


def test_author_stops_seeing_the_pending_comment_after_ten_minutes(client, monkeypatch):
    article = make_article()
    post_comment(client, article)
    comment = Comment.objects.get()
    real_time = time.time

    # comments.cookies.time is the time module: this also moves signing's max_age clock.
    monkeypatch.setattr(cookies.time, "time", lambda: real_time() + 9 * 60)
    assert shown_comment(page(client, article), comment) is not None

    monkeypatch.setattr(cookies.time, "time", lambda: real_time() + 601)
    assert shown_comment(page(client, article), comment) is None


def test_own_comment_cookie_lasts_ten_minutes_and_is_http_only(client):
    response = post_comment(client, make_article())
    cookie = response.cookies[cookies.OWN_COOKIE]
    assert cookie["max-age"] == 600
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_author_no_longer_sees_a_comment_a_moderator_trashed(client):
    article = make_article()
    post_comment(client, article)
    comment = Comment.objects.get()
    actions.perform(comment, "trash", by=None)
    assert shown_comment(page(client, article), comment) is None


def test_own_comment_is_shown_only_on_its_article(client):
    article, other = make_article(), make_article()
    post_comment(client, article)
    assert AWAITING not in page(client, other).text


def test_several_own_comments_are_remembered(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article()
    post_comment(client, article)
    post_comment(client, article, comment="تعليق ثانٍ")
    document = page(client, article)
    for comment in Comment.objects.all():
        assert shown_comment(document, comment) is not None


@pytest.mark.parametrize(
    "forge",
    [
        lambda value: value[:-3] + ("aaa" if not value.endswith("aaa") else "bbb"),
        lambda value: "garbage",
        lambda value: "e30:1abc:not-a-signature",
        lambda value: signing.dumps([[1, time.time()]], salt="another.salt"),
        lambda value: "%%%\u0000",
    ],
    ids=["bad-signature", "garbage", "fake-signed", "other-salt", "control-characters"],
)
def test_tampered_own_comment_cookie_shows_nothing_and_never_errors(client, forge):
    article = make_article()
    post_comment(client, article)
    comment = Comment.objects.get()
    client.cookies[cookies.OWN_COOKIE] = forge(client.cookies[cookies.OWN_COOKIE].value)

    document = page(client, article)

    assert shown_comment(document, comment) is None
    assert AWAITING not in document.text


def test_posting_again_with_a_tampered_cookie_still_works(client):
    article = make_article()
    client.cookies[cookies.OWN_COOKIE] = "tampered"
    response = post_comment(client, article)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert shown_comment(page(client, article), comment) is not None


# --- remembering the author's details --------------------------------------------------------


def test_ticked_consent_prefills_name_email_and_website_next_time(client):
    article = make_article()
    response = post_comment(client, article, url="https://khaled.example", cookies_consent="on")

    cookie = response.cookies[cookies.AUTHOR_COOKIE]
    assert cookie["max-age"] == 31536000
    assert cookie["httponly"]

    form = page(client, make_article()).find("form", id="commentform")
    assert form.find("input", name="author").attrs["value"] == COMMENT_FORM["author"]
    assert form.find("input", name="email").attrs["value"] == COMMENT_FORM["email"]
    assert form.find("input", name="url").attrs["value"] == "https://khaled.example"
    assert "checked" in form.find("input", name="cookies_consent").attrs
    assert form.find("textarea", name="comment").text == ""


def test_without_consent_no_author_cookie_is_kept(client):
    article = make_article()
    response = post_comment(client, article)

    sent = response.cookies.get(cookies.AUTHOR_COOKIE)
    assert sent is None or (sent.value == "" and sent["max-age"] == 0)
    kept = client.cookies.get(cookies.AUTHOR_COOKIE)
    assert kept is None or kept.value == ""
    form = page(client, article).find("form", id="commentform")
    assert form.find("input", name="author").attrs.get("value", "") == ""
    assert form.find("input", name="email").attrs.get("value", "") == ""
    assert "checked" not in form.find("input", name="cookies_consent").attrs


def test_unticking_consent_forgets_the_stored_details(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article()
    post_comment(client, article, cookies_consent="on")
    assert client.cookies[cookies.AUTHOR_COOKIE].value

    response = post_comment(client, article, comment="تعليق ثانٍ")

    deleted = response.cookies[cookies.AUTHOR_COOKIE]
    assert deleted.value == ""
    assert deleted["max-age"] == 0
    form = page(client, article).find("form", id="commentform")
    assert form.find("input", name="author").attrs.get("value", "") == ""
    assert form.find("input", name="email").attrs.get("value", "") == ""


def test_details_are_not_remembered_when_the_comment_is_refused(client):
    article = make_article(comments_open=False)
    response = post_comment(client, article, cookies_consent="on")
    assert response.status_code == 403
    assert cookies.AUTHOR_COOKIE not in response.cookies
    assert cookies.OWN_COOKIE not in response.cookies


def test_tampered_author_cookie_prefills_nothing(client):
    article = make_article()
    client.cookies[cookies.AUTHOR_COOKIE] = signing.dumps(
        {"author": "منتحل", "email": "x@example.com"}, salt="another.salt"
    )
    form = page(client, article).find("form", id="commentform")
    assert form.find("input", name="author").attrs.get("value", "") == ""


# --- the count in the heading ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "heading"),
    [
        (0, "التعليقات"),
        (1, "تعليق واحد"),
        (2, "تعليقان"),
        (3, "3 تعليقات"),
        (11, "11 تعليقاً"),
    ],
)
def test_heading_counts_approved_comments_only(client, approved, heading):
    article = make_article()
    for _ in range(approved):
        make_comment(article)
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH):
        make_comment(article, status=status)
    make_comment(make_article())  # another article's comment

    document = page(client, article)

    assert document.find("h2", id="comments-title").text == heading


def test_authors_own_pending_comment_is_not_counted(client):
    article = make_article()
    make_comment(article)
    post_comment(client, article)
    document = page(client, article)
    assert document.find("h2", id="comments-title").text == "تعليق واحد"
    assert AWAITING in document.text


def test_approved_replies_are_counted(client):
    article = make_article()
    parent = make_comment(article)
    make_comment(article, parent=parent)
    make_comment(article, parent=parent, status=Comment.Status.PENDING)
    assert page(client, article).find("h2", id="comments-title").text == "تعليقان"


# --- moderators' e-mail ----------------------------------------------------------------------


def group(name, *codenames):
    created, _ = Group.objects.get_or_create(name=name)  # the roles migration made the three
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        created.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return created


@pytest.fixture
def newsroom_staff():
    moderators = group("Moderators", "comments.moderate_comment", "comments.view_comment")
    editors = group("Editors", "comments.moderate_comment", "articles.publish_article")
    journalists = group("Journalists", "articles.add_article", "articles.change_article")
    make_user(email="moderator@example.com").groups.add(moderators)
    make_user(email="editor@example.com").groups.add(editors)
    make_user(email="journalist@example.com").groups.add(journalists)
    make_user(email="direct@example.com", permissions=["comments.moderate_comment"])
    make_user(email="staff@example.com")
    make_user(email="gone@example.com", is_active=False).groups.add(moderators)
    return {"moderator@example.com", "editor@example.com", "direct@example.com"}


def test_a_new_pending_comment_emails_each_moderator_once_and_nobody_else(
    client, akismet, newsroom_staff, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert sorted(to for message in mail.outbox for to in message.to) == sorted(newsroom_staff)
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others
    message = mail.outbox[0]
    assert article.title in message.body
    assert comment.content in message.body
    assert f"/comments/comment/{comment.pk}/change/" in message.body
    comment.refresh_from_db()
    assert comment.notified_at is not None
    assert comment.events.filter(event="notified").exists()


def test_no_email_for_a_journalist_only_newsroom(
    client, akismet, django_capture_on_commit_callbacks
):
    journalists = group("Journalists", "articles.add_article", "articles.change_article")
    make_user(email="journalist@example.com").groups.add(journalists)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, make_article())
    assert mail.outbox == []


@pytest.mark.parametrize(
    "changes",
    [{"author": "akismet-guaranteed-spam"}, {"ak_hp_textarea": "bot"}],
    ids=["akismet-spam", "honeypot"],
)
def test_no_email_for_spam(
    client, akismet, newsroom_staff, django_capture_on_commit_callbacks, changes
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, make_article(), **changes)
    assert Comment.objects.get().status == Comment.Status.SPAM
    assert mail.outbox == []


def test_no_email_for_an_approved_returning_author(
    client, akismet, newsroom_staff, django_capture_on_commit_callbacks
):
    article = make_article()
    make_comment(
        article,
        author_name=COMMENT_FORM["author"],
        author_email=COMMENT_FORM["email"],
        created_at=timezone.now() - timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED
    assert mail.outbox == []


def test_no_email_for_an_errored_check_until_it_is_retried(
    client, akismet, newsroom_staff, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, make_article())
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.ERROR
    assert mail.outbox == []

    akismet.mode = "ok"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recheck_comments", stdout=None)

    comment.refresh_from_db()
    assert comment.akismet_result == Verdict.HAM
    assert {message.to[0] for message in mail.outbox} == newsroom_staff
    assert len(mail.outbox) == len(newsroom_staff)


def test_no_email_is_sent_before_the_comment_is_committed(client, akismet, newsroom_staff):
    # Without running on-commit callbacks (the test's transaction never commits) no mail goes.
    post_comment(client, make_article())
    assert mail.outbox == []

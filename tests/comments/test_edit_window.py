"""Edit and delete your own comment for COMMENTS_EDIT_MINUTES from the browser that posted it
(the signed own-comments cookie): the "تعديل" link, /comments/<id>/edit/ (200 for that browser
within the window, 403 for anyone else and after it), the edit judged again through
comments.actions (Akismet, the rules; it may go back to pending), the previous text kept in the
history, the page caches told; and deleting within the same window."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from comments import actions
from comments.models import Comment, CommentEvent, ModerationWord
from comments.standing import CommenterStanding, Level
from newsroom.signals import visible_comments_changed
from tests.factories import make_article, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status
Event = CommentEvent.Event
SITE = "http://testserver"
NOT_EDITABLE = "لم يعد بالإمكان تعديل هذا التعليق"


@pytest.fixture
def heard():
    sent = []

    def listen(sender, article_ids, **kwargs):
        sent.append(set(article_ids))

    visible_comments_changed.connect(listen, dispatch_uid="test-edit-heard")
    yield sent
    visible_comments_changed.disconnect(dispatch_uid="test-edit-heard")


@pytest.fixture
def posted(client, akismet):
    """A reader's comment posted from `client` (the browser holding its cookie), then
    published by a moderator."""
    article = make_article()
    response = post_comment(client, article, comment="نص فيه خطأ إملائي")
    assert response.status_code == 302
    comment = Comment.objects.get()
    actions.perform(comment, "approve", by=None)
    comment.refresh_from_db()
    return comment


def edit_url(comment):
    return reverse("comments:edit", args=[comment.pk])


def edit(client, comment, text, **headers):
    headers.setdefault("HTTP_ORIGIN", SITE)
    return client.post(edit_url(comment), {"comment": text}, **headers)


def article_page(client, comment):
    cache.clear()
    return parse(client.get(comment.article.get_absolute_url()).text)


def later(minutes):
    return time_machine.travel(time.time() + minutes * 60, tick=False)


def test_the_posting_browser_gets_the_link_and_the_form(client, posted):
    item = article_page(client, posted).find(id=f"comment-{posted.pk}")
    link = item.find("a", class_="comment__edit")
    assert link.text == "تعديل"
    assert link.attrs["href"] == edit_url(posted)
    assert int(link.attrs["data-edit-until"]) > time.time() * 1000

    response = client.get(edit_url(posted))

    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )
    form = parse(response.text).find("form", class_="edit-form")
    assert form.find("textarea", name="comment").text == "نص فيه خطأ إملائي"


def test_anyone_else_gets_no_link_and_a_403(posted):
    other = Client()
    assert article_page(other, posted).find("a", class_="comment__edit") is None
    response = other.get(edit_url(posted))
    assert response.status_code == 403
    assert NOT_EDITABLE in response.text
    assert edit(other, posted, "محاولة").status_code == 403
    posted.refresh_from_db()
    assert posted.content == "نص فيه خطأ إملائي"


def test_after_the_window_the_link_is_gone_and_the_url_answers_403(client, posted, settings):
    settings.COMMENTS_EDIT_MINUTES = 5
    with later(4):
        assert client.get(edit_url(posted)).status_code == 200
    with later(6):
        assert article_page(client, posted).find("a", class_="comment__edit") is None
        assert client.get(edit_url(posted)).status_code == 403
        assert edit(client, posted, "متأخر").status_code == 403
        response = client.post(reverse("comments:withdraw", args=[posted.pk]), HTTP_ORIGIN=SITE)
        assert response.status_code == 403
    posted.refresh_from_db()
    assert (posted.content, posted.status) == ("نص فيه خطأ إملائي", Status.APPROVED)


def test_the_window_follows_the_setting(client, posted, settings):
    settings.COMMENTS_EDIT_MINUTES = 0
    assert client.get(edit_url(posted)).status_code == 403
    assert article_page(client, posted).find("a", class_="comment__edit") is None


def test_an_edit_is_judged_again_and_keeps_the_previous_text(client, posted, akismet, heard):
    # The approval of a comment Akismet cleared made its writer trusted; a normal writer's
    # edit goes back to the desk.
    CommenterStanding.objects.filter(email__iexact=posted.author_email).update(level=Level.NORMAL)
    checks = len(akismet.calls("comment-check"))

    response = edit(client, posted, "نص مصحَّح")

    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{posted.pk}")
    posted.refresh_from_db()
    assert posted.content == "نص مصحَّح"
    # Cleared by Akismet again, but its writer is not trusted: it waits for a moderator again.
    assert posted.status == Status.PENDING
    [check] = akismet.calls("comment-check")[checks:]
    assert check["comment_content"] == ["نص مصحَّح"]
    assert check["recheck_reason"] == ["edit"]
    edited = posted.events.get(event=Event.EDITED)
    assert edited.detail == {"previous": "نص فيه خطأ إملائي"}
    assert edited.describe() == "النص السابق: نص فيه خطأ إملائي"  # as the desk's history says
    assert posted.events.filter(event=Event.CHECK_HAM, at__gte=edited.at).exists()
    assert "نص مصحَّح" in posted.html["ar"]
    assert heard == [{posted.article_id}]  # it left the page: one signal
    # Its writer still sees it, waiting, with the link to edit again.
    item = article_page(client, posted).find(id=f"comment-{posted.pk}")
    assert item.find(class_="comment__awaiting") is not None
    assert "نص مصحَّح" in item.text
    assert article_page(Client(), posted).find(id=f"comment-{posted.pk}") is None


def test_a_trusted_writers_edit_cleared_by_akismet_stays_up(client, posted, akismet):
    standing = CommenterStanding.objects.get(email__iexact=posted.author_email)
    assert standing.level == Level.TRUSTED  # made so by the approval of a cleared comment
    assert edit(client, posted, "نص مصحَّح").status_code == 302
    posted.refresh_from_db()
    assert (posted.content, posted.status) == ("نص مصحَّح", Status.APPROVED)


def test_an_edit_with_a_blocked_word_is_filed_as_spam(client, posted, akismet):
    ModerationWord.objects.create(phrase="كازينو", action=ModerationWord.Action.BLOCK)
    checks = len(akismet.calls("comment-check"))

    assert edit(client, posted, "العب في كازينو").status_code == 302

    posted.refresh_from_db()
    assert posted.status == Status.SPAM
    assert len(akismet.calls("comment-check")) == checks  # the local rule decided
    assert posted.events.filter(event=Event.DISALLOWED).exists()


def test_an_unchanged_text_changes_nothing(client, posted, akismet):
    checks = len(akismet.calls("comment-check"))
    assert edit(client, posted, posted.content).status_code == 302
    posted.refresh_from_db()
    assert posted.status == Status.APPROVED
    assert len(akismet.calls("comment-check")) == checks
    assert not posted.events.filter(event=Event.EDITED).exists()


def test_bad_edits_are_refused_clearly(client, posted):
    response = edit(client, posted, "")
    assert response.status_code == 400
    assert "يُرجى كتابة تعليقك" in response.text or "errorlist" in response.text
    assert edit(client, posted, "x" * 70000).status_code == 400
    assert edit(client, posted, "من موقع آخر", HTTP_ORIGIN="https://evil.example").status_code == (
        403
    )
    posted.refresh_from_db()
    assert posted.content == "نص فيه خطأ إملائي"


def test_a_comment_a_moderator_filed_away_can_no_longer_be_edited(client, posted):
    actions.perform(posted, "spam", by=None)
    assert client.get(edit_url(posted)).status_code == 403
    assert article_page(client, posted).find("a", class_="comment__edit") is None


def test_its_writer_can_delete_it_within_the_window(client, posted, heard):
    assert parse(client.get(edit_url(posted)).text).find("form", class_="withdraw-form")

    response = client.post(reverse("comments:withdraw", args=[posted.pk]), HTTP_ORIGIN=SITE)

    assert response.status_code == 302
    assert response["Location"].endswith("#comments")
    posted.refresh_from_db()
    assert posted.status == Status.TRASH
    assert [e.event for e in posted.events.order_by("pk")][-2:] == [
        Event.WITHDRAWN,
        "status-trash",
    ]
    assert heard == [{posted.article_id}]
    assert article_page(Client(), posted).find(id=f"comment-{posted.pk}") is None
    assert client.get(edit_url(posted)).status_code == 403


def test_nobody_else_can_delete_it(posted):
    other = Client()
    response = other.post(reverse("comments:withdraw", args=[posted.pk]), HTTP_ORIGIN=SITE)
    assert response.status_code == 403
    posted.refresh_from_db()
    assert posted.status == Status.APPROVED


def test_a_pending_comment_can_be_edited_too(client, akismet):
    article = make_article()
    post_comment(client, article, comment="ما زال ينتظر")
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert edit(client, comment, "ما زال ينتظر، بعد التصحيح").status_code == 302
    comment.refresh_from_db()
    assert (comment.content, comment.status) == ("ما زال ينتظر، بعد التصحيح", Status.PENDING)


def test_the_window_is_counted_from_the_post_not_from_the_cookie(client, posted, settings):
    settings.COMMENTS_EDIT_MINUTES = 5
    Comment.objects.filter(pk=posted.pk).update(created_at=posted.created_at - timedelta(minutes=6))
    assert client.get(edit_url(posted)).status_code == 403


def test_an_edited_pick_is_no_longer_a_pick(client, staff, akismet):
    """Even when the edit keeps it published (here: signed-in staff, approved at once)."""
    client.force_login(staff["moderator"])
    post_comment(client, make_article(), comment="توضيح من التحرير")
    comment = Comment.objects.get()
    assert comment.status == Status.APPROVED
    actions.perform(comment, "feature", by=staff["moderator"])

    assert edit(client, comment, "توضيح معدَّل").status_code == 302

    comment.refresh_from_db()
    assert (comment.status, comment.content) == (Status.APPROVED, "توضيح معدَّل")
    assert comment.featured_at is None
    assert comment.events.filter(event=Event.UNFEATURED).exists()
    assert "اختيار المحرر" not in comment.html["ar"]

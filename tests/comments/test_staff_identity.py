"""Staff identity: staff comments and desk replies carry the "فريق التحرير" badge and the name
the desk promises (COMMENTS_STAFF_NAME, one rule in comments/identity.py), skip Akismet only
for signed-in staff who moderate, and still leave history. A reader who types a staff member's
name gets no badge."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from comments.models import Comment, CommentEvent
from tests.factories import make_article, make_comment, make_user, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status
Event = CommentEvent.Event
PAPER = "غرفة الأخبار"
BADGE = "فريق التحرير"


@pytest.fixture
def moderator(staff):
    """The desk's moderator (the Moderators group), with a personal name readers must not see
    unless COMMENTS_STAFF_NAME is empty."""
    user = staff["moderator"]
    user.first_name, user.last_name = "نورة", ""
    user.save()
    return user


def promised_name(client, comment) -> str:
    """What the desk's reply box says the reply is published as."""
    page = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    return parse(page.text).find("label", for_="id_reply").text


def shown(client, article):
    cache.clear()
    return parse(client.get(article.get_absolute_url()).text)


def reply_from_desk(client, comment, text="شكراً على ملاحظتك"):
    url = reverse("admin:comments_comment_reply", args=[comment.pk])
    assert client.post(url, {"content": text}).status_code == 302
    return Comment.objects.get(parent=comment, user__isnull=False)


def author_and_badge(page, comment):
    item = page.find(id=f"comment-{comment.pk}")
    author = item.find(class_="comment__author").text
    badge = item.find(class_="comment__badge--staff")
    return author, badge.text if badge else None


def test_readers_see_the_name_the_desk_promised_with_the_badge(client, moderator):
    article = make_article()
    comment = make_comment(article)
    client.force_login(moderator)
    assert PAPER in promised_name(client, comment)

    answer = reply_from_desk(client, comment)

    client.logout()
    assert author_and_badge(shown(client, article), answer) == (PAPER, BADGE)
    assert "نورة" not in shown(client, article).find(id=f"comment-{answer.pk}").text


def test_an_empty_staff_name_publishes_under_the_staff_members_own_name(
    client, moderator, settings
):
    settings.COMMENTS_STAFF_NAME = ""
    article = make_article()
    comment = make_comment(article)
    client.force_login(moderator)
    assert "نورة" in promised_name(client, comment)
    desk = parse(client.get(reverse("admin:comments_comment_changelist")).text)
    placeholder = desk.find(id="desk-status").attrs["data-reply-placeholder"]
    assert "نورة" in placeholder

    answer = reply_from_desk(client, comment)

    client.logout()
    assert author_and_badge(shown(client, article), answer) == ("نورة", BADGE)


def test_signed_in_staff_comment_skips_akismet_is_badged_and_leaves_history(
    client, moderator, akismet
):
    article = make_article()
    client.force_login(moderator)

    response = post_comment(client, article, author="أي اسم", comment="توضيح من التحرير")

    assert response.status_code == 302
    assert akismet.calls("comment-check") == []
    comment = Comment.objects.get()
    assert (comment.status, comment.by_staff, comment.author_name) == (
        Status.APPROVED,
        True,
        PAPER,
    )
    assert comment.akismet_result == Comment.AkismetResult.SKIPPED
    assert [e.event for e in comment.events.order_by("pk")] == [
        Event.RECEIVED,
        Event.STAFF_COMMENT,
        "status-approved",
    ]
    client.logout()
    assert author_and_badge(shown(client, article), comment) == (PAPER, BADGE)


def test_staff_who_do_not_moderate_are_checked_and_get_no_badge(client, akismet):
    article = make_article()
    client.force_login(make_user(first_name="صحفي"))  # staff, without the permission

    post_comment(client, article, author="صحفي", comment="رأيي الشخصي")

    assert len(akismet.calls("comment-check")) == 1
    comment = Comment.objects.get()
    assert (comment.by_staff, comment.author_name) == (False, "صحفي")


def test_a_moderator_account_that_is_not_staff_is_still_checked(client, akismet):
    client.force_login(make_user(is_staff=False, permissions=["comments.moderate_comment"]))

    post_comment(client, make_article())

    assert len(akismet.calls("comment-check")) == 1
    assert not Comment.objects.get().by_staff


def test_a_reader_who_types_a_staff_name_gets_no_badge(client, moderator, akismet):
    article = make_article()
    for n, name in enumerate([PAPER, "نورة", BADGE]):
        post_comment(
            client,
            article,
            author=name,
            email=f"r{n}@example.com",
            comment=f"تعليق {n}",
            ip=f"198.51.100.{n + 1}",
        )
    Comment.objects.update(status=Status.APPROVED)
    page = shown(client, article)
    assert len(page.find(class_="comment-list").find_all("li", class_="comment")) == 3
    assert page.find(class_="comment__badge--staff") is None
    assert not Comment.objects.filter(by_staff=True).exists()
    assert len(akismet.calls("comment-check")) == 3


def test_the_desk_row_shows_the_badge(client, moderator):
    comment = make_comment(make_article())
    client.force_login(moderator)
    answer = reply_from_desk(client, comment)
    page = parse(client.get(reverse("admin:comments_comment_changelist")).text)
    row = page.find("div", class_="desk-comment", data_id=str(answer.pk))
    assert row.find(class_="desk-badge--staff").text == BADGE

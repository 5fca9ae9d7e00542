"""The commenter drawer on an opened comment, the desk's buttons on its writer, the admin
pages of standing and blocks, and who may use them."""

import pytest
from django.urls import reverse

from comments import standing_actions
from comments.models import Comment
from comments.standing import CommenterBlock, CommenterStanding, Level, StandingChange
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def detail_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def commenter_url(comment):
    return reverse("admin:comments_comment_commenter", args=[comment.pk])


def history(article, n, email="Writer@example.com"):
    statuses = ["approved", "pending", "spam", "trash"]
    for i in range(n):
        make_comment(
            article,
            author_email=email,
            status=statuses[i % 4],
            content=f"تعليق قديم {i}",
            ip=f"192.0.2.{i % 5 + 1}",
            open_reports=1 if i % 7 == 0 else 0,
        )


def measure(client, comment):
    """The page once, so the session and the permissions are cached as on a second look."""
    client.get(detail_url(comment))


@pytest.mark.parametrize("earlier", [0, 40])
def test_the_drawer_costs_the_same_whatever_the_history(
    moderator_client, staff, earlier, django_assert_num_queries
):
    article = make_article()
    history(article, earlier)
    comment = make_comment(article, author_email="writer@EXAMPLE.com", status="pending")
    standing_actions.from_comment(comment, "premoderate", by=staff["moderator"], reason="لغة")
    measure(moderator_client, comment)

    # The page's own five (session, user, the comment with its article, parent and account,
    # its history, the permissions) and the drawer's five: counts, standing, last comments,
    # addresses, the standing's history.
    with django_assert_num_queries(10):
        response = moderator_client.get(detail_url(comment))
    assert response.status_code == 200
    drawer = response.context["commenter"]
    assert drawer["standing"].level == Level.PREMODERATED
    counts = drawer["raw_counts"]
    assert sum(counts[status] for status in Comment.Status.values) == earlier + 1
    assert len(drawer["last_comments"]) == min(10, earlier + 1)
    text = response.content.decode()
    assert "يُراجَع دائماً قبل النشر" in text
    assert "لغة" in text  # the reason in the standing history


def test_the_drawer_shows_counts_last_comments_addresses_and_notes(moderator_client, staff):
    article = make_article()
    history(article, 8)
    comment = Comment.objects.latest("pk")
    standing_actions.set_note(
        standing_actions.standing_for_comment(comment), "يكتب بحدة", by=staff["moderator"]
    )
    response = moderator_client.get(detail_url(comment))
    text = response.content.decode()
    assert "تعليقان منشوران" in text  # six Arabic plural forms: 2 approved
    assert "تعليقان مُبلَّغ عنهما" in text
    assert "192.0.2.3" in text
    assert "يكتب بحدة" in text
    for other in Comment.objects.all():
        assert detail_url(other) in text


def test_desk_buttons_ban_with_trash_and_block_the_address(moderator_client, staff):
    article = make_article()
    history(article, 3, email="troll@example.com")
    comment = make_comment(article, author_email="troll@example.com", ip="2001:db8::5")

    response = moderator_client.post(
        commenter_url(comment), {"do": "ban", "reason": "شتائم", "trash_past": "on"}
    )
    assert response.status_code == 302
    assert CommenterStanding.objects.get(email="troll@example.com").level == Level.BANNED
    assert set(Comment.objects.values_list("status", flat=True)) == {"trash"}

    moderator_client.post(commenter_url(comment), {"do": "block_address", "reason": "إغراق"})
    block = CommenterBlock.objects.get()
    assert (block.value, block.created_by) == ("2001:db8::/64", staff["moderator"])
    assert list(StandingChange.objects.order_by("pk").values_list("action", flat=True)) == [
        "level",
        "trash-past",
        "block",
    ]


def test_a_journalist_cannot_change_standing_or_block(client, staff):
    comment = make_comment(make_article())
    client.force_login(staff["journalist"])
    for key in ("ban", "trust", "block_address"):
        assert client.post(commenter_url(comment), {"do": key}).status_code == 403
    note = reverse("admin:comments_comment_commenter_note", args=[comment.pk])
    assert client.post(note, {"note": "x"}).status_code == 403
    add = reverse("admin:comments_commenterstanding_add")
    assert client.get(add).status_code == 403
    assert client.get(reverse("admin:comments_commenterblock_add")).status_code == 403
    assert not CommenterStanding.objects.exists()


def test_moderators_edit_standing_and_blocks_in_the_admin(moderator_client, staff):
    make_comment(make_article(), author_email="Someone@Example.com")
    response = moderator_client.post(
        reverse("admin:comments_commenterstanding_add"),
        {
            "email": "Someone@Example.com",
            "level": "banned",
            "reason": "تهديد",
            "trash_past": "on",
            "note": "",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = CommenterStanding.objects.get()
    assert (record.email, record.level) == ("someone@example.com", "banned")
    assert Comment.objects.get().status == "trash"
    assert record.changes.filter(reason="تهديد", actor=staff["moderator"]).count() == 2

    response = moderator_client.post(
        reverse("admin:comments_commenterblock_add"),
        {"kind": "network", "value": "not an address", "reason": ""},
    )
    assert response.status_code == 200  # the form again, with an Arabic error
    assert "ليس عنوان IP ولا شبكة" in response.content.decode()
    response = moderator_client.post(
        reverse("admin:comments_commenterblock_add"),
        {"kind": "domain", "value": "@Spam.Example", "reason": "نطاق مؤقت"},
    )
    assert response.status_code == 302
    block = CommenterBlock.objects.get()
    assert block.value == "spam.example"
    delete = reverse("admin:comments_commenterblock_delete", args=[block.pk])
    assert moderator_client.post(delete, {"post": "yes"}).status_code == 302
    assert not CommenterBlock.objects.exists()
    assert StandingChange.objects.filter(action="unblock", subject="spam.example").exists()


def test_the_admin_pages_open_for_moderators_and_editors(client, staff):
    comment = make_comment(make_article(), author_email="w@example.com")
    record = standing_actions.from_comment(comment, "trust", by=staff["moderator"], reason="ثقة")
    standing_actions.from_comment(comment, "block_address", by=staff["moderator"])
    for role in ("moderator", "editor"):
        client.force_login(staff[role])
        for name, args in [
            ("admin:comments_commenterstanding_changelist", []),
            ("admin:comments_commenterstanding_change", [record.pk]),
            ("admin:comments_commenterblock_changelist", []),
            ("admin:comments_standingchange_changelist", []),
        ]:
            response = client.get(reverse(name, args=args))
            assert response.status_code == 200, (role, name)
        assert "موثوق" in response.content.decode()

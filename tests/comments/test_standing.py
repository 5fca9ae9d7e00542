"""Commenters' standing and blocks on the reader's POST (docs/comments.md, "Standing, blocks and
hold rules"): refused without storing anything, pre-moderated, trusted; expiry honoured."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import standing_actions
from comments.models import Comment, CommentEvent
from comments.standing import (
    BlockKind,
    CommenterBlock,
    CommenterStanding,
    Level,
    StandingChange,
    normalise_network,
)
from newsroom.signals import visible_comments_changed
from tests.akismet_fake import SPAM_AUTHOR
from tests.factories import make_article, make_comment, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_flood(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0


def standing(email, level, *, until=None, by=None, reason="", trash_past=False):
    record = CommenterStanding(email=email, level=level, until=until)
    standing_actions.set_standing(record, by=by, reason=reason, trash_past=trash_past)
    return record


def refused(response):
    assert response.status_code == 403
    text = response.content.decode()
    assert "لا يمكنك التعليق هنا" in text
    return True


@pytest.mark.parametrize("level", [Level.BANNED, Level.SUSPENDED])
def test_a_banned_or_suspended_commenter_gets_a_403_and_nothing_is_stored(client, level):
    article = make_article()
    until = timezone.now() + timedelta(days=7)
    standing("Abukhaled@Example.com", level, until=until, reason="شتائم متكررة")
    before = (Comment.objects.count(), CommentEvent.objects.count())

    response = post_comment(client, article, email="ABUKHALED@example.COM")

    assert refused(response)
    assert "شتائم" not in response.content.decode()  # no reason given
    assert (Comment.objects.count(), CommentEvent.objects.count()) == before


def test_a_suspension_ends_on_its_date(client):
    article = make_article()
    start = timezone.now()
    standing("abukhaled@example.com", Level.SUSPENDED, until=start + timedelta(days=7))
    with time_machine.travel(start + timedelta(days=6, hours=23), tick=False):
        assert refused(post_comment(client, article))
    with time_machine.travel(start + timedelta(days=7, minutes=1), tick=False):
        assert post_comment(client, article).status_code == 302
    assert Comment.objects.count() == 1


def test_a_standing_by_account_counts_whatever_the_email(client, staff):
    article = make_article()
    reader = staff["journalist"]
    standing_actions.set_standing(
        CommenterStanding(user=reader, level=Level.BANNED), by=staff["moderator"]
    )
    client.force_login(reader)
    assert refused(post_comment(client, article, email="another@example.com"))
    assert not Comment.objects.exists()


def test_an_ipv6_block_covers_the_whole_64_and_expires(client, staff):
    article = make_article()
    block = CommenterBlock(
        kind=BlockKind.NETWORK,
        value="2001:db8:1:2::17",
        expires_at=timezone.now() + timedelta(hours=1),
        reason="حملة إغراق",
    )
    standing_actions.block(block, by=staff["moderator"])
    assert block.value == "2001:db8:1:2::/64"

    assert refused(post_comment(client, article, ip="2001:db8:1:2:aaaa::9"))
    assert not Comment.objects.exists()
    other_64 = post_comment(client, article, ip="2001:db8:1:3::9", comment="تعليق آخر")
    assert other_64.status_code == 302
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        later = post_comment(client, article, ip="2001:db8:1:2::5", comment="بعد انتهاء الحظر")
        assert later.status_code == 302
    assert Comment.objects.count() == 2
    change = StandingChange.objects.get(action=StandingChange.Action.BLOCK)
    assert (change.subject, change.actor, change.reason) == (
        "2001:db8:1:2::/64",
        staff["moderator"],
        "حملة إغراق",
    )


def test_a_network_block_in_cidr_and_an_ipv4_address():
    assert normalise_network("203.0.113.7") == "203.0.113.7/32"
    assert normalise_network("203.0.113.7/24") == "203.0.113.0/24"
    assert normalise_network("::ffff:203.0.113.7") == "203.0.113.7/32"
    with pytest.raises(ValueError):
        normalise_network("not-an-address")


def test_a_cidr_block_refuses_the_network(client):
    article = make_article()
    standing_actions.block(CommenterBlock(kind=BlockKind.NETWORK, value="198.51.100.0/24"), by=None)
    assert refused(post_comment(client, article, ip="198.51.100.77"))
    assert post_comment(client, article, ip="198.51.101.1").status_code == 302
    assert Comment.objects.count() == 1


def test_an_email_domain_block(client):
    article = make_article()
    block = CommenterBlock(kind=BlockKind.DOMAIN, value="@Throwaway.example")
    standing_actions.block(block, by=None)
    assert refused(post_comment(client, article, email="x@throwaway.EXAMPLE"))
    assert not Comment.objects.exists()
    assert post_comment(client, article, email="x@example.com").status_code == 302


def test_a_premoderated_commenter_waits_even_when_akismet_clears_them(client, akismet):
    article = make_article()
    make_comment(article, author_name="أبو خالد", author_email="abukhaled@example.com")
    standing("abukhaled@example.com", Level.PREMODERATED)

    assert post_comment(client, article).status_code == 302

    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.akismet_result) == ("pending", "ham")
    held = comment.events.get(event=CommentEvent.Event.HELD)
    assert held.detail == {"reason": "standing"}


def test_trusted_is_set_when_a_cleared_comment_is_approved_and_still_checked(
    client, akismet, staff
):
    article = make_article()
    assert post_comment(client, article).status_code == 302
    first = Comment.objects.get()
    assert (first.status, first.akismet_result) == ("pending", "ham")
    assert not CommenterStanding.objects.exists()

    standing_actions.actions.perform(first, "approve", by=staff["moderator"])

    record = CommenterStanding.objects.get()
    assert (record.email, record.level) == ("abukhaled@example.com", Level.TRUSTED)
    assert record.changes.get().action == StandingChange.Action.AUTO_TRUST

    # Trusted: approved at once (a new name, so not the returning-author rule) ...
    post_comment(client, article, author="اسم آخر", comment="تعليق ثان")
    assert Comment.objects.latest("pk").status == "approved"
    # ... but Akismet is still asked, and its spam verdict wins.
    post_comment(client, article, author=SPAM_AUTHOR, comment="رابط مريب")
    assert Comment.objects.latest("pk").status == "spam"
    assert len(akismet.calls("comment-check")) == 3


def test_a_stricter_standing_is_not_made_trusted(client, akismet, staff):
    article = make_article()
    standing("abukhaled@example.com", Level.PREMODERATED)
    post_comment(client, article)
    standing_actions.actions.perform(Comment.objects.get(), "approve", by=staff["moderator"])
    assert CommenterStanding.objects.get().level == Level.PREMODERATED


def test_ban_with_trash_past_comments_goes_through_the_actions(staff):
    article, other = make_article(), make_article()
    mine = [
        make_comment(article, author_email="Troll@example.com"),
        make_comment(other, author_email="troll@example.com"),
        make_comment(article, author_email="troll@example.com", status="pending"),
    ]
    someone_else = make_comment(article)
    heard = []

    def hear(sender, article_ids, **kwargs):
        heard.append(set(article_ids))

    visible_comments_changed.connect(hear)
    try:
        done = standing_actions.from_comment(
            mine[0], "ban", by=staff["moderator"], reason="إساءة", trash_past=True
        )
    finally:
        visible_comments_changed.disconnect(hear)

    assert done.trashed == 3
    assert heard == [{article.pk, other.pk}]  # one signal: the page caches are told
    for comment in mine:
        comment.refresh_from_db()
        assert comment.status == "trash"
        assert comment.events.filter(event="status-trash", actor=staff["moderator"]).exists()
    someone_else.refresh_from_db()
    assert someone_else.status == "approved"
    actions = list(done.changes.order_by("pk").values_list("action", "reason", "actor"))
    assert actions == [
        (StandingChange.Action.LEVEL, "إساءة", staff["moderator"].pk),
        (StandingChange.Action.TRASH_PAST, "إساءة", staff["moderator"].pk),
    ]


def test_the_desk_suspends_for_7_days(staff):
    comment = make_comment(make_article(), author_email="Reader@Example.com")
    done = standing_actions.from_comment(comment, "suspend", by=staff["moderator"])
    assert done.email == "reader@example.com"
    assert done.level == Level.SUSPENDED
    assert timedelta(days=6, hours=23) < done.until - timezone.now() <= timedelta(days=7)


def test_the_standing_costs_two_indexed_queries_and_a_refusal_writes_nothing(
    client, django_assert_num_queries
):
    article = make_article()
    post_comment(client, article, email="first@example.com", ip="192.0.2.50")
    with CaptureQueriesContext(connection) as queries:
        post_comment(client, article, email="second@example.com", comment="نص آخر")
    touched = [q["sql"] for q in queries if "commenterstanding" in q["sql"]]
    touched += [q["sql"] for q in queries if "commenterblock" in q["sql"]]
    assert len(touched) == 2

    standing("banned@example.com", Level.BANNED)
    # The article and the standing (the blocks are not even read): then the 403, nothing written.
    with django_assert_num_queries(2):
        response = post_comment(client, article, email="banned@example.com", comment="ثالث")
    assert refused(response)

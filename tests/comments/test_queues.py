"""The one source of truth: the queues, their counts, the moderator actions and the history."""

import pytest
from django.utils import translation

from comments import actions
from comments.models import Comment, CommentEvent
from comments.states import ACTIONS, Verdict
from newsroom.arabic import normalize
from tests.factories import make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.fixture
def one_of_each():
    article = make_article()
    return {
        "pending": make_comment(article, status=Status.PENDING),
        "approved": make_comment(article, status=Status.APPROVED),
        "spam": make_comment(article, status=Status.SPAM, akismet_result=Verdict.SPAM),
        "manual_spam": make_comment(article, status=Status.SPAM),
        "blatant": make_comment(article, status=Status.SPAM, akismet_result=Verdict.DISCARD),
        "trash": make_comment(article, status=Status.TRASH),
        "owing": make_comment(article, status=Status.SPAM, akismet_report=Comment.Report.SPAM),
    }


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_each_queue_holds_its_comments(one_of_each):
    c = {key: comment.pk for key, comment in one_of_each.items()}
    objects = Comment.objects
    assert pks(objects.pending()) == {c["pending"]}
    assert pks(objects.queue("approved")) == pks(objects.visible()) == {c["approved"]}
    assert pks(objects.desk_all()) == {c["pending"], c["approved"]}
    assert pks(objects.spam()) == {c["spam"], c["manual_spam"], c["owing"]}
    assert pks(objects.blatant()) == {c["blatant"]}
    assert pks(objects.any_spam()) == {c["spam"], c["manual_spam"], c["owing"], c["blatant"]}
    assert pks(objects.trash()) == {c["trash"]}
    assert pks(objects.owing_report()) == {c["owing"]}


def test_queue_by_key_and_unknown_keys_mean_all(one_of_each):
    assert pks(Comment.objects.queue("blatant")) == {one_of_each["blatant"].pk}
    assert pks(Comment.objects.queue("nonsense")) == pks(Comment.objects.desk_all())


def test_desk_counts_are_one_query_and_agree_with_the_queues(
    one_of_each, django_assert_num_queries
):
    with django_assert_num_queries(1):
        counts = Comment.objects.desk_counts()
    for key in ("all", "pending", "approved", "spam", "blatant", "trash"):
        assert counts[key] == Comment.objects.queue(key).count(), key
    assert counts["all"] == counts["pending"] + counts["approved"]


# --- the actions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "key", "after", "event"),
    [
        (Status.PENDING, "approve", Status.APPROVED, "status-approved"),
        (Status.APPROVED, "unapprove", Status.PENDING, "status-pending"),
        (Status.PENDING, "spam", Status.SPAM, "status-spam"),
        (Status.APPROVED, "spam", Status.SPAM, "status-spam"),
        (Status.SPAM, "not_spam", Status.PENDING, "status-pending"),
        (Status.APPROVED, "trash", Status.TRASH, "status-trash"),
        (Status.SPAM, "trash", Status.TRASH, "status-trash"),
        (Status.TRASH, "restore", Status.PENDING, "status-pending"),
    ],
)
def test_each_action_moves_the_comment_and_writes_one_history_line(before, key, after, event):
    moderator = make_user(permissions=["comments.moderate_comment"])
    comment = make_comment(make_article(), status=before)
    assert actions.perform(comment, key, by=moderator) is True
    comment.refresh_from_db()
    assert comment.status == after
    [line] = comment.events.all()
    assert (line.event, line.actor, line.detail) == (
        event,
        moderator,
        {"from": before, "to": after},
    )


@pytest.mark.parametrize("key", sorted(ACTIONS))
def test_an_action_that_does_not_apply_changes_nothing_and_writes_nothing(key):
    action = ACTIONS[key]
    status = next(s for s in Status.values if s not in action.applies_to)
    comment = make_comment(make_article(), status=status)
    assert actions.perform(comment, key, by=None) is False
    comment.refresh_from_db()
    assert comment.status == status
    assert not comment.events.exists()


def test_delete_only_from_spam_or_trash():
    article = make_article()
    approved = make_comment(article, status=Status.APPROVED)
    trashed = make_comment(article, status=Status.TRASH)
    assert actions.perform(approved, "delete", by=None) is False
    assert actions.perform(trashed, "delete", by=None) is True
    assert Comment.objects.filter(pk=approved.pk).exists()
    assert not Comment.objects.filter(pk=trashed.pk).exists()


def test_not_spam_returns_an_approved_comment_to_approved():
    comment = make_comment(make_article(), status=Status.APPROVED)
    actions.perform(comment, "spam", by=None)
    actions.perform(comment, "not_spam", by=None)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_not_spam_on_a_comment_the_rules_held_sends_it_back_to_pending(client, akismet):
    """Was seen: "Not spam" on a comment held for its links approved and published it."""
    article = make_article()
    links = " ".join(f"https://example.com/{n}" for n in range(5))
    post_comment(client, article, comment=f"انظروا {links}")
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert comment.events.get(event="held").detail == {"reason": "links", "links": 5}
    moderator = make_user(permissions=["comments.moderate_comment"])
    actions.perform(comment, "spam", by=moderator)
    actions.perform(comment, "not_spam", by=moderator)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not Comment.objects.visible().exists()


def test_restore_after_spam_then_trash_returns_to_spam_and_not_spam_skips_the_trash():
    comment = make_comment(make_article(), status=Status.APPROVED)
    for key in ("spam", "trash", "restore"):
        actions.perform(comment, key, by=None)
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    actions.perform(comment, "not_spam", by=None)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED  # where it was before spam, not the trash


def test_reports_owed_follow_the_table(akismet):
    comment = make_comment(make_article(), status=Status.PENDING)
    actions.perform(comment, "spam", by=None)
    comment.refresh_from_db()
    assert comment.akismet_report == Comment.Report.SPAM
    actions.perform(comment, "not_spam", by=None)
    comment.refresh_from_db()
    assert comment.akismet_report == Comment.Report.HAM
    actions.perform(comment, "trash", by=None)
    comment.refresh_from_db()
    assert comment.akismet_report == ""  # a later decision replaces the unsent report


def test_without_akismet_no_report_is_owed():
    comment = make_comment(make_article(), status=Status.PENDING)
    actions.perform(comment, "spam", by=None)
    comment.refresh_from_db()
    assert comment.akismet_report == ""


def test_staff_reply_is_approved_threaded_and_approves_the_pending_parent():
    moderator = make_user(
        permissions=["comments.moderate_comment"], first_name="نورة", email="desk@example.com"
    )
    parent = make_comment(make_article(), status=Status.PENDING)
    reply = actions.reply(parent, "شكراً على ملاحظتك", by=moderator)
    parent.refresh_from_db()
    assert parent.status == Status.APPROVED
    assert parent.events.get(event="status-approved").actor == moderator
    assert (reply.parent, reply.depth, reply.status) == (parent, 2, Status.APPROVED)
    assert (reply.user, reply.author_name, reply.author_email) == (
        moderator,
        "غرفة الأخبار",  # COMMENTS_STAFF_NAME: the name the desk promises
        "desk@example.com",
    )
    [line] = reply.events.all()
    assert (line.event, line.actor, line.detail) == ("staff-reply", moderator, {"to": parent.pk})


def test_staff_reply_at_the_deepest_level_goes_beside_it(settings):
    settings.COMMENTS_MAX_DEPTH = 2
    top = make_comment(make_article())
    deep = make_comment(top.article, parent=top)
    reply = actions.reply(deep, "رد", by=make_user())
    assert (reply.parent, reply.depth) == (top, 2)


def test_no_staff_reply_to_spam():
    with pytest.raises(ValueError):
        actions.reply(make_comment(make_article(), status=Status.SPAM), "رد", by=make_user())


# --- the history, as moderators read it -------------------------------------------------------


@pytest.mark.parametrize(
    ("detail", "english", "arabic"),
    [
        ({"from": "pending", "to": "spam"}, "Pending → Spam", "بانتظار المراجعة ← مزعج"),
        ({"reason": "links", "links": 5}, "5 links", "5 روابط"),
        ({"reason": "word", "word": "كازينو"}, "contains the held word “كازينو”", None),
        ("x-akismet-guid: g-1", "x-akismet-guid: g-1", "x-akismet-guid: g-1"),
    ],
)
def test_history_details_are_shown_in_the_moderators_language(detail, english, arabic):
    event = CommentEvent(event="held", detail=detail)
    with translation.override("en"):
        assert event.describe() == english
    with translation.override("ar"):
        shown = event.describe()
        assert shown == arabic if arabic else "كازينو" in shown and shown != english


def test_search_text_is_folded_and_kept_current():
    comment = make_comment(make_article(), author_name="سارة", content="أهلاً وسهلاً")
    assert comment.search_text == normalize(
        f"سارة\n{comment.author_email}\n{comment.ip}\nأهلاً وسهلاً"
    )
    comment.content = "مرحبًا"
    comment.save(update_fields=["content"])
    comment.refresh_from_db()
    assert "مرحبا" in comment.search_text


@pytest.mark.parametrize(
    ("stored", "structured"),
    [
        ("pending → spam", {"from": "pending", "to": "spam"}),
        ("links: 5", {"reason": "links", "links": 5}),
        ("word: كازينو", {"reason": "word", "word": "كازينو"}),
        ("akismet: key suspended", {"reason": "akismet", "error": "key suspended"}),
        ("x-akismet-guid: g-1", "x-akismet-guid: g-1"),
        ("", ""),
    ],
)
def test_the_migration_turns_old_english_details_into_data(stored, structured):
    import importlib

    migration = importlib.import_module(
        "comments.migrations.0004_desk_search_and_structured_history"
    )
    assert migration.structured(stored) == structured

"""comments.actions: each change of a comment's state writes its history, tells readers' pages
once (and only) when what they see changed, and queues on commit what it owes."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from comments import actions, privacy
from comments.models import Comment, CommentEvent
from comments.states import ACTIONS, Status
from newsroom.signals import visible_comments_changed
from tests.factories import make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every visible_comments_changed sent during the test: one set of article ids each."""
    sent = []

    def listen(sender, article_ids, **kwargs):
        sent.append(set(article_ids))

    visible_comments_changed.connect(listen, dispatch_uid="test-actions-heard")
    yield sent
    visible_comments_changed.disconnect(dispatch_uid="test-actions-heard")


def history(comment):
    return list(comment.events.order_by("pk").values_list("event", "actor_id"))


# Each action from a status it applies to: where it leads, and whether readers see a change.
MOVES = [
    ("approve", Status.PENDING, Status.APPROVED, True),
    ("unapprove", Status.APPROVED, Status.PENDING, True),
    ("spam", Status.APPROVED, Status.SPAM, True),
    ("spam", Status.PENDING, Status.SPAM, False),
    ("not_spam", Status.SPAM, Status.PENDING, False),
    ("trash", Status.APPROVED, Status.TRASH, True),
    ("trash", Status.SPAM, Status.TRASH, False),
    ("restore", Status.TRASH, Status.PENDING, False),
]


@pytest.mark.parametrize(("key", "before", "after", "visible_change"), MOVES)
def test_each_action_writes_history_and_signals_only_a_visible_change(
    heard, key, before, after, visible_change
):
    moderator = make_user(is_superuser=True)
    comment = make_comment(make_article(), status=before)

    assert actions.perform(comment, key, by=moderator)

    assert comment.status == after == Comment.objects.get(pk=comment.pk).status
    assert history(comment) == [(f"status-{after}", moderator.pk)]
    assert heard == ([{comment.article_id}] if visible_change else [])


def test_an_action_that_does_not_apply_changes_nothing_and_says_nothing(heard):
    comment = make_comment(make_article(), status=Status.APPROVED)
    assert not actions.perform(comment, "approve", by=None)
    assert not actions.perform(comment, "restore", by=None)
    assert history(comment) == []
    assert heard == []


def test_many_comments_on_several_articles_are_one_signal(heard):
    first, second = make_article(), make_article()
    comments = [make_comment(article, status=Status.PENDING) for article in (first, second)]
    comments.append(make_comment(first, status=Status.SPAM))  # not pending: left alone

    changed = actions.perform_many(
        Comment.objects.filter(pk__in=[c.pk for c in comments]), "approve", by=None
    )

    assert changed == 2
    assert heard == [{first.pk, second.pk}]


def test_deleting_signals_only_for_comments_readers_saw(heard):
    article = make_article()
    hidden = make_comment(article, status=Status.TRASH)
    assert actions.perform(hidden, "delete", by=None)
    assert heard == []
    assert not Comment.objects.filter(pk=hidden.pk).exists()

    shown = make_comment(article)
    assert actions.delete(Comment.objects.filter(pk=shown.pk)) == 1
    assert heard == [{article.pk}]


def test_a_staff_reply_approves_and_answers_in_one_signal(heard):
    moderator = make_user(is_superuser=True, first_name="هالة")
    comment = make_comment(make_article(), status=Status.PENDING)

    reply = actions.reply(comment, "شكراً لك", by=moderator)

    assert heard == [{comment.article_id}]
    assert history(comment) == [("status-approved", moderator.pk)]
    assert history(reply) == [(CommentEvent.Event.STAFF_REPLY, moderator.pk)]
    assert set(reply.html) == {"ar", "en"}  # stored rendered, like a reader's comment
    assert "غرفة الأخبار" in reply.html["ar"]  # the name the desk promises (COMMENTS_STAFF_NAME)


def test_erasing_writes_history_renders_again_and_signals(heard):
    moderator = make_user(is_superuser=True)
    article = make_article()
    shown = make_comment(article, author_name="سامي", author_email="sami@example.com")
    waiting = make_comment(make_article(), author_email="SAMI@example.com", status=Status.PENDING)

    assert privacy.erase("sami@example.com", by=moderator) == 2

    assert heard == [{article.pk}]  # the pending comment's page shows nothing of it
    for comment in (shown, waiting):
        comment.refresh_from_db()
        assert history(comment) == [(CommentEvent.Event.ERASED, moderator.pk)]
        assert comment.author_name == privacy.ERASED_NAME
        assert "سامي" not in comment.html["ar"]


def test_a_verdict_that_approves_signals_once(akismet, heard, client):
    """Akismet clears a comment by a moderator: readers see it at once."""
    moderator = make_user(is_superuser=True)
    client.force_login(moderator)
    article = make_article()

    post_comment(client, article)

    assert Comment.objects.get().status == Status.APPROVED
    assert heard == [{article.pk}]


def test_a_held_comment_signals_nothing(heard, client):
    post_comment(client, make_article())
    assert Comment.objects.get().status == Status.PENDING
    assert heard == []


@pytest.mark.parametrize(("key", "before"), [("spam", Status.PENDING), ("not_spam", Status.SPAM)])
def test_a_decision_queues_its_akismet_report_on_commit_by_itself(
    akismet, task_queue, django_capture_on_commit_callbacks, key, before
):
    comment = make_comment(make_article(), status=before)

    with django_capture_on_commit_callbacks() as callbacks:
        assert actions.perform(comment, key, by=None)
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "comments.tasks.report_to_akismet"
    assert queued.args_kwargs["args"][0] == [comment.pk]


def test_without_akismet_no_report_is_owed_or_queued(
    task_queue, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.perform(comment, "spam", by=None)
    assert Comment.objects.get(pk=comment.pk).akismet_report == ""
    assert not DBTaskResult.objects.exists()


def test_the_bulk_actions_are_the_actions_table():
    request = RequestFactory().get("/admin/comments/comment/")
    request.user = make_user(is_superuser=True)
    offered = site._registry[Comment].get_actions(request)

    table = {action.bulk: action for action in ACTIONS.values() if action.bulk}
    assert set(table) <= set(offered)
    for name, action in table.items():
        assert offered[name][2] == action.label
    moderator_actions = set(offered) - {
        "check_for_spam",
        "export_commenter_data",
        "erase_commenter_data",
    }
    assert moderator_actions == set(table)

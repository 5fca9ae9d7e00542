"""The moderators' digest: one e-mail per moderator per COMMENTS_DIGEST_MINUTES at most."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, ModeratorDigest
from comments.notifications import send_digest
from comments.states import Verdict
from comments.tasks import send_moderator_digest
from tests.factories import make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db

MODERATORS = {"desk@example.com", "night-desk@example.com"}


@pytest.fixture
def moderators():
    for email in sorted(MODERATORS):
        make_user(email=email, permissions=["comments.moderate_comment"])
    make_user(email="journalist@example.com")  # staff, but no moderator


@pytest.fixture
def burst(client, settings, django_capture_on_commit_callbacks):
    """Ten readers comment within a minute; each post enqueues the digest on commit."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article()

    def post(n=10):
        for i in range(n):
            with django_capture_on_commit_callbacks(execute=True):  # each request commits
                post_comment(
                    client,
                    article,
                    author=f"قارئ {i}",
                    email=f"r{i}@example.com",
                    comment=f"رأي {i}",
                )
        return list(Comment.objects.order_by("pk"))

    return post


def recipients():
    return sorted(to for message in mail.outbox for to in message.to)


def test_a_burst_of_comments_is_one_email_per_moderator(moderators, burst):
    comments = burst(10)

    assert recipients() == sorted(MODERATORS)
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "رأي 0" in mail.outbox[0].body
    # The other nine wait for the next round.
    assert Comment.objects.awaiting_notice().count() == 9
    assert comments[0].events.filter(event="notified").exists()


def test_the_next_round_sums_up_what_arrived_in_the_window(moderators, burst):
    burst(10)
    mail.outbox.clear()

    assert send_digest(now=timezone.now() + timedelta(minutes=2)) == 0  # still too early
    assert mail.outbox == []

    assert send_digest(now=timezone.now() + timedelta(minutes=6)) == 9
    assert recipients() == sorted(MODERATORS)
    body = mail.outbox[0].body
    assert all(f"رأي {i}" in body for i in range(1, 10))
    assert "9" in mail.outbox[0].subject
    assert not Comment.objects.awaiting_notice().exists()


def test_a_throttled_round_queues_one_follow_up_for_the_end_of_the_window(
    moderators, burst, task_queue, django_capture_on_commit_callbacks
):
    last = ModeratorDigest.objects.create(sent_at=timezone.now() - timedelta(minutes=1))
    burst(5)
    queued = DBTaskResult.objects.ready()
    assert queued.count() == 1  # the first post queued the digest; it covers the other four

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            send_moderator_digest.call()  # the worker runs it (and any others) in the window

    (follow_up,) = DBTaskResult.objects.exclude(pk__in=[task.pk for task in queued])
    assert follow_up.task_path == "comments.tasks.send_moderator_digest"
    assert follow_up.run_after == last.sent_at + timedelta(minutes=5)
    assert mail.outbox == []


def test_while_a_digest_waits_in_the_queue_new_comments_queue_no_other(
    client, moderators, burst, task_queue, django_capture_on_commit_callbacks
):
    burst(3)
    assert DBTaskResult.objects.ready().count() == 1

    send_digest()  # the worker starts it: later comments need a digest of their own
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, email="late@example.com", ip="192.0.2.77")
    assert DBTaskResult.objects.ready().count() == 2


def test_spam_and_unretried_errors_are_not_announced(moderators, settings):
    article = make_article()
    make_comment(article, status=Comment.Status.SPAM)
    make_comment(article, status=Comment.Status.PENDING, akismet_result=Verdict.ERROR)
    make_comment(article, status=Comment.Status.PENDING, akismet_result=Verdict.UNCHECKED)
    make_comment(article, status=Comment.Status.APPROVED)

    assert send_digest() == 0
    assert mail.outbox == []


def test_an_error_is_announced_after_a_day_all_the_same(moderators):
    article = make_article()
    overdue = make_comment(
        article,
        status=Comment.Status.PENDING,
        akismet_result=Verdict.ERROR,
        created_at=timezone.now() - timedelta(hours=25),
    )

    assert send_digest() == 1
    assert overdue.content in mail.outbox[0].body


def test_a_failed_round_leaves_the_comments_for_the_next_one(moderators, settings):
    settings.EMAIL_BACKEND = "tests.comments.test_digest.BrokenMailBackend"
    comment = make_comment(make_article(), status=Comment.Status.PENDING)

    assert send_digest() == 0

    comment.refresh_from_db()
    assert comment.notified_at is None
    assert comment.events.filter(event="notify-failed").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digest(now=timezone.now() + timedelta(minutes=6)) == 1


def test_without_moderators_nothing_is_sent_and_nothing_is_marked(burst):
    burst(2)
    assert mail.outbox == []
    assert Comment.objects.awaiting_notice().count() == 2


class BrokenMailBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server refused the connection")

"""Durable first, nothing slow on the reader's path (docs/comments.md).

- The comment is committed before Akismet is asked, and Akismet gets one wall-clock deadline
  for the whole exchange: a service that drips its answer or never answers cannot hold the
  reader, and a request that dies mid-check leaves a comment recheck_comments classifies.
- Moderator e-mails and Akismet reports are background tasks: the reader's and the
  moderator's requests only enqueue them.
"""

import io
import threading
from datetime import timedelta

import httpx
import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments import spam
from comments.models import Comment
from comments.notifications import send_digest
from comments.states import Verdict
from tests.comments import mock_akismet
from tests.conftest import run_worker
from tests.factories import make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db


def history(comment):
    return list(comment.events.order_by("at", "pk").values_list("event", flat=True))


@pytest.fixture
def moderator():
    return make_user(permissions=["comments.moderate_comment"], email="desk@example.com")


# --- one deadline for the whole exchange ------------------------------------------------------


def test_a_service_that_drips_its_answer_is_cut_off_at_the_deadline(akismet, settings):
    # One byte every 0.2 s: no single read waits anywhere near the 1 s timeout, so httpx's
    # per-read timeout never fires; the whole answer would take half a minute.
    settings.AKISMET_TIMEOUT = 1
    akismet.delay = 0.2
    akismet.mode = "drip"

    result = spam.check({"user_ip": "192.0.2.1", "comment_content": "مرحبا"})

    assert result.verdict == spam.Verdict.ERROR
    assert "the Akismet deadline has passed" in result.detail


def test_a_reader_whose_check_drips_gets_their_redirect_and_the_comment_is_kept(
    client, akismet, settings
):
    settings.AKISMET_TIMEOUT = 1
    akismet.delay = 0.2
    akismet.mode = "drip"

    response = post_comment(client, make_article())

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.ERROR
    assert history(comment) == ["received", "check-error"]


def test_a_reader_whose_check_never_answers_gets_their_redirect_and_the_comment_is_kept(
    client, akismet, settings
):
    settings.AKISMET_TIMEOUT = 1
    akismet.mode = "hang"

    response = post_comment(client, make_article())

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.ERROR


# --- the comment is committed before the network call ---------------------------------------


@pytest.fixture
def mock(settings):
    mock_akismet.service.reset()
    settings.AKISMET_API_KEY = "mock-key"
    settings.COMMENTS_SPAM_CLIENT_FACTORY = "tests.comments.mock_akismet.factory"
    return mock_akismet.service


@pytest.mark.django_db(transaction=True)
def test_akismet_is_asked_only_once_the_comment_is_committed(client, mock):
    seen = {}

    def look_at_the_database(request):
        seen["in_transaction"] = connection.in_atomic_block
        seen["stored"] = list(Comment.objects.values_list("status", "akismet_result"))
        return httpx.Response(200, text="false")

    mock.handler = look_at_the_database
    post_comment(client, make_article())

    assert seen == {
        "in_transaction": False,
        "stored": [(Comment.Status.PENDING, Verdict.UNCHECKED)],
    }


class WorkerKilled(BaseException):
    """What a worker's death looks like from inside: nothing catches it."""


@pytest.mark.django_db(transaction=True)
def test_a_request_killed_during_the_check_leaves_a_comment_the_recheck_classifies(
    client, mock, settings
):
    def die(request):
        raise WorkerKilled

    mock.handler = die
    with pytest.raises(WorkerKilled):
        post_comment(client, make_article())

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.UNCHECKED
    assert history(comment) == ["received"]

    # While the check could still be running, the recheck leaves it alone.
    mock.reset()  # the service answers again: `valid` and `false`
    call_command("recheck_comments", stdout=io.StringIO())
    assert mock.forms("comment-check") == []

    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    call_command("recheck_comments", stdout=io.StringIO())

    comment.refresh_from_db()
    assert comment.akismet_result == Verdict.HAM
    assert history(comment)[:2] == ["received", "retry-ham"]
    assert len(mock.forms("comment-check")) == 1


# --- e-mail and reports are background tasks -------------------------------------------------


class BlockingMailBackend(BaseEmailBackend):
    """A mail server that accepts the connection and never answers, until released."""

    entered = threading.Event()
    release = threading.Event()
    sent: list = []

    def send_messages(self, messages):
        type(self).entered.set()
        type(self).release.wait(timeout=30)
        type(self).sent.extend(messages)
        return len(messages)


@pytest.fixture
def silent_mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BlockingMailBackend"
    BlockingMailBackend.entered.clear()
    BlockingMailBackend.release.clear()
    BlockingMailBackend.sent = []
    yield BlockingMailBackend
    BlockingMailBackend.release.set()


@pytest.mark.django_db(transaction=True)  # the worker runs outside any test transaction
def test_a_silent_mail_server_does_not_hold_the_reader(
    client, task_queue, silent_mail_server, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, make_article())

    assert response.status_code == 302
    assert not silent_mail_server.entered.is_set()  # the request never touched the mail server
    (queued,) = DBTaskResult.objects.ready()
    assert queued.task_path == "comments.tasks.send_moderator_digest"

    silent_mail_server.release.set()  # the worker, not the reader, waits for the server
    run_worker()

    assert [message.to for message in silent_mail_server.sent] == [["desk@example.com"]]
    assert Comment.objects.get().notified_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_moderators_spam_decision_is_reported_by_the_worker_not_the_request(
    akismet, task_queue, django_capture_on_commit_callbacks
):
    moderator = make_user(permissions=["comments.moderate_comment", "comments.view_comment"])
    desk = Client()
    desk.force_login(moderator)
    comments = [make_comment(make_article(), status=Comment.Status.PENDING) for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "mark_spam", "_selected_action": [c.pk for c in comments]},
        )

    assert response.status_code == 302
    assert akismet.calls("submit-spam") == []
    assert Comment.objects.filter(akismet_report=Comment.Report.SPAM).count() == 3

    run_worker()

    assert len(akismet.calls("submit-spam")) == 3
    assert not Comment.objects.exclude(akismet_report="").exists()


def test_healthz_reports_tasks_the_worker_has_not_run(client, task_queue):
    from comments.tasks import send_moderator_digest

    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "tasks": "ok",
        "late_tasks": 0,
        "stuck_tasks": 0,
    }

    send_moderator_digest.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))

    response = client.get("/healthz")
    assert response.status_code == 200  # this web process still serves readers
    assert response.json()["status"] == "degraded"
    assert response.json()["tasks"] == "late"
    assert response.json()["late_tasks"] == 1


def test_no_moderator_email_goes_out_twice_for_one_comment(
    client, moderator, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_DIGEST_MINUTES = 0
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, make_article())

    assert send_digest() == 0  # the first digest already announced it
    assert len(mail.outbox) == 1

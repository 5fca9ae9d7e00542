"""A moderator's report to Akismet is owed until Akismet has answered and the answer is
written (comments/reports.py): the owed flag is cleared in the transaction that writes the
history line, so a failure in between leaves it owed, and the task, run again, sends it again;
a report already sent, or being sent by another process, is not sent again."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from comments import reports
from comments.models import Comment, CommentEvent
from comments.tasks import report_to_akismet
from tests.factories import make_article, make_comment

Event = CommentEvent.Event
REPORTS = (Event.REPORT_SPAM, Event.REPORT_HAM, Event.REPORT_ERROR)


def owing_spam():
    return make_comment(
        make_article(), status=Comment.Status.SPAM, akismet_report=Comment.Report.SPAM
    )


def reports_of(comment):
    return list(comment.events.filter(event__in=REPORTS).values_list("event", flat=True))


@pytest.mark.django_db(transaction=True)  # the failure comes at the commit
def test_a_failure_while_recording_the_answer_leaves_the_report_owed(akismet):
    comment = owing_spam()
    gone = get_user_model()(pk=987654, username="deleted-while-reporting")  # no such row

    with pytest.raises(IntegrityError):
        reports.send_owed(Comment.objects.filter(pk=comment.pk), by=gone)

    assert len(akismet.calls("submit-spam")) == 1  # Akismet answered...
    comment.refresh_from_db()
    assert comment.akismet_report == Comment.Report.SPAM  # ...but nothing says so: still owed
    assert reports_of(comment) == []

    assert reports.send_owed(Comment.objects.filter(pk=comment.pk)) == (1, 0)  # sent again

    assert len(akismet.calls("submit-spam")) == 2
    comment.refresh_from_db()
    assert comment.akismet_report == ""
    assert reports_of(comment) == [Event.REPORT_SPAM]


@pytest.mark.django_db
def test_running_the_report_task_again_sends_nothing_more(akismet):
    comment = owing_spam()

    assert report_to_akismet.call([comment.pk]) == 1
    assert report_to_akismet.call([comment.pk]) == 0  # a re-queued task that had finished

    assert len(akismet.calls("submit-spam")) == 1
    assert reports_of(comment) == [Event.REPORT_SPAM]


@pytest.mark.django_db
def test_an_akismet_error_is_written_and_not_retried(akismet):
    comment = owing_spam()
    akismet.mode = "error"

    assert reports.send_owed() == (1, 0)

    comment.refresh_from_db()
    assert comment.akismet_report == ""
    assert reports_of(comment) == [Event.REPORT_ERROR]


@pytest.mark.django_db(transaction=True)
def test_a_report_another_process_is_sending_is_skipped(akismet):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    comment = owing_spam()
    locked, release = threading.Event(), threading.Event()

    def other_sender():
        try:
            with transaction.atomic():
                Comment.objects.select_for_update().get(pk=comment.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        assert reports.send_owed() == (0, 1)  # not sent, still owed (by the other process)
    finally:
        release.set()
        thread.join()
    assert akismet.calls("submit-spam") == []

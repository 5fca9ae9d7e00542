"""Telling Akismet about moderators' decisions: the spam and ham reports they owe.

comments.actions records that a report is owed (Comment.akismet_report) and queues the worker's
task on commit; the task, and recheck_comments for any left over, send them from here.

Each report is sent inside a transaction that holds the comment's row lock, and the owed flag
is cleared, with the line of history that says how Akismet answered, in that same transaction,
after the answer. A process that dies before (a killed worker) leaves the flag set, and the
task, queued again (newsroom/worker.py), sends it then; a report another process is sending
(its row is locked) is skipped. Sending twice is at worst a duplicate report, never a lost one.
"""

from __future__ import annotations

from django.db import transaction

from comments import spam
from comments.models import Comment, CommentEvent

Event = CommentEvent.Event


def send_owed(queryset=None, *, by=None, limit=100):
    """Send the spam/ham reports moderators' decisions owe Akismet, oldest decision first.
    Returns (sent, left). A failed report is logged and not retried, as in WordPress."""
    queryset = Comment.objects.all() if queryset is None else queryset
    owed = list(queryset.owing_report().order_by("pk").values_list("pk", flat=True)[:limit])
    sent = sum(send_one(pk, by=by) for pk in owed)
    return sent, queryset.owing_report().count()


def send_one(pk: int, *, by=None) -> bool:
    """Send the report comment `pk` owes, and record Akismet's answer; False when it owes none
    any more or another process is sending it."""
    with transaction.atomic():
        comment = (
            Comment.objects.owing_report().select_for_update(skip_locked=True).filter(pk=pk).first()
        )
        if comment is None:
            return False
        as_spam = comment.akismet_report == Comment.Report.SPAM
        outcome = send(comment, as_spam=as_spam)
        if outcome is None:
            return False
        record(comment, as_spam=as_spam, outcome=outcome, by=by)
    return True


def send(comment: Comment, *, as_spam: bool) -> spam.ReportResult | None:
    """Tell Akismet about a moderator's decision (None when Akismet is off); never raises."""
    if not spam.is_enabled():
        return None
    payload = comment.akismet_payload or spam.build_payload(comment)
    return spam.report(payload, as_spam=as_spam)


def record(comment: Comment, *, as_spam: bool, outcome: spam.ReportResult, by=None) -> None:
    """Write Akismet's answer to a report in the comment's history and clear the owed flag
    (call it inside the transaction that holds the comment's row lock)."""
    if outcome.ok:
        event = Event.REPORT_SPAM if as_spam else Event.REPORT_HAM
    else:
        event = Event.REPORT_ERROR
    detail = ("submit-spam" if as_spam else "submit-ham") + (
        f": {outcome.detail}" if outcome.detail else ""
    )
    Comment.objects.filter(pk=comment.pk).update(akismet_report="")
    comment.akismet_report = ""
    comment.log(event, by=by, detail=detail)

"""Telling Akismet about moderators' decisions: the spam and ham reports they owe.

comments.actions records that a report is owed (Comment.akismet_report) and queues the worker's
task on commit; the task, and recheck_comments for any left over, send them from here.
"""

from __future__ import annotations

from comments import spam
from comments.models import Comment, CommentEvent

Event = CommentEvent.Event


def send_owed(queryset=None, *, by=None, limit=100):
    """Send the spam/ham reports moderators' decisions owe Akismet, oldest decision first.
    Returns (sent, left). A failed report is logged and not retried, as in WordPress."""
    queryset = Comment.objects.all() if queryset is None else queryset
    owed = list(queryset.owing_report().order_by("pk")[:limit])
    sent = 0
    for comment in owed:
        claimed = Comment.objects.filter(pk=comment.pk, akismet_report=comment.akismet_report)
        if not claimed.update(akismet_report=""):
            continue  # another process sent it, or a newer decision replaced it
        send(comment, as_spam=comment.akismet_report == Comment.Report.SPAM, by=by)
        sent += 1
    return sent, queryset.owing_report().count()


def send(comment: Comment, *, as_spam: bool, by=None) -> None:
    """Tell Akismet about a moderator's decision; a failure is logged, never raised."""
    if not spam.is_enabled():
        return
    payload = comment.akismet_payload or spam.build_payload(comment)
    outcome = spam.report(payload, as_spam=as_spam)
    if outcome.ok:
        event = Event.REPORT_SPAM if as_spam else Event.REPORT_HAM
    else:
        event = Event.REPORT_ERROR
    detail = ("submit-spam" if as_spam else "submit-ham") + (
        f": {outcome.detail}" if outcome.detail else ""
    )
    comment.log(event, by=by, detail=detail)

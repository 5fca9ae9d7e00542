"""Submitting a comment, and everything that changes its status afterwards (docs/comments.md).

submit_comment() stores the comment before it asks anyone anything over the network:
article open (403) → under the submitter's locks: duplicate (409) → flood (429) → honeypot →
blocked words → the comment and its history are committed (pending, not yet checked) →
Akismet, within AKISMET_TIMEOUT of wall-clock time → held words or links → returning author.
A request that dies during the check leaves a pending, unchecked comment that
recheck_comments classifies later. Moderators hear of waiting comments through a throttled
digest (comments.tasks), and moderators' decisions owe Akismet reports that a task sends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments import locks, rules, spam
from comments.models import (
    AkismetResult,
    Comment,
    CommentEvent,
    ModerationWord,
)
from comments.rules import CommentRejected
from newsroom.net import ip_block
from newsroom.signals import visible_comments_changed

logger = logging.getLogger(__name__)
Event = CommentEvent.Event
Status = Comment.Status


@dataclass(frozen=True)
class Submission:
    """What a reader sent, and where from: everything the rules and Akismet need."""

    article: Article
    parent: Comment | None
    author_name: str
    author_email: str
    author_url: str
    content: str
    ip: str | None
    user_agent: str = ""
    referrer: str = ""
    user: object = None
    honeypot: str = ""


# --- submitting ------------------------------------------------------------------------------

CHECK_EVENTS = {
    "": {
        spam.Verdict.HAM: Event.CHECK_HAM,
        spam.Verdict.SPAM: Event.CHECK_SPAM,
        spam.Verdict.DISCARD: Event.CHECK_DISCARD,
        spam.Verdict.ERROR: Event.CHECK_ERROR,
    },
    "retry": {
        spam.Verdict.HAM: Event.RETRY_HAM,
        spam.Verdict.SPAM: Event.RETRY_SPAM,
        spam.Verdict.DISCARD: Event.RETRY_SPAM,
        spam.Verdict.ERROR: Event.RETRY_ERROR,
    },
    "recheck_queue": {
        spam.Verdict.HAM: Event.RECHECK_HAM,
        spam.Verdict.SPAM: Event.RECHECK_SPAM,
        spam.Verdict.DISCARD: Event.RECHECK_SPAM,
        spam.Verdict.ERROR: Event.RECHECK_ERROR,
    },
}


def _apply_check(comment: Comment, result: spam.CheckResult, payload: dict, now) -> None:
    if result.verdict == spam.Verdict.SKIPPED:
        return  # nothing was sent
    comment.akismet_attempts += 1
    comment.akismet_payload = payload
    comment.akismet_result = AkismetResult(result.verdict.value)
    comment.akismet_checked_at = now
    comment.akismet_guid = result.guid


def _local_rules(comment: Comment, honeypot: str) -> list[tuple[str, str]]:
    """The rules that need no network: the honeypot and the blocked words file spam; without
    an Akismet key the remaining rules decide at once. Returns the history to write."""
    if honeypot.strip():
        comment.status = Status.SPAM
        return [(Event.HONEYPOT, honeypot[:100])]
    if blocked := rules.matching_word(comment, ModerationWord.Action.BLOCK):
        comment.status = Status.SPAM
        return [(Event.DISALLOWED, blocked)]
    if spam.is_enabled():
        comment.akismet_result = AkismetResult.UNCHECKED  # the check comes after the commit
        return []
    comment.akismet_result = AkismetResult.SKIPPED
    comment.status, reason = rules.status_after_check(
        comment, spam.CheckResult(spam.Verdict.SKIPPED)
    )
    return [(Event.HELD, reason)] if reason else []


def submit_comment(sub: Submission) -> Comment:
    """Store the comment with its history, then ask Akismet and apply the verdict.

    Raises CommentRejected for a closed article (403), a duplicate (409) or flooding (429);
    then nothing is stored.
    """
    now = timezone.now()
    if not rules.comments_open(sub.article, now=now):
        raise CommentRejected(_("Comments are closed."), status=403)
    block = ip_block(sub.ip)
    parent = sub.parent
    comment = Comment(
        article=sub.article,
        parent=parent,
        depth=parent.depth + 1 if parent else 1,
        author_name=sub.author_name,
        author_email=sub.author_email,
        author_url=sub.author_url,
        content=sub.content,
        user=sub.user,
        ip=sub.ip,
        user_agent=sub.user_agent,
        referrer=sub.referrer,
        created_at=now,
    )
    with transaction.atomic():
        # One submitter at a time: concurrent posts from one address, e-mail or account (and
        # a double-click) are checked and written one after the other.
        locks.hold(*rules.flood_locks(email=sub.author_email, block=block, user=sub.user))
        rules.check_duplicate(sub.article, parent, sub.author_name, sub.author_email, sub.content)
        rules.check_flood(email=sub.author_email, block=block, user=sub.user, now=now)
        events = [(Event.RECEIVED, ""), *_local_rules(comment, sub.honeypot)]
        if comment.status != Status.PENDING:
            events.append((f"status-{comment.status}", ""))
        # An unchecked comment is saved again with the verdict, which stores its HTML.
        comment.save(render_later=comment.akismet_result == AkismetResult.UNCHECKED)
        _write_history(comment, events, at=now)
        if comment.akismet_result != AkismetResult.UNCHECKED:
            _after_commit(comment)
    if comment.akismet_result == AkismetResult.UNCHECKED:
        # The check's own transaction tells the moderators, if the comment still waits then;
        # should this request die first, recheck_comments checks and announces it.
        comment = check_new_comment(comment)
    return comment


def check_new_comment(comment: Comment) -> Comment:
    """Ask Akismet about a stored, unchecked comment and apply the verdict (no lock held
    while waiting). Returns the comment as stored afterwards.

    The verdict is written by one conditional UPDATE that only matches a comment still
    pending and unchecked, so recheck_comments or a moderator who got there first wins
    without a row lock or a re-read. The update sends no model signals: readers' pages are
    told explicitly (visible_comments_changed) when the verdict approves the comment.
    """
    from comments.rendering import render_fragments

    payload = spam.build_payload(comment)
    result = spam.check(payload)
    now = timezone.now()
    _apply_check(comment, result, payload, now)
    comment.status, reason = rules.status_after_check(comment, result)
    comment.html = render_fragments(comment)  # the stored HTML, with the verdict's save
    events = [(CHECK_EVENTS[""][result.verdict], result.detail)]
    if reason:
        events.append((Event.HELD, reason))
    if comment.status != Status.PENDING:
        events.append((f"status-{comment.status}", ""))
    with transaction.atomic():
        written = (
            Comment.objects.unchecked()
            .filter(pk=comment.pk)
            .update(
                status=comment.status,
                html=comment.html,
                **{name: getattr(comment, name) for name in CHECK_FIELDS},
            )
        )
        if not written:
            stored = Comment.objects.get(pk=comment.pk)  # someone else decided first
            stored.article = comment.article  # already loaded: the redirect needs its URL
            return stored
        _write_history(comment, events, at=now)
        _after_commit(comment)
        if comment.is_visible:
            visible_comments_changed.send(sender=Comment, article_ids={comment.article_id})
    return comment


CHECK_FIELDS = [
    "akismet_attempts",
    "akismet_payload",
    "akismet_result",
    "akismet_checked_at",
    "akismet_guid",
]


def _write_history(comment: Comment, events, *, at, by=None) -> None:
    CommentEvent.objects.bulk_create(
        CommentEvent(comment=comment, event=event, detail=detail, at=at, actor=by)
        for event, detail in events
    )


def _after_commit(comment: Comment) -> None:
    """A pending comment may be news for the moderators: the digest task decides."""
    if comment.status == Status.PENDING:
        from comments.notifications import enqueue_digest

        transaction.on_commit(enqueue_digest)


# --- re-checking -----------------------------------------------------------------------------


def recheck(comment: Comment, *, reason: str, by=None) -> spam.CheckResult:
    """Ask Akismet again about a stored comment (`reason` "retry" or "recheck_queue").

    A retry may move the comment anywhere a first check could; a moderator's re-check only
    files spam, leaving cleared comments in the queue (as WordPress does).
    """
    now = timezone.now()
    payload = comment.akismet_payload or spam.build_payload(comment)
    result = spam.check(payload, recheck_reason=reason)
    if result.verdict == spam.Verdict.SKIPPED:
        return result
    with transaction.atomic():
        _apply_check(comment, result, payload, now)
        comment.save(update_fields=CHECK_FIELDS)
        comment.log(CHECK_EVENTS[reason][result.verdict], by=by, detail=result.detail)
        if comment.status != Status.PENDING or result.verdict == spam.Verdict.ERROR:
            return result
        if reason == "retry":
            status, held = rules.status_after_check(comment, result)
        elif result.verdict == spam.Verdict.HAM:
            status, held = Status.PENDING, {}
        else:
            status, held = Status.SPAM, {}
        if held:
            comment.log(Event.HELD, by=by, detail=held)
        comment.set_status(status, by=by)
    return result  # recheck_comments sends one digest for the whole run


# --- moderators' actions ---------------------------------------------------------------------


def send_owed_reports(queryset=None, *, by=None, limit=100):
    """Send the spam/ham reports moderators' decisions owe Akismet, oldest decision first
    (from the worker, or recheck_comments for any left over). Returns (sent, left).
    A failed report is logged and not retried, as in WordPress.
    """
    queryset = Comment.objects.all() if queryset is None else queryset
    owed = list(queryset.owing_report().order_by("pk")[:limit])
    sent = 0
    for comment in owed:
        claimed = Comment.objects.filter(pk=comment.pk, akismet_report=comment.akismet_report)
        if not claimed.update(akismet_report=""):
            continue  # another process sent it, or a newer decision replaced it
        send_report(comment, as_spam=comment.akismet_report == Comment.Report.SPAM, by=by)
        sent += 1
    return sent, queryset.owing_report().count()


def send_report(comment: Comment, *, as_spam: bool, by=None) -> None:
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


def queue_reports(comment_ids, *, by=None) -> None:
    """Have the worker send what these comments owe Akismet, once the decisions commit."""
    from comments.tasks import report_to_akismet

    ids = list(comment_ids)
    if ids and spam.is_enabled():
        actor = getattr(by, "pk", None)
        transaction.on_commit(lambda: report_to_akismet.enqueue(ids, actor))

"""Submitting a comment and asking Akismet about it (docs/comments.md): the decisions; the
writes are comments.actions'.

submit_comment() stores the comment before it asks anyone anything over the network:
article open (403) → the commenter's standing and blocks (403, nothing stored) → under the
submitter's locks: duplicate (409) → flood (429) → honeypot →
blocked words → the comment and its history are committed (pending, not yet checked) →
Akismet, within AKISMET_TIMEOUT of wall-clock time → held words or links → returning author.
A request that dies during the check leaves a pending, unchecked comment that
recheck_comments classifies later. Moderators hear of waiting comments through a throttled
digest (comments.tasks).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments import actions, identity, locks, rules, spam
from comments.models import Comment, CommentEvent, ModerationWord
from comments.rules import CommentRejected
from comments.standing import REFUSED, Level, is_blocked, standing_of
from comments.states import Verdict
from newsroom.net import ip_block

__all__ = [
    "CommentRejected",
    "Submission",
    "check_new_comment",
    "edit_comment",
    "recheck",
    "submit_comment",
]

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
        Verdict.HAM: Event.CHECK_HAM,
        Verdict.SPAM: Event.CHECK_SPAM,
        Verdict.DISCARD: Event.CHECK_DISCARD,
        Verdict.ERROR: Event.CHECK_ERROR,
    },
    "retry": {
        Verdict.HAM: Event.RETRY_HAM,
        Verdict.SPAM: Event.RETRY_SPAM,
        Verdict.DISCARD: Event.RETRY_SPAM,
        Verdict.ERROR: Event.RETRY_ERROR,
    },
    "recheck_queue": {
        Verdict.HAM: Event.RECHECK_HAM,
        Verdict.SPAM: Event.RECHECK_SPAM,
        Verdict.DISCARD: Event.RECHECK_SPAM,
        Verdict.ERROR: Event.RECHECK_ERROR,
    },
}


def _apply_check(comment: Comment, result: spam.CheckResult, payload: dict, now) -> None:
    if result.verdict == Verdict.SKIPPED:
        return  # nothing was sent
    comment.akismet_attempts += 1
    comment.akismet_payload = payload
    comment.akismet_result = result.verdict
    comment.akismet_checked_at = now
    comment.akismet_guid = result.guid


def _local_rules(comment: Comment, honeypot: str) -> list[tuple[str, str]]:
    """The rules that need no network: the honeypot and the blocked words file spam; without
    an Akismet key the remaining rules decide at once (a hold, or an approval). Sets the new
    comment's status and returns the history; actions.receive() writes both."""
    if honeypot.strip():
        comment.status = Status.SPAM
        return [(Event.HONEYPOT, honeypot[:100])]
    if blocked := rules.matching_word(comment, ModerationWord.Action.BLOCK):
        comment.status = Status.SPAM
        return [(Event.DISALLOWED, blocked)]
    if comment.by_staff:  # signed-in staff speak for the paper: nothing is sent to Akismet
        comment.akismet_result = Verdict.SKIPPED
        skipped = spam.CheckResult(Verdict.SKIPPED)
        comment.status, _reason = rules.status_after_check(comment, skipped)
        return [(Event.STAFF_COMMENT, "")]
    if spam.is_enabled():
        comment.akismet_result = Verdict.UNCHECKED  # the check comes after the commit
        return []
    comment.akismet_result = Verdict.SKIPPED
    comment.status, reason = rules.status_after_check(comment, spam.CheckResult(Verdict.SKIPPED))
    return [(Event.HELD, reason)] if reason else []


def submit_comment(sub: Submission) -> Comment:
    """Store the comment with its history, then ask Akismet and apply the verdict.

    Raises CommentRejected for a closed article (403), a banned or suspended commenter or a
    blocked address or e-mail domain (403, no reason given), a duplicate (409) or flooding
    (429); then nothing is stored.
    """
    now = timezone.now()
    if not rules.comments_open(sub.article, now=now):
        raise CommentRejected(_("Comments are closed."), status=403)
    # Two indexed queries: the commenter's standing (e-mail or account) and the blocks.
    standing = standing_of(sub.author_email, sub.user)
    level = standing.level_at(now) if standing else Level.NORMAL
    if level in REFUSED or is_blocked(sub.ip, sub.author_email, now=now):
        raise CommentRejected(_("You cannot comment here."), status=403)
    block = ip_block(sub.ip)
    parent = sub.parent
    by_staff = identity.speaks_as_staff(sub.user)
    comment = Comment(
        article=sub.article,
        parent=parent,
        depth=parent.depth + 1 if parent else 1,
        author_name=identity.staff_name(sub.user) if by_staff else sub.author_name,
        by_staff=by_staff,
        author_email=sub.author_email,
        author_url=sub.author_url,
        content=sub.content,
        user=sub.user,
        ip=sub.ip,
        user_agent=sub.user_agent,
        referrer=sub.referrer,
        created_at=now,
    )
    comment.standing_level = level  # for the rules after Akismet, and the automatic trust
    with transaction.atomic():
        # One submitter at a time: concurrent posts from one address, e-mail or account (and
        # a double-click) are checked and written one after the other.
        locks.hold(*rules.flood_locks(email=sub.author_email, block=block, user=sub.user))
        rules.check_duplicate(sub.article, parent, sub.author_name, sub.author_email, sub.content)
        rules.check_flood(email=sub.author_email, block=block, user=sub.user, now=now)
        events = [(Event.RECEIVED, ""), *_local_rules(comment, sub.honeypot)]
        if comment.status != Status.PENDING:
            events.append((f"status-{comment.status}", ""))
        actions.receive(comment, events, at=now)
    if comment.akismet_result == Verdict.UNCHECKED:
        # The check's own transaction tells the moderators, if the comment still waits then;
        # should this request die first, recheck_comments checks and announces it.
        comment = check_new_comment(comment)
    return comment


def check_new_comment(comment: Comment, *, recheck_reason: str = "") -> Comment:
    """Ask Akismet about a stored, unchecked comment and apply the verdict (no lock held
    while waiting). Returns the comment as stored afterwards: if a moderator or
    recheck_comments decided first, theirs stands (actions.record_verdict)."""
    payload = spam.build_payload(comment)
    result = spam.check(payload, recheck_reason=recheck_reason)
    now = timezone.now()
    _apply_check(comment, result, payload, now)
    comment.status, reason = rules.status_after_check(comment, result)
    events = [(CHECK_EVENTS[""][result.verdict], result.detail)]
    if reason:
        events.append((Event.HELD, reason))
    if comment.status != Status.PENDING:
        events.append((f"status-{comment.status}", ""))
    if not actions.record_verdict(comment, events, at=now):
        stored = Comment.objects.get(pk=comment.pk)  # someone else decided first
        stored.article = comment.article  # already loaded: the redirect needs its URL
        return stored
    return comment


def edit_comment(comment: Comment, content: str) -> Comment | None:
    """Its writer's new text, judged again as a new comment is: the honeypot aside, the same
    local rules, then Akismet (recheck_reason "edit"), held words, links and the returning
    author. The comment may go back to pending. None when it can no longer be edited."""
    comment.content = content
    comment.status = Status.PENDING
    events = _local_rules(comment, "")
    if not actions.edit(
        comment, content, events, status=comment.status, verdict=comment.akismet_result
    ):
        return None
    if comment.akismet_result == Verdict.UNCHECKED:
        comment = check_new_comment(comment, recheck_reason="edit")
    return comment


# --- re-checking -----------------------------------------------------------------------------


def recheck(comment: Comment, *, reason: str, by=None) -> spam.CheckResult:
    """Ask Akismet again about a stored comment (`reason` "retry" or "recheck_queue").

    A retry may move the comment anywhere a first check could; a moderator's re-check only
    files spam, leaving cleared comments in the queue (as WordPress does).
    """
    now = timezone.now()
    payload = comment.akismet_payload or spam.build_payload(comment)
    result = spam.check(payload, recheck_reason=reason)
    if result.verdict == Verdict.SKIPPED:
        return result
    _apply_check(comment, result, payload, now)
    events = [(CHECK_EVENTS[reason][result.verdict], result.detail)]
    status = comment.status
    if comment.status == Status.PENDING and result.verdict != Verdict.ERROR:
        if reason == "retry":
            status, held = rules.status_after_check(comment, result)
        elif result.verdict == Verdict.HAM:
            status, held = Status.PENDING, {}
        else:
            status, held = Status.SPAM, {}
        if held:
            events.append((Event.HELD, held))
    actions.record_recheck(comment, events, status=status, by=by)
    return result  # recheck_comments sends one digest for the whole run

"""Submitting a comment, and everything that changes its status afterwards (design.md §4).

submit_comment() runs the rules of comments.rules in order: article open → duplicate (409) →
flood (429) → honeypot → blocked words → Akismet → held words or links → returning author.
The comment and its history are written in one transaction; moderators are e-mailed after
it commits. Moderators' decisions go through moderate(), which owes Akismet a report that
send_owed_reports() delivers within a time budget (the rest waits for recheck_comments).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments import notifications, rules, spam
from comments.models import AkismetResult, Comment, CommentEvent, ModerationWord
from comments.rules import CommentRejected

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

    @classmethod
    def from_form(cls, form, request):
        data = form.cleaned_data
        user = request.user if request.user.is_authenticated else None
        return cls(
            article=form.article,
            parent=data["comment_parent"],
            author_name=data["author"],
            author_email=data["email"],
            author_url=data["url"],
            content=data["comment"],
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:1000],
            referrer=request.META.get("HTTP_REFERER", "")[:1000],
            user=user,
            honeypot=data["ak_hp_textarea"],
        )


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The reader's address: REMOTE_ADDR, or, when that is one of TRUSTED_PROXIES, the
    right-most address in X-Forwarded-For that is not a trusted proxy (a reader can put
    anything at the left of that header, so only what our own proxies appended counts)."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    try:
        if remote is None or not _is_trusted(ipaddress.ip_address(remote), networks):
            return remote
    except ValueError:
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([hop.strip() for hop in hops if hop.strip()]):
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            break  # a malformed hop: trust nothing further left
        if not _is_trusted(address, networks):
            return str(address)
    return remote


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


def _classify(comment: Comment, honeypot: str, now) -> list[tuple[str, str]]:
    """Set the new comment's status (and Akismet fields); return the history to write."""
    if honeypot.strip():
        comment.status = Status.SPAM
        return [(Event.HONEYPOT, honeypot[:100])]
    if blocked := rules.matching_word(comment, ModerationWord.Action.BLOCK):
        comment.status = Status.SPAM
        return [(Event.DISALLOWED, blocked)]
    payload = spam.build_payload(comment)
    result = spam.check(payload)
    _apply_check(comment, result, payload, now)
    events = []
    if result.verdict != spam.Verdict.SKIPPED:
        events.append((CHECK_EVENTS[""][result.verdict], result.detail))
    comment.status, reason = rules.status_after_check(comment, result)
    if reason:
        events.append((Event.HELD, reason))
    return events


def submit_comment(sub: Submission) -> Comment:
    """Run the rules, store the comment with its history, and notify moderators on commit.

    Raises CommentRejected for a closed article (403), a duplicate (409) or flooding (429).
    """
    now = timezone.now()
    if not rules.comments_open(sub.article, now=now):
        raise CommentRejected(_("Comments are closed."), status=403)
    duplicate_args = (sub.article, sub.parent, sub.author_name, sub.author_email, sub.content)
    rules.check_duplicate(*duplicate_args)
    rules.check_flood(email=sub.author_email, ip=sub.ip, user=sub.user, now=now)

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
    events = _classify(comment, sub.honeypot, now)  # may wait for Akismet: no lock held yet
    events.append((f"status-{comment.status}", ""))

    with transaction.atomic():
        # A double-click sends the same comment twice while the first waits for Akismet:
        # check again, one article at a time, just before writing.
        Article.objects.select_for_update().filter(pk=sub.article.pk).exists()
        rules.check_duplicate(*duplicate_args)
        comment.save()
        CommentEvent.objects.bulk_create(
            CommentEvent(comment=comment, event=event, detail=detail, at=now)
            for event, detail in events
        )
        if needs_notice(comment):
            transaction.on_commit(lambda: notifications.notify_moderators(comment))
    return comment


def needs_notice(comment: Comment) -> bool:
    """Moderators hear of new pending comments, but not of an errored check until it is retried."""
    return (
        comment.status == Status.PENDING
        and comment.akismet_result != AkismetResult.ERROR
        and comment.notified_at is None
    )


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
        comment.save(
            update_fields=[
                "akismet_attempts",
                "akismet_payload",
                "akismet_result",
                "akismet_checked_at",
                "akismet_guid",
            ]
        )
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
        if needs_notice(comment):
            transaction.on_commit(lambda: notifications.notify_moderators(comment))
    return result


# --- moderators' actions ---------------------------------------------------------------------


def moderate(comment: Comment, action: str, *, by) -> bool:
    """A moderator's action (a key of comments.models.ACTIONS); see Comment.moderate()."""
    return comment.moderate(action, by=by)


def send_owed_reports(queryset=None, *, by=None, budget: float | None = None, limit=100):
    """Send the spam/ham reports moderators' decisions owe Akismet, oldest decision first.

    Stops when `budget` seconds are spent (an admin request must not wait on Akismet for
    long); what is left goes out with the next recheck_comments. Returns (sent, left).
    A failed report is logged and not retried, as in WordPress.
    """
    queryset = Comment.objects.all() if queryset is None else queryset
    owed = list(queryset.owing_report().order_by("pk")[:limit])
    deadline = None if budget is None else time.monotonic() + budget
    sent = 0
    for comment in owed:
        if deadline is not None and time.monotonic() >= deadline:
            break
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

"""Submitting a comment, and everything that decides or changes its status (design.md §4).

submit_comment() runs the rules in order: article open → duplicate (409) → flood (429) →
honeypot → blocked words → Akismet → held words or links → returning author. The comment and
its history are written in one transaction; moderators are e-mailed after it commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import notifications, spam
from comments.models import AkismetResult, Comment, CommentEvent, ModerationWord
from comments.text import count_links, normalize

logger = logging.getLogger(__name__)
Event = CommentEvent.Event
Status = Comment.Status


class CommentRejected(Exception):
    """The comment is refused outright: nothing is stored and the reader is told why."""

    def __init__(self, message, *, status, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Submission:
    """What a reader sent, and where from: everything the rules and Akismet need."""

    article: object
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


def client_ip(request):
    """The reader's address. Behind a proxy, set the proxy to pass REMOTE_ADDR correctly
    (gunicorn --forwarded-allow-ips); X-Forwarded-For is never trusted blindly."""
    return request.META.get("REMOTE_ADDR") or None


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("comments.moderate_comment"))


def comments_open(article, *, now=None) -> bool:
    """Open per article, and closed after COMMENTS_CLOSE_AFTER_DAYS when COMMENTS_CLOSE_OLD."""
    if not article.comments_open:
        return False
    if settings.COMMENTS_CLOSE_OLD and article.published_at:
        now = now or timezone.now()
        return article.published_at > now - timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)
    return True


# --- the rules -------------------------------------------------------------------------------


def _check_duplicate(sub: Submission) -> None:
    same_author = Q(author_email__iexact=sub.author_email) | Q(author_name=sub.author_name)
    duplicate = (
        Comment.objects.filter(article=sub.article, parent=sub.parent, content=sub.content)
        .filter(same_author)
        .exclude(status=Status.TRASH)
        .exists()
    )
    if duplicate:
        raise CommentRejected(
            _("Duplicate comment: it looks as though you have already said that."), status=409
        )


def _check_flood(sub: Submission, now) -> None:
    gap = settings.COMMENTS_FLOOD_SECONDS
    if gap <= 0 or (sub.user is not None and sub.user.is_staff):
        return  # the newsroom's own staff are never throttled
    who = Q(author_email__iexact=sub.author_email)
    if sub.ip:
        who |= Q(ip=sub.ip)
    if sub.user is not None:
        who |= Q(user=sub.user)
    latest = (
        Comment.objects.filter(who, created_at__gt=now - timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if latest is not None and (now - latest).total_seconds() < gap:
        wait = max(1, int(gap - (now - latest).total_seconds()) + 1)
        raise CommentRejected(
            _("You are posting comments too quickly. Please wait a moment and try again."),
            status=429,
            retry_after=wait,
        )


def matching_word(comment: Comment, action: str) -> str:
    """The first moderation word of `action` found in the comment, compared normalised.

    Like WordPress it looks at the name, e-mail, website, text, IP and browser; unlike it,
    spelling variants (hamza, diacritics, tatweel, ة/ه, ى/ي) match too.
    """
    haystack = normalize(
        "\n".join(
            [
                comment.author_name,
                comment.author_email,
                comment.author_url,
                comment.content,
                comment.ip or "",
                comment.user_agent,
            ]
        )
    )
    for phrase in ModerationWord.objects.filter(action=action).values_list("phrase", flat=True):
        needle = normalize(phrase)
        if needle and needle in haystack:
            return phrase
    return ""


def hold_reason(comment: Comment) -> str:
    """Why a comment Akismet let through still waits for a moderator ("" when nothing)."""
    word = matching_word(comment, ModerationWord.Action.HOLD)
    if word:
        return f"word: {word}"
    links = count_links(comment.content)
    if links >= settings.COMMENTS_MAX_LINKS:
        return f"links: {links}"
    return ""


def is_returning_author(comment: Comment) -> bool:
    """Same name and e-mail as a comment a moderator already approved (WordPress's rule)."""
    return (
        Comment.objects.visible()
        .filter(author_email__iexact=comment.author_email, author_name=comment.author_name)
        .exclude(pk=comment.pk)
        .exists()
    )


def status_after_check(comment: Comment, result: spam.CheckResult) -> tuple[str, str]:
    """The status a verdict leads to, and why it is held when it is."""
    if result.verdict in (spam.Verdict.SPAM, spam.Verdict.DISCARD):
        return Status.SPAM, ""
    if result.verdict == spam.Verdict.ERROR:
        return Status.PENDING, ""
    if result.held_by_service:
        return Status.PENDING, f"akismet: {result.headers['x-akismet-error']}"
    if can_moderate(comment.user):
        return Status.APPROVED, ""
    reason = hold_reason(comment)
    if reason:
        return Status.PENDING, reason
    if result.verdict == spam.Verdict.HAM and is_returning_author(comment):
        return Status.APPROVED, ""
    return Status.PENDING, ""


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


# --- submitting ------------------------------------------------------------------------------


def submit_comment(sub: Submission) -> Comment:
    """Run the rules, store the comment with its history, and notify moderators on commit.

    Raises CommentRejected for a closed article (403), a duplicate (409) or flooding (429).
    """
    now = timezone.now()
    if not comments_open(sub.article, now=now):
        raise CommentRejected(_("Comments are closed."), status=403)
    _check_duplicate(sub)
    _check_flood(sub, now)

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
    events: list[tuple[str, str]] = []
    if sub.honeypot.strip():
        comment.status = Status.SPAM
        events.append((Event.HONEYPOT, sub.honeypot[:100]))
    elif blocked := matching_word(comment, ModerationWord.Action.BLOCK):
        comment.status = Status.SPAM
        events.append((Event.DISALLOWED, blocked))
    else:
        payload = spam.build_payload(comment)
        result = spam.check(payload)
        _apply_check(comment, result, payload, now)
        if result.verdict != spam.Verdict.SKIPPED:
            events.append((CHECK_EVENTS[""][result.verdict], result.detail))
        comment.status, reason = status_after_check(comment, result)
        if reason:
            events.append((Event.HELD, reason))

    with transaction.atomic():
        comment.save()
        CommentEvent.objects.bulk_create(
            [
                CommentEvent(comment=comment, event=event, detail=detail, at=now)
                for event, detail in events
            ]
            + [CommentEvent(comment=comment, event=f"status-{comment.status}", at=now)]
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
            status, held = status_after_check(comment, result)
        else:
            status, held = (
                (Status.SPAM if result.verdict != spam.Verdict.HAM else Status.PENDING),
                "",
            )
        if held:
            comment.log(Event.HELD, by=by, detail=held)
        comment.set_status(status, by=by)
        if needs_notice(comment):
            transaction.on_commit(lambda: notifications.notify_moderators(comment))
    return result


# --- moderators' actions ---------------------------------------------------------------------


def moderate(comment: Comment, action: str, *, by) -> bool:
    """Apply a moderator's action; report spam/ham to Akismet after commit. True if it changed.

    Actions: approve, unapprove, spam, not_spam, trash. Moving a comment into spam sends
    submit-spam; moving it out of spam to approved or pending sends submit-ham.
    """
    target = {
        "approve": Status.APPROVED,
        "unapprove": Status.PENDING,
        "spam": Status.SPAM,
        "not_spam": Status.APPROVED,
        "trash": Status.TRASH,
    }[action]
    if action == "not_spam" and comment.status != Status.SPAM:
        return False
    with transaction.atomic():
        old = comment.set_status(target, by=by)
        if old == target:
            return False
        if target == Status.SPAM and old in (Status.APPROVED, Status.PENDING):
            transaction.on_commit(lambda: send_report(comment, as_spam=True, by=by))
        elif old == Status.SPAM and target in (Status.APPROVED, Status.PENDING):
            transaction.on_commit(lambda: send_report(comment, as_spam=False, by=by))
    return True


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

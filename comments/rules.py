"""The rules that decide a comment's fate (docs/comments.md), as plain functions of the data.

comments.moderation runs them in order; recheck_comments re-applies the last ones after a
delayed Akismet verdict.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import spam
from comments.models import Comment, ModerationWord
from comments.permissions import can_moderate
from comments.standing import Level, email_domain, level_of
from comments.text import count_links
from newsroom.arabic import normalize

Status = Comment.Status


class CommentRejected(Exception):
    """The comment is refused outright: nothing is stored and the reader is told why."""

    def __init__(self, message, *, status, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


def comments_open(article, *, now=None) -> bool:
    """Open per article, and closed after COMMENTS_CLOSE_AFTER_DAYS when COMMENTS_CLOSE_OLD."""
    if not article.comments_open:
        return False
    if settings.COMMENTS_CLOSE_OLD and article.published_at:
        now = now or timezone.now()
        return article.published_at > now - timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)
    return True


def check_duplicate(article, parent, author_name, author_email, content) -> None:
    """WordPress's rule: the same text, under the same parent, by the same name or e-mail.

    "The same text" is compared normalised (newsroom.arabic), so adding a diacritic, a tatweel
    or an invisible character does not make a repeated comment new.
    """
    same_author = Q(author_email__iexact=author_email) | Q(author_name=author_name)
    earlier = (
        Comment.objects.filter(article=article, parent=parent)
        .filter(same_author)
        .exclude(status=Status.TRASH)
        .values_list("content", flat=True)
    )
    text = normalize(content)
    if any(normalize(other) == text for other in earlier):
        raise CommentRejected(
            _("Duplicate comment: it looks as though you have already said that."), status=409
        )


def _exempt(user) -> bool:
    return settings.COMMENTS_FLOOD_SECONDS <= 0 or (user is not None and user.is_staff)


def _too_fast(wait: float) -> CommentRejected:
    return CommentRejected(
        _("You are posting comments too quickly. Please wait a moment and try again."),
        status=429,
        retry_after=max(1, int(wait) + 1),
    )


def check_flood(*, email, block, user, now) -> None:
    """At least COMMENTS_FLOOD_SECONDS between two comments from one address block, e-mail or
    account. Run it under locks.hold() of flood_locks(), in the transaction that stores the
    comment, so that concurrent posts from one reader are counted one after the other."""
    if _exempt(user):
        return
    gap = settings.COMMENTS_FLOOD_SECONDS
    who = Q(author_email__iexact=email)
    if block:
        who |= Q(ip_block=block)
    if user is not None:
        who |= Q(user=user)
    latest = (
        Comment.objects.filter(who, created_at__gt=now - timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if latest is not None and (now - latest).total_seconds() < gap:
        raise _too_fast(gap - (now - latest).total_seconds())


def flood_locks(*, email, block, user) -> list[str]:
    """The lock names one submission takes: its address block, e-mail and account.

    The same names also serialise a double-click, so the duplicate check holds too."""
    names = [f"comments:email:{email.casefold()}"]
    if block:
        names.append(f"comments:ip:{block}")
    if user is not None:
        names.append(f"comments:user:{user.pk}")
    return names


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
    for phrase in ModerationWord.phrases(action):
        needle = normalize(phrase)
        if needle and needle in haystack:
            return phrase
    return ""


def hold_reason(comment: Comment) -> dict:
    """Why a comment Akismet let through still waits for a moderator ({} when nothing), as the
    history stores it: {"reason": "word", "word": …} or {"reason": "links", "links": n}
    (CommentEvent.describe() says it in the moderator's language)."""
    word = matching_word(comment, ModerationWord.Action.HOLD)
    if word:
        return {"reason": "word", "word": word}
    links = count_links(comment.content)
    if links >= settings.COMMENTS_MAX_LINKS:
        return {"reason": "links", "links": links}
    return {}


def is_returning_author(comment: Comment) -> bool:
    """Same name and e-mail as a comment a moderator already approved (WordPress's rule)."""
    return (
        Comment.objects.visible()
        .filter(author_email__iexact=comment.author_email, author_name=comment.author_name)
        .exclude(pk=comment.pk)
        .exists()
    )


def automatic_hold(comment: Comment, *, now=None) -> dict:
    """Coral's automatic hold rules, each off by default: a throwaway e-mail domain
    (COMMENTS_HOLD_DOMAINS), a commenter with fewer than COMMENTS_HOLD_UNTIL_APPROVED approved
    comments, one with COMMENTS_HOLD_REJECTED_PERCENT % or more of the last 7 days' comments
    rejected (spam or trash). {} when none holds the comment; otherwise the history's detail."""
    domains = {domain.strip().casefold().lstrip("@") for domain in settings.COMMENTS_HOLD_DOMAINS}
    if email_domain(comment.author_email) in domains:
        return {"reason": "hold-domain"}
    by_author = Comment.objects.filter(author_email__iexact=comment.author_email).exclude(
        pk=comment.pk
    )
    needed = settings.COMMENTS_HOLD_UNTIL_APPROVED
    if needed > 0 and by_author.visible().count() < needed:
        return {"reason": "hold-new"}
    percent = settings.COMMENTS_HOLD_REJECTED_PERCENT
    if percent > 0:
        since = (now or timezone.now()) - timedelta(days=7)
        recent = by_author.filter(created_at__gte=since).aggregate(
            total=Count("pk"), rejected=Count("pk", filter=Q(status__in=REJECTED))
        )
        if recent["total"] and recent["rejected"] * 100 >= percent * recent["total"]:
            return {"reason": "hold-rejected"}
    return {}


REJECTED = [Status.SPAM, Status.TRASH]


def status_after_check(comment: Comment, result: spam.CheckResult) -> tuple[str, dict]:
    """The status a verdict leads to, and why it is held when it is (see hold_reason).

    Spam is spam whatever the standing; an always pre-moderated commenter waits; a trusted one
    cleared by Akismet is approved unless a held word or too many links hold the comment, and
    skips the automatic hold rules."""
    if result.verdict in (spam.Verdict.SPAM, spam.Verdict.DISCARD):
        return Status.SPAM, {}
    if result.verdict == spam.Verdict.ERROR:
        return Status.PENDING, {}
    if result.held_by_service:
        return Status.PENDING, {"reason": "akismet", "error": result.headers["x-akismet-error"]}
    if can_moderate(comment.user):
        return Status.APPROVED, {}
    level = getattr(comment, "standing_level", None)  # moderation.submit_comment read it
    if level is None:
        level = comment.standing_level = level_of(comment.author_email, comment.user)
    if level == Level.PREMODERATED:
        return Status.PENDING, {"reason": "standing"}
    reason = hold_reason(comment)
    if reason:
        return Status.PENDING, reason
    if level == Level.TRUSTED:
        return (Status.APPROVED if result.verdict == spam.Verdict.HAM else Status.PENDING), {}
    reason = automatic_hold(comment)
    if reason:
        return Status.PENDING, reason
    if result.verdict == spam.Verdict.HAM and is_returning_author(comment):
        return Status.APPROVED, {}
    return Status.PENDING, {}

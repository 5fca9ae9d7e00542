"""Readers' personal data in comments: erased after a retention period, exported or erased on
request (docs/security.md). Personal data here: name, e-mail, website, IP address and its block,
browser (user agent), referrer, and what was sent to Akismet (which repeats them); and the
address's reply notifications (comments.subscriptions: confirmation, opt-out, subscriptions).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from comments import actions, subscribing
from comments.models import Comment
from comments.querysets import in_batches
from comments.states import ERASED_EMAIL, ERASED_NAME, TRACES
from comments.subscriptions import MailAddress, MailSent, normalize_email

__all__ = ["ERASED_EMAIL", "ERASED_NAME", "addresses_of", "comments_of", "erase", "export"]
logger = logging.getLogger(__name__)


def with_traces_older_than(days: int, *, now=None) -> QuerySet:
    """Comments older than `days` that still hold an IP, browser, referrer or Akismet payload."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    still_held = (
        Comment.objects.exclude(ip=None)
        | Comment.objects.exclude(user_agent="")
        | Comment.objects.exclude(referrer="")
        | Comment.objects.exclude(akismet_payload=None)
    )
    return still_held.filter(created_at__lt=cutoff)


def erase_old_traces(*, now=None, batch: int = 1000) -> int:
    """Erase IP, user agent and referrer of comments older than COMMENTS_IP_RETENTION_DAYS.

    The comment itself stays. Update() on purpose: save() would derive ip_block from ip again.
    """

    def clear(ids):
        erased = Comment.objects.filter(pk__in=ids).update(**TRACES)
        Comment.objects.filter(pk__in=ids).refold_search_text()  # the IP was searchable
        return erased

    old = with_traces_older_than(settings.COMMENTS_IP_RETENTION_DAYS, now=now)
    return in_batches(old, clear, size=batch, lock=True)


def addresses_of(comments: QuerySet) -> list[str]:
    """The e-mail addresses (any letter case, once each) that wrote `comments`; erased comments
    no longer have one."""
    emails = comments.exclude(author_email=ERASED_EMAIL).values_list("author_email", flat=True)
    return sorted({email.strip().lower() for email in emails if email.strip()})


def comments_of(email: str) -> QuerySet:
    return Comment.objects.filter(author_email__iexact=email.strip())


def export(email: str) -> dict:
    """Everything stored about the writer of comments under `email`, as JSON-ready data."""
    comments = comments_of(email).select_related("article").prefetch_related("events")
    address = MailAddress.objects.filter(email=normalize_email(email)).first()
    return {
        "email": email.strip(),
        "reply_notifications": address
        and {
            "confirmed_at": address.confirmed_at and address.confirmed_at.isoformat(),
            "opted_out_of_all_mail_at": address.opted_out_at and address.opted_out_at.isoformat(),
            "subscribed_comments": sorted(
                address.subscriptions.values_list("comment_id", flat=True)
            ),
        },
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "article_url": comment.article.get_absolute_url(),
                "in_reply_to": comment.parent_id,
                "created_at": comment.created_at.isoformat(),
                "status": comment.status,
                "author_name": comment.author_name,
                "author_email": comment.author_email,
                "author_url": comment.author_url,
                "content": comment.content,
                "ip": comment.ip,
                "user_agent": comment.user_agent,
                "referrer": comment.referrer,
                "sent_to_akismet": comment.akismet_payload,
                "history": [
                    {"at": event.at.isoformat(), "event": event.event}
                    for event in comment.events.all()
                ],
            }
            for comment in comments
        ],
    }


def erase(email: str, *, delete: bool = False, by=None) -> int:
    """Remove the personal data of `email` from its comments (actions.erase), or delete the
    comments (actions.delete). Logged without the address."""
    comments = comments_of(email)
    if delete:
        ids = list(comments.order_by("pk").values_list("pk", flat=True))
        actions.delete(Comment.objects.filter(pk__in=ids), by=by)
    else:
        ids = actions.erase(comments, by=by)
    subscribing.erase(email)  # the address, its subscriptions and what was sent to it
    logger.info(
        "Personal data erased on request: %d comment(s) %s (ids %s)",
        len(ids),
        "deleted" if delete else "anonymised",
        ", ".join(map(str, ids)) or "none",
    )
    return len(ids)


def forget_unused_addresses(*, now=None) -> int:
    """Addresses never confirmed once their link has expired, and the sending log older than
    two days (it only serves the daily limits). Run by purge_spam."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COMMENTS_NOTIFY_CONFIRM_DAYS + 1)
    stale = MailAddress.objects.filter(confirmed_at=None, opted_out_at=None, created_at__lt=cutoff)
    MailSent.objects.filter(sent_at__lt=now - timedelta(days=2)).delete()
    return stale.delete()[1].get("comments.MailAddress", 0)

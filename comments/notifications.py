"""E-mail to moderators about comments waiting for them, as a throttled digest.

Every pending comment enqueues the digest task (comments.tasks) when it commits. A digest lists
everything not yet announced and goes to each moderator as one e-mail; the next can follow
COMMENTS_DIGEST_MINUTES later at the earliest, so a burst of 200 comments is one e-mail per
moderator, not 200. A digest that arrives too early queues one follow-up for the end of the
window; recheck_comments (every 20 minutes) sends whatever is left, too.

While a digest task waits in the queue, new comments enqueue no other (tasks.enqueue_digest(),
a flag in the shared cache that the digest clears when it starts): a burst of posts writes one
task row, not one per post.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from comments import locks
from comments.models import Comment, CommentEvent, ModeratorDigest
from newsroom.site import absolute

logger = logging.getLogger(__name__)
DIGEST_LIMIT = 50  # comments listed in one e-mail; the count says how many wait in all
QUEUED_KEY = "comments:digest-queued"  # set while a digest task waits to run
QUEUED_SECONDS = 600  # if the worker is down, one more task after this long


def moderator_emails() -> list[str]:
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    ).first()
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission)
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_digest(*, now=None, followup=None) -> int:
    """Send one digest if the window allows; returns how many comments it announced.

    followup(at): called once per window, on commit, when this digest came too early and one
    must run at `at` (the digest task passes the way to queue itself)."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.COMMENTS_DIGEST_MINUTES)
    cache.delete(QUEUED_KEY)  # what commits from now on needs a digest after this one
    with transaction.atomic():
        locks.hold("comments:digest")  # one digest at a time, whatever the number of workers
        last = ModeratorDigest.objects.order_by("-sent_at", "-pk").first()
        if last is not None and now - last.sent_at < window:
            if followup is not None:
                _queue_followup(last, followup, at=last.sent_at + window)
            return 0
        waiting = Comment.objects.awaiting_notice(now=now)
        comments = list(waiting.select_related("article").order_by("created_at", "pk"))
        recipients = moderator_emails()
        if not comments or not recipients:
            return 0
        ids = [comment.pk for comment in comments]
        Comment.objects.filter(pk__in=ids).update(notified_at=now)
        ModeratorDigest.objects.create(
            sent_at=now, comment_count=len(ids), recipients=", ".join(recipients)
        )
    try:
        _send(comments, recipients, total=Comment.objects.pending().count())
    except Exception as exc:
        logger.exception("Could not e-mail moderators about %d comment(s)", len(ids))
        with transaction.atomic():
            Comment.objects.filter(pk__in=ids).update(notified_at=None)  # the next digest tries
            _log(ids, CommentEvent.Event.NOTIFY_FAILED, f"{type(exc).__name__}: {exc}"[:300])
        return 0
    _log(ids, CommentEvent.Event.NOTIFIED, ", ".join(recipients))
    return len(ids)


def _queue_followup(last: ModeratorDigest, followup, *, at) -> None:
    """One deferred digest for the end of the window, however many comments arrive in it."""
    if ModeratorDigest.objects.filter(pk=last.pk, followup_queued=False).update(
        followup_queued=True
    ):
        transaction.on_commit(lambda: followup(at))


def _log(ids, event, detail):
    CommentEvent.objects.bulk_create(
        CommentEvent(comment_id=pk, event=event, detail=detail) for pk in ids
    )


def _send(comments, recipients, *, total) -> None:
    context = {
        "comments": comments[:DIGEST_LIMIT],
        "count": len(comments),
        "more": max(0, len(comments) - DIGEST_LIMIT),
        "total": total,
        "site_url": settings.SITE_URL,
        "queue_url": absolute(reverse("admin:comments_comment_changelist") + "?status=pending"),
    }
    for comment in context["comments"]:
        comment.review_url = absolute(reverse("admin:comments_comment_change", args=[comment.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("comments/email/digest_subject.txt", context)
        body = render_to_string("comments/email/digest_body.txt", context)
    subject = " ".join(subject.split())
    connection = get_connection(fail_silently=False)
    connection.send_messages([EmailMessage(subject, body, None, [to]) for to in recipients])

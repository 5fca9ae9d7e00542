"""E-mail to moderators about comments waiting for them."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from comments.models import Comment, CommentEvent

logger = logging.getLogger(__name__)


def moderator_emails() -> list[str]:
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    ).first()
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission)
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_moderators(comment) -> bool:
    """Send the "a comment is waiting" e-mail once per comment. Failures are logged only."""
    claimed = Comment.objects.filter(pk=comment.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:  # someone else (a concurrent recheck) already sent it
        return False
    recipients = moderator_emails()
    if not recipients:
        return False
    context = {
        "comment": comment,
        "article": comment.article,
        "review_url": settings.SITE_URL
        + reverse("admin:comments_comment_change", args=[comment.pk]),
        "queue_url": settings.SITE_URL
        + reverse("admin:comments_comment_changelist")
        + "?status=pending",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("comments/email/pending_subject.txt", context)
        body = render_to_string("comments/email/pending_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, recipients)
    except Exception as exc:
        logger.exception("Could not e-mail moderators about comment %s", comment.pk)
        CommentEvent.objects.create(
            comment=comment, event=CommentEvent.Event.NOTIFIED, detail=f"failed: {exc}"[:300]
        )
        Comment.objects.filter(pk=comment.pk).update(notified_at=None)
        return False
    CommentEvent.objects.create(
        comment=comment, event=CommentEvent.Event.NOTIFIED, detail=", ".join(recipients)
    )
    return True

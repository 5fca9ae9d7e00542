"""E-mail to readers about replies to their comments (docs/comments.md, "Reply notifications").

Two kinds, both sent by the task worker (comments.tasks), never in a request:

- the confirmation of an address (double opt-in), with a signed link that expires after
  COMMENTS_NOTIFY_CONFIRM_DAYS; at most COMMENTS_NOTIFY_CONFIRMATIONS_PER_DAY a day;
- the replies owed to a confirmed address (ReplyNotice), collected for
  COMMENTS_NOTIFY_BATCH_MINUTES and sent as one e-mail; at most COMMENTS_NOTIFY_PER_DAY a day.

Nothing is sent to an address that opted out of all mail, and nothing but the confirmation to
an unconfirmed one. Each e-mail carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from articles.models import Article
from comments.models import Comment
from comments.subscriptions import MailAddress, MailSent, ReplyNotice
from newsroom.site import absolute

logger = logging.getLogger(__name__)
CONFIRM_SALT = "comments.notify.confirm"
UNSUBSCRIBE_SALT = "comments.notify.unsubscribe"
DAY = timedelta(days=1)


# --- tokens: who a link is for ---------------------------------------------------------------


def _fingerprint(email: str) -> str:
    """Ties a confirmation token to the address without writing the address in the link."""
    return salted_hmac(CONFIRM_SALT, email).hexdigest()[:16]


def confirm_token(address: MailAddress) -> str:
    return signing.dumps([address.pk, _fingerprint(address.email)], salt=CONFIRM_SALT)


def unsubscribe_token(address: MailAddress) -> str:
    """Never expires: an unsubscribe link must keep working as long as mail can arrive."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(address.pk))


def address_of_confirm_token(token: str) -> MailAddress | None:
    """The address a confirmation token names; signing.BadSignature (SignatureExpired
    included) for a forged, damaged or expired one; None if the address is gone."""
    max_age = timedelta(days=settings.COMMENTS_NOTIFY_CONFIRM_DAYS)
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int)):
        raise signing.BadSignature("not a confirmation token")
    address = MailAddress.objects.filter(pk=data[0]).first()
    return address if address and _fingerprint(address.email) == data[1] else None


def address_of_unsubscribe_token(token: str) -> MailAddress | None:
    value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    if not value.isdigit():
        raise signing.BadSignature("not an unsubscribe token")
    return MailAddress.objects.filter(pk=int(value)).first()


# --- limits ----------------------------------------------------------------------------------


def sent_today(address: MailAddress, kind: str, *, now=None) -> int:
    since = (now or timezone.now()) - DAY
    return MailSent.objects.filter(address=address, kind=kind, sent_at__gt=since).count()


# --- the e-mails -----------------------------------------------------------------------------


def _message(address: MailAddress, template: str, context: dict) -> EmailMessage:
    unsubscribe_url = absolute(
        reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(address)})
    )
    context = {**context, "unsubscribe_url": unsubscribe_url, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"comments/email/{template}_subject.txt", context)
        body = render_to_string(f"comments/email/{template}_body.txt", context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return EmailMessage(" ".join(subject.split()), body, None, [address.email], headers=headers)


def send_confirmation(address_id: int, *, now=None) -> bool:
    """Send the confirmation e-mail of an address that still needs one, within the daily limit;
    True if it went."""
    now = now or timezone.now()
    with transaction.atomic():
        address = MailAddress.objects.select_for_update().filter(pk=address_id).first()
        if address is None or address.confirmed_at or address.opted_out_at:
            return False
        if sent_today(address, MailSent.CONFIRMATION, now=now) >= (
            settings.COMMENTS_NOTIFY_CONFIRMATIONS_PER_DAY
        ):
            logger.info("Confirmation e-mail not sent: daily limit of address %d", address.pk)
            return False
        confirm_url = absolute(
            reverse("comments:confirm-address", kwargs={"token": confirm_token(address)})
        )
        context = {"confirm_url": confirm_url, "days": settings.COMMENTS_NOTIFY_CONFIRM_DAYS}
        message = _message(address, "confirm", context)
        MailSent.objects.create(address=address, kind=MailSent.CONFIRMATION, sent_at=now)
        # Sent inside the transaction: if the mail server fails, the limit is not spent.
        message.send(fail_silently=False)
    return True


def send_replies(address_id: int, *, now=None) -> int:
    """Send the replies owed to an address as one e-mail; returns how many it announced.
    Replies no longer public, or by the subscriber themselves, are dropped; so is everything
    owed to an address that may not receive notices, or beyond the daily limit."""
    now = now or timezone.now()
    with transaction.atomic():
        address = MailAddress.objects.select_for_update().filter(pk=address_id).first()
        if address is None:
            return 0
        address.notice_due_at = None
        address.save(update_fields=["notice_due_at"])
        owed = ReplyNotice.objects.filter(address=address, sent_at=None, skipped="")
        if not address.may_receive_notices:
            owed.update(skipped="not-allowed")
            return 0
        public = owed.filter(
            reply__status=Comment.Status.APPROVED,
            reply__article__in=Article.objects.published(),
        ).exclude(reply__author_email__iexact=address.email)
        notices = list(
            public.select_related("reply__article", "reply__parent").order_by("reply__created_at")
        )
        owed.exclude(pk__in=[notice.pk for notice in notices]).update(skipped="not-public")
        if not notices:
            return 0
        if sent_today(address, MailSent.REPLIES, now=now) >= settings.COMMENTS_NOTIFY_PER_DAY:
            owed.update(skipped="daily-limit")
            return 0
        replies = [notice.reply for notice in notices]
        for reply in replies:
            reply.url = absolute(reply.get_absolute_url())
        message = _message(address, "replies", {"replies": replies, "count": len(replies)})
        ReplyNotice.objects.filter(pk__in=[notice.pk for notice in notices]).update(sent_at=now)
        MailSent.objects.create(address=address, kind=MailSent.REPLIES, sent_at=now)
        message.send(fail_silently=False)  # a failure rolls back: the next batch retries
    return len(replies)

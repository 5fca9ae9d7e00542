"""Reply notifications' tables (docs/comments.md, "Reply notifications"). Kept apart from
models.py, which imports it so Django registers the models; it names Comment as a string, so it
imports nothing back.

    MailAddress        one reader's e-mail address (lower case): confirmed?, opted out?
    ReplySubscription  "tell me about replies to this comment", one per comment
    ReplyNotice        one reply owed (or sent) to one address, at most once per reply
    MailSent           what was sent to an address, for the daily limits
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalize_email(email: str) -> str:
    """Addresses are compared and stored case-insensitively."""
    return (email or "").strip().lower()


class MailAddress(models.Model):
    """An address that asked for reply notifications. Nothing but the confirmation e-mail is
    sent to it until it is confirmed; nothing at all once it opted out of all mail."""

    email = models.EmailField(_("email"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    opted_out_at = models.DateTimeField(_("opted out of all mail"), null=True, blank=True)
    # When the e-mail collecting the replies of the current window goes (none queued: None).
    notice_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reader's e-mail address")
        verbose_name_plural = _("readers' e-mail addresses")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def may_receive_notices(self) -> bool:
        return self.confirmed_at is not None and self.opted_out_at is None


class ReplySubscription(models.Model):
    comment = models.OneToOneField(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="reply_subscription",
        verbose_name=_("comment"),
    )
    address = models.ForeignKey(MailAddress, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)

    class Meta:
        verbose_name = _("reply subscription")
        verbose_name_plural = _("reply subscriptions")

    def __str__(self):
        return f"{self.address_id} → {self.comment_id}"


class ReplyNotice(models.Model):
    """A reply that became visible under a subscribed comment: owed to the address until the
    batch goes (sent_at), or dropped (skipped: the reason)."""

    reply = models.OneToOneField(
        "comments.Comment", on_delete=models.CASCADE, related_name="reply_notice"
    )
    address = models.ForeignKey(MailAddress, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["address"],
                condition=models.Q(sent_at=None, skipped=""),
                name="reply_notice_owed_idx",
            )
        ]

    def __str__(self):
        return f"{self.reply_id} → {self.address_id}"


class MailSent(models.Model):
    """One e-mail to a reader's address, counted by the daily limits; purge_spam forgets
    entries older than two days."""

    CONFIRMATION, REPLIES = "confirm", "replies"

    address = models.ForeignKey(MailAddress, on_delete=models.CASCADE, related_name="sent")
    kind = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address", "kind", "sent_at"], name="mail_sent_idx")]

    def __str__(self):
        return f"{self.kind} {self.sent_at:%Y-%m-%d %H:%M}"

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """Comments every reader sees: the approved ones."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def unchecked(self, *, older_than: timedelta | None = None):
        """Stored but never asked about: the request that was checking them died.

        `older_than` leaves alone the checks still in flight in a reader's request.
        """
        queryset = self.filter(
            status=Comment.Status.PENDING, akismet_result=AkismetResult.UNCHECKED
        )
        if older_than is not None:
            queryset = queryset.filter(created_at__lt=timezone.now() - older_than)
        return queryset

    def awaiting_notice(self, *, now=None):
        """Pending comments moderators have not been told about yet.

        A failed or unfinished Akismet check is retried before moderators hear of it, except
        after NOTICE_ANYWAY_AFTER (WordPress e-mails them after 24 hours all the same).
        """
        now = now or timezone.now()
        unsure = [AkismetResult.ERROR, AkismetResult.UNCHECKED]
        return self.filter(status=Comment.Status.PENDING, notified_at__isnull=True).filter(
            ~Q(akismet_result__in=unsure) | Q(created_at__lt=now - NOTICE_ANYWAY_AFTER)
        )


NOTICE_ANYWAY_AFTER = timedelta(hours=24)


def ip_block(ip: str | None) -> str:
    """The unit the flood rule counts: an IPv4 address, or the /64 network of an IPv6 one
    (one subscriber usually holds a whole /64, and can pick a new address in it at will)."""
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:  # ::ffff:203.0.113.7 is an IPv4 reader
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class AkismetResult(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    SKIPPED = "skipped", _("Not checked")
    HAM = "ham", _("Cleared")
    SPAM = "spam", _("Spam")
    DISCARD = "discard", _("Blatant spam")
    ERROR = "error", _("Check failed")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    AkismetResult = AkismetResult

    class Report(models.TextChoices):
        """A moderator's decision not yet reported to Akismet."""

        NONE = "", _("Nothing")
        SPAM = "spam", _("Spam")
        HAM = "ham", _("Not spam")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1)
    author_name = models.CharField(_("name"), max_length=245)
    author_email = models.EmailField(_("email"), max_length=100)
    author_url = models.URLField(_("website"), max_length=200, blank=True)
    content = models.TextField(_("comment"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("user"),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    ip_block = models.CharField(
        _("address block"),
        max_length=50,
        blank=True,
        db_index=True,
        help_text=_("The IPv4 address, or the /64 network of an IPv6 address: one reader."),
    )
    user_agent = models.TextField(_("user agent"), blank=True)
    referrer = models.TextField(_("referrer"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    akismet_result = models.CharField(
        _("Akismet verdict"),
        max_length=10,
        choices=AkismetResult.choices,
        default=AkismetResult.SKIPPED,
    )
    akismet_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    akismet_attempts = models.PositiveSmallIntegerField(_("checks"), default=0)
    akismet_payload = models.JSONField(
        _("sent to Akismet"),
        null=True,
        blank=True,
        help_text=_("Exactly what was sent, kept for spam reports; deleted after 15 days."),
    )
    akismet_guid = models.CharField(_("Akismet check ID"), max_length=100, blank=True)
    akismet_report = models.CharField(
        _("report owed to Akismet"), max_length=4, choices=Report.choices, default="", blank=True
    )
    notified_at = models.DateTimeField(_("moderators notified"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(fields=["akismet_result", "created_at"], name="comment_recheck_idx"),
            models.Index(Upper("author_email"), "status", name="comment_author_idx"),
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self):
        return f"{self.author_name}: {self.content[:50]}"

    def save(self, *args, **kwargs):
        self.ip_block = ip_block(self.ip)  # derived, so it can never disagree with `ip`
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def safe_author_url(self):
        """The author's website, only when it is a plain http(s) address."""
        return (
            self.author_url if self.author_url.lower().startswith(("http://", "https://")) else ""
        )

    @property
    def is_visible(self):
        return self.status == self.Status.APPROVED

    @property
    def is_discarded(self):
        return self.akismet_result == AkismetResult.DISCARD

    # State changes. Each records who made it; reporting to Akismet is moderation.py's job.

    def set_status(self, status, *, by=None, detail=""):
        """Move to `status` and record the change in the history; returns the old status."""
        old = self.status
        if old == status:
            return old
        self.status = status
        self.save(update_fields=["status"])
        self.log(f"status-{status}", by=by, detail=detail or f"{old} → {status}")
        return old

    def approve(self, *, by=None):
        return self.set_status(self.Status.APPROVED, by=by)

    def unapprove(self, *, by=None):
        return self.set_status(self.Status.PENDING, by=by)

    def mark_spam(self, *, by=None):
        return self.set_status(self.Status.SPAM, by=by)

    def trash(self, *, by=None):
        return self.set_status(self.Status.TRASH, by=by)

    def log(self, event, *, by=None, detail=""):
        return CommentEvent.objects.create(comment=self, event=event, actor=by, detail=detail)


class CommentEvent(models.Model):
    """One line of a comment's history, as a moderator reads it. Append-only."""

    class Event(models.TextChoices):
        CHECK_HAM = "check-ham", _("Akismet cleared the comment")
        CHECK_SPAM = "check-spam", _("Akismet caught the comment as spam")
        CHECK_DISCARD = "check-discard", _("Akismet caught the comment as blatant spam")
        CHECK_ERROR = "check-error", _("The Akismet check failed; it will be retried")
        RETRY_HAM = "retry-ham", _("Akismet cleared the comment on a retry")
        RETRY_SPAM = "retry-spam", _("Akismet caught the comment as spam on a retry")
        RETRY_ERROR = "retry-error", _("The Akismet retry failed")
        RECHECK_HAM = "recheck-ham", _("Akismet cleared the comment on a moderator's re-check")
        RECHECK_SPAM = "recheck-spam", _("Akismet caught the comment on a moderator's re-check")
        RECHECK_ERROR = "recheck-error", _("A moderator's re-check failed")
        REPORT_SPAM = "report-spam", _("Reported to Akismet as spam")
        REPORT_HAM = "report-ham", _("Reported to Akismet as not spam")
        REPORT_ERROR = "report-error", _("The report to Akismet failed")
        STATUS_APPROVED = "status-approved", _("Approved")
        STATUS_PENDING = "status-pending", _("Sent back to moderation")
        STATUS_SPAM = "status-spam", _("Marked as spam")
        STATUS_TRASH = "status-trash", _("Moved to the trash")
        RECEIVED = "received", _("Received from the reader")
        HONEYPOT = "honeypot", _("The hidden field was filled in (a bot)")
        DISALLOWED = "disallowed", _("Contains a blocked word")
        HELD = "held", _("Held for moderation")
        NOTIFIED = "notified", _("Moderators were e-mailed")
        NOTIFY_FAILED = "notify-failed", _("E-mailing the moderators failed")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="events", verbose_name=_("comment")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("comment event")
        verbose_name_plural = _("comment history")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.event}"


class ModerationWord(models.Model):
    """A word or phrase that holds a comment for moderation or files it as spam.

    Matching ignores diacritics, tatweel, hamza forms and case, so one entry catches the
    spelling variants (see comments.text.normalize).
    """

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for moderation")
        BLOCK = "block", _("File as spam")

    phrase = models.CharField(_("word or phrase"), max_length=200)
    action = models.CharField(_("action"), max_length=5, choices=Action.choices)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["action", "phrase"]
        verbose_name = _("moderation word")
        verbose_name_plural = _("moderation words")
        constraints = [
            models.UniqueConstraint(fields=["phrase", "action"], name="unique_moderation_word")
        ]

    def __str__(self):
        return self.phrase


class ModeratorDigest(models.Model):
    """One e-mail round to the moderators: at most one per COMMENTS_DIGEST_MINUTES."""

    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    recipients = models.TextField(_("recipients"), blank=True)
    followup_queued = models.BooleanField(_("next round queued"), default=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("moderator digest")
        verbose_name_plural = _("moderator digests")

    def __str__(self):
        return f"{self.sent_at:%Y-%m-%d %H:%M} ({self.comment_count})"

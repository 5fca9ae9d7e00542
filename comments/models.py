"""The comments app's tables: comments, their history, the moderation words and the digest
rounds. What a comment can be is in comments.states, which comments are in comments.querysets,
and every change of a comment's state in comments.actions."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from comments import counts, pages, states
from comments.querysets import SEARCHED_FIELDS, CommentQuerySet
from comments.rendering import render_fragments
from newsroom.arabic import normalize
from newsroom.net import ip_block


class Comment(models.Model):
    Status = states.Status
    AkismetResult = states.Verdict
    Report = states.Report

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
    html = models.JSONField(
        _("rendered HTML"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "The comment's header and text as readers see them, one fragment per language "
            "(comments/rendering.py); rendered when the name, website, text or date change."
        ),
    )
    by_staff = models.BooleanField(
        _("by staff"),
        default=False,
        editable=False,
        help_text=_("Written by signed-in staff (comments/identity.py): the badge readers see."),
    )
    featured_at = models.DateTimeField(_("editor's pick since"), null=True, blank=True)
    open_reports = models.PositiveIntegerField(_("open reports"), default=0, editable=False)
    report_reasons = models.JSONField(
        _("reasons of the open reports"), default=dict, blank=True, editable=False
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Name, e-mail, IP and text, folded as newsroom.arabic.normalize does."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(fields=["akismet_result", "created_at"], name="comment_recheck_idx"),
            *counts.INDEXES,  # what the desk counts with
            # Few rows each: decisions owed to Akismet, and Akismet payloads purge_spam clears.
            models.Index(
                fields=["id"], condition=~Q(akismet_report=""), name="comment_owed_report_idx"
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(akismet_payload__isnull=False),
                name="comment_payload_idx",
            ),
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self):
        return f"{self.author_name}: {self.content[:50]}"

    def save(self, *args, **kwargs):
        """Derives ip_block and the desk's search text from their sources, and nothing else:
        the stored HTML is rendered by whoever changes what it shows (store_html)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCHED_FIELDS & set(update_fields):
            self.ip_block = ip_block(self.ip)  # derived, so it can never disagree with `ip`
            self.search_text = self.folded_search_text()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "ip_block", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The article's page of comments that shows this one, #comment-<id>."""
        return pages.permalink(self)

    @property
    def safe_author_url(self):
        """The author's website, only when it is a plain http(s) address."""
        return (
            self.author_url if self.author_url.lower().startswith(("http://", "https://")) else ""
        )

    @property
    def is_visible(self):
        return self.status == self.Status.APPROVED

    def store_html(self) -> None:
        """Render the comment's HTML in every language (rendering.render_fragments) and store
        it in one UPDATE: after it is created, and after what it shows changed. Many rows at
        once: Comment.objects.filter(...).store_html()."""
        self.html = render_fragments(self)
        Comment.objects.filter(pk=self.pk).update(html=self.html)

    def folded_search_text(self) -> str:  # from SEARCHED_FIELDS
        """What the desk's search looks in, spelling variants folded (ساره finds سارة)."""
        parts = [self.author_name, self.author_email, self.ip or "", self.content]
        return normalize("\n".join(parts))

    def status_before(self, status: str) -> str:
        """The status the comment had before it moved to `status` (skipping a stay in the
        trash, which is never a place to come back to); pending when the history cannot say."""
        moves = self.events.filter(event=f"status-{status}").order_by("-at", "-pk")
        for detail in moves.values_list("detail", flat=True):
            came_from = detail.get("from") if isinstance(detail, dict) else None
            if came_from in self.Status.values and came_from not in (status, self.Status.TRASH):
                return came_from
        return self.Status.PENDING

    def available_actions(self) -> list[states.ModeratorAction]:
        """The moderator actions that apply to the comment as it is now, in the desk's order."""
        return [action for action in states.ACTIONS.values() if action.fits(self)]

    def open_report_reasons(self) -> list[tuple[str, int]]:
        """The reasons of the open readers' reports with their counts, for the desk's row."""
        labels = dict(states.ReportReason.choices)
        reasons = self.report_reasons or {}
        return [(labels.get(key, key), count) for key, count in sorted(reasons.items())]

    def log(self, event, *, by=None, detail=""):
        return CommentEvent.objects.create(comment=self, event=event, actor=by, detail=detail)


class ReadableJSONEncoder(DjangoJSONEncoder):
    """Keep Arabic as it is in stored JSON (not \\uXXXX escapes), so that the history can be
    searched for a word on SQLite as on PostgreSQL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "ensure_ascii": False})


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
        STAFF_REPLY = "staff-reply", _("Written by staff from the desk")
        ERASED = "erased", _("The writer's personal data was erased on request")
        READER_REPORT = "reader-report", _("Reported by a reader")
        REPORTS_HOLD = "reports-hold", _("Held for moderation after readers' reports")
        REPORTS_RESOLVED = "reports-resolved", _("Readers' reports reviewed")
        FEATURED = "featured", _("Made an editor's pick")
        UNFEATURED = "unfeatured", _("No longer an editor's pick")
        STAFF_COMMENT = "staff-comment", _("Written by signed-in staff (not sent to Akismet)")
        EDITED = "edited", _("Edited by its writer")
        WITHDRAWN = "withdrawn", _("Deleted by its writer")

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
    # Text from outside (an Akismet header, an error), or a dict that describe() translates:
    # {"from", "to"} statuses, {"reason": "word"|"links"|"akismet", …}, {"to": comment id}.
    detail = models.JSONField(_("detail"), blank=True, default=str, encoder=ReadableJSONEncoder)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("comment event")
        verbose_name_plural = _("comment history")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.event}"

    def describe(self) -> str:
        """The detail as a moderator reads it, in the active language."""
        detail = self.detail
        if not isinstance(detail, dict):
            return "" if detail is None else str(detail)
        if "from" in detail and "to" in detail:
            return _("%(old)s → %(new)s") % {
                "old": _status_label(detail["from"]),
                "new": _status_label(detail["to"]),
            }
        reason = detail.get("reason")
        if reason == "word":
            return _("contains the held word “%(word)s”") % {"word": detail.get("word", "")}
        if reason == "links":
            n = detail.get("links", 0)
            return ngettext("%(n)d link", "%(n)d links", n) % {"n": n}
        if reason in HOLD_RULES:
            return str(HOLD_RULES[reason])
        if reason == "akismet":
            return _("Akismet reports a problem with the account: %(error)s") % {
                "error": detail.get("error", "")
            }
        if "to" in detail:
            return _("reply to comment #%(id)s") % {"id": detail["to"]}
        if "previous" in detail:
            return _("previous text: %(text)s") % {"text": detail["previous"]}
        return ", ".join(f"{key}: {value}" for key, value in detail.items())


# Why a comment Akismet let through waits, besides words and links (comments.rules).
HOLD_RULES = {
    "standing": _("its writer is always pre-moderated"),
    "hold-new": _("a new commenter, without enough approved comments yet"),
    "hold-rejected": _("many of its writer's recent comments were rejected"),
    "hold-domain": _("its e-mail domain is held"),
}


def _status_label(value: str) -> str:
    return str(dict(Comment.Status.choices).get(value, value))


class ModerationWord(models.Model):
    """A word or phrase that holds a comment for moderation or files it as spam.

    Matching ignores diacritics, tatweel, hamza forms and case, so one entry catches the
    spelling variants (see newsroom.arabic.normalize).
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

    # Every comment is compared with the words, twice; they change a few times a year. So
    # the list lives in the shared cache, dropped whenever a word is saved or deleted (the
    # signals below) and at most CACHE_SECONDS old in any case.
    CACHE_KEY = "comments:moderation-words"
    CACHE_SECONDS = 300

    @classmethod
    def phrases(cls, action: str) -> list[str]:
        """The phrases of one action, from the shared cache (one query when it is cold)."""
        words = cache.get(cls.CACHE_KEY)
        if words is None:
            words = {choice: [] for choice in cls.Action.values}
            for phrase, kind in cls.objects.values_list("phrase", "action"):
                words.setdefault(kind, []).append(phrase)
            cache.set(cls.CACHE_KEY, words, cls.CACHE_SECONDS)
        return words.get(action, [])

    @classmethod
    def forget_cached(cls, **kwargs) -> None:
        cache.delete(cls.CACHE_KEY)


models.signals.post_save.connect(ModerationWord.forget_cached, sender=ModerationWord)
models.signals.post_delete.connect(ModerationWord.forget_cached, sender=ModerationWord)


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


# Kept in their own modules, imported here so Django registers them with the app.
from comments.reporting import CommentReport  # noqa: E402, F401
from comments.standing import CommenterBlock, CommenterStanding, StandingChange  # noqa: E402, F401
from comments.subscriptions import (  # noqa: E402, F401
    MailAddress,
    MailSent,
    ReplyNotice,
    ReplySubscription,
)

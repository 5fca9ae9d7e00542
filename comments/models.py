from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from comments.conf import conf
from newsroom.arabic import normalize
from newsroom.net import ip_block


class CommentQuerySet(models.QuerySet):
    """The desk's queues, defined once: the admin, the commands and the templates call these."""

    def visible(self):
        """Comments every reader sees: the approved ones."""
        return self.filter(status=Comment.Status.APPROVED)

    def approved(self):
        return self.visible()

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def shown_to_reader(self, own_ids=()):
        """What one reader sees in a thread: the approved comments, and their own ones still
        waiting (pending, or held as spam) while the own-comments cookie lasts."""
        shown = Q(status=Comment.Status.APPROVED)
        if own_ids:
            shown |= Q(pk__in=own_ids, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
        return self.filter(shown)

    def desk_all(self):
        """The desk's "All": pending and approved, as in WordPress (spam and trash apart)."""
        return self.filter(status__in=[Comment.Status.PENDING, Comment.Status.APPROVED])

    def spam(self):
        """The spam queue: spam except what Akismet called blatant (it has its own queue)."""
        return self.filter(status=Comment.Status.SPAM).exclude(akismet_result=AkismetResult.DISCARD)

    def blatant(self):
        """Spam Akismet was sure enough of to say discard it."""
        return self.filter(status=Comment.Status.SPAM, akismet_result=AkismetResult.DISCARD)

    def any_spam(self):
        """The spam queue and blatant spam together (what purge_spam removes when old)."""
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

    def to_retry(self, *, in_flight: timedelta, max_age: timedelta):
        """What recheck_comments asks Akismet about again, oldest first: pending comments whose
        check failed, or never finished although any request would have ended by now
        (`in_flight`); none older than `max_age` (WordPress gives up after 15 days)."""
        now = timezone.now()
        failed = Q(akismet_result=AkismetResult.ERROR)
        abandoned = Q(akismet_result=AkismetResult.UNCHECKED, created_at__lt=now - in_flight)
        return (
            self.pending()
            .filter(failed | abandoned, created_at__gte=now - max_age)
            .order_by("created_at", "pk")
        )

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

    def trash(self):
        return self.filter(status=Comment.Status.TRASH)

    def unrendered(self):
        """Comments without stored HTML for every language (rows older than the field)."""
        from comments.rendering import language_codes

        missing = Q(html={})
        for code in language_codes():
            missing |= ~Q(html__has_key=code)
        return self.filter(missing)

    def store_html(self, *, batch: int = 500) -> int:
        """Render and store the HTML of these comments again (after an update() that changed
        what it shows, or to fill old rows); returns how many were written."""
        from comments.rendering import render_fragments

        total = 0
        pending = []
        for comment in self.order_by("pk").iterator(chunk_size=batch):
            comment.html = render_fragments(comment)
            pending.append(comment)
            if len(pending) >= batch:
                total += Comment.objects.bulk_update(pending, ["html"])
                pending = []
        if pending:
            total += Comment.objects.bulk_update(pending, ["html"])
        return total

    def refold_search_text(self, *, batch: int = 500) -> int:
        """Fold the desk's search text of these comments again, after an update() that changed
        a name, address or text (erasure); returns how many were written."""
        total = 0
        pending = []
        fields = ("pk", *SEARCHED_FIELDS)
        for comment in self.only(*fields).order_by("pk").iterator(chunk_size=batch):
            comment.search_text = comment.folded_search_text()
            pending.append(comment)
            if len(pending) >= batch:
                total += Comment.objects.bulk_update(pending, ["search_text"])
                pending = []
        if pending:
            total += Comment.objects.bulk_update(pending, ["search_text"])
        return total

    def owing_report(self):
        """Moderators' decisions not yet reported to Akismet."""
        return self.exclude(akismet_report="")

    def queue(self, key: str):
        """The desk queue called `key` (one of QUEUES); an unknown key is the default, "all"."""
        return getattr(self, QUEUES.get(key, "desk_all"))()

    def desk_counts(self) -> dict[str, int]:
        """The size of every desk queue, in one query; "all" is pending + approved."""
        counts = self.aggregate(
            pending=models.Count("pk", filter=Q(status=Comment.Status.PENDING)),
            approved=models.Count("pk", filter=Q(status=Comment.Status.APPROVED)),
            spam=models.Count(
                "pk",
                filter=Q(status=Comment.Status.SPAM) & ~Q(akismet_result=AkismetResult.DISCARD),
            ),
            blatant=models.Count(
                "pk", filter=Q(status=Comment.Status.SPAM, akismet_result=AkismetResult.DISCARD)
            ),
            trash=models.Count("pk", filter=Q(status=Comment.Status.TRASH)),
        )
        return {"all": counts["pending"] + counts["approved"], **counts}


NOTICE_ANYWAY_AFTER = timedelta(hours=24)


# The desk's queues: the key in the URL (?status=…) → the CommentQuerySet method.
QUEUES = {
    "all": "desk_all",
    "pending": "pending",
    "approved": "approved",
    "spam": "spam",
    "blatant": "blatant",
    "trash": "trash",
}


class AkismetResult(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    SKIPPED = "skipped", _("Not checked")
    HAM = "ham", _("Cleared")
    SPAM = "spam", _("Spam")
    DISCARD = "discard", _("Blatant spam")
    ERROR = "error", _("Check failed")


# What the desk's search reads (Comment.search_text is folded from these).
SEARCHED_FIELDS = frozenset({"author_name", "author_email", "ip", "content"})


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
            models.Index(Upper("author_email"), "status", name="comment_author_idx"),
            # The desk's counts read this index alone, not the table (bench/INDEXES.md).
            models.Index(fields=["status", "akismet_result", "id"], name="comment_desk_counts_idx"),
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

    def save(self, *args, render_later=False, **kwargs):
        """render_later: a new comment that is saved again shortly (the spam check's verdict)
        gets its HTML in that save, not in an UPDATE of its own; until then the thread
        renders it when read."""
        from comments.rendering import RENDERED_FIELDS, render_fragments

        update_fields = kwargs.get("update_fields")
        # Derived fields follow their sources; a status change or a spam check (most saves)
        # touches none of them and leaves them as they are.
        refold = update_fields is None or bool(SEARCHED_FIELDS & set(update_fields))
        if refold:
            self.ip_block = ip_block(self.ip)  # derived, so it can never disagree with `ip`
            self.search_text = self.folded_search_text()
        # The stored HTML follows what it shows, and is made if there is none yet.
        rerender = (
            update_fields is None or bool(RENDERED_FIELDS & set(update_fields)) or not self.html
        )
        new = self.pk is None  # the fragment holds the id: rendered once the row has one
        if rerender and not new:
            self.html = render_fragments(self)
        if update_fields is not None:
            extra = ({"search_text", "ip_block"} if refold else set()) | (
                {"html"} if rerender else set()
            )
            kwargs["update_fields"] = {*update_fields, *extra}
        super().save(*args, **kwargs)
        if rerender and new and not render_later:
            self.html = render_fragments(self)
            Comment.objects.filter(pk=self.pk).update(html=self.html)

    def get_absolute_url(self):
        """The article's page of comments that shows this one, #comment-<id>."""
        from comments.thread import permalink

        return permalink(self)

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

    def folded_search_text(self) -> str:  # from SEARCHED_FIELDS
        """What the desk's search looks in, spelling variants folded (ساره finds سارة)."""
        parts = [self.author_name, self.author_email, self.ip or "", self.content]
        return normalize("\n".join(parts))

    # State changes: moderators' go through moderate(); the checks' through set_status().

    def set_status(self, status, *, by=None) -> str:
        """Move to `status` and record it in the history (nothing when it does not change);
        returns the old status. The caller holds the row lock."""
        old = self.status
        if old == status:
            return old
        self.status = status
        self.status_before_save = old  # exact under the row lock: listeners need not ask again
        self.save(update_fields=["status"])
        self.log(f"status-{status}", by=by, detail={"from": old, "to": status})
        return old

    def status_before(self, status: str) -> str:
        """The status the comment had before it moved to `status` (skipping a stay in the
        trash, which is never a place to come back to); pending when the history cannot say."""
        moves = self.events.filter(event=f"status-{status}").order_by("-at", "-pk")
        for detail in moves.values_list("detail", flat=True):
            came_from = detail.get("from") if isinstance(detail, dict) else None
            if came_from in self.Status.values and came_from not in (status, self.Status.TRASH):
                return came_from
        return self.Status.PENDING

    def available_actions(self) -> list[ModeratorAction]:
        """The moderator actions that apply to the comment as it is now, in the desk's order."""
        return [action for action in ACTIONS.values() if self.status in action.applies_to]

    def moderate(self, key: str, *, by) -> bool:
        """Perform the moderator action `key` (see ACTIONS) under a row lock; True if it did
        anything. Writes the status change with its actor, owes Akismet the report the action
        calls for (sent later by moderation.send_owed_reports) or deletes the comment."""
        from comments import spam  # the Akismet boundary; models must not need it to import

        action = ACTIONS[key]
        with transaction.atomic():
            locked = Comment.objects.select_for_update().filter(pk=self.pk).first()
            if locked is None or locked.status not in action.applies_to:
                return False
            if action.target == DELETE:
                locked.delete()
                return True
            target = (
                locked.status_before(locked.status) if action.target == PREVIOUS else action.target
            )
            locked.set_status(target, by=by)
            self.status = locked.status
            if spam.is_enabled() and locked.akismet_report != action.report:
                Comment.objects.filter(pk=locked.pk).update(akismet_report=action.report)
                self.akismet_report = action.report
        return True

    def reply_as_staff(self, content: str, *, by) -> Comment:
        """A moderator answers from the desk: an approved reply by `by`, threaded under this
        comment (beside it when the thread is at its deepest), approving it if it was pending."""
        if self.status not in (self.Status.PENDING, self.Status.APPROVED):
            raise ValueError("only pending or approved comments can be answered")
        with transaction.atomic():
            self.moderate("approve", by=by)
            parent = self if self.depth < conf.COMMENTS_MAX_DEPTH else self.parent or self
            reply = Comment.objects.create(
                article_id=self.article_id,
                parent=parent,
                depth=parent.depth + 1,
                author_name=by.get_full_name() or by.get_username(),
                author_email=by.email,
                content=content,
                user=by,
                status=self.Status.APPROVED,
            )
            reply.log(CommentEvent.Event.STAFF_REPLY, by=by, detail={"to": self.pk})
        return reply

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
        if reason == "akismet":
            return _("Akismet reports a problem with the account: %(error)s") % {
                "error": detail.get("error", "")
            }
        if "to" in detail:
            return _("reply to comment #%(id)s") % {"id": detail["to"]}
        return ", ".join(f"{key}: {value}" for key, value in detail.items())


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


# --- moderators' actions ---------------------------------------------------------------------

PREVIOUS = "previous"  # back to the status it had before (or pending), as WordPress does
DELETE = "delete"  # gone for good: only from the spam queues or the trash


@dataclass(frozen=True)
class ModeratorAction:
    """One thing a moderator can do to a comment, the same on the list, the page and the keys."""

    key: str
    label: Promise
    target: str  # a Comment.Status, PREVIOUS or DELETE
    applies_to: frozenset[str]
    report: str = ""  # what Akismet is owed afterwards (Comment.Report); "" cancels an unsent one
    permission: str = "comments.moderate_comment"
    shortcut: str = ""  # the desk's keyboard shortcut
    undo: str = ""  # the action that reverses it


_S = Comment.Status
ACTIONS: dict[str, ModeratorAction] = {
    action.key: action
    for action in [
        ModeratorAction(
            "approve",
            _("Approve"),
            _S.APPROVED,
            frozenset({_S.PENDING}),
            shortcut="a",
            undo="unapprove",
        ),
        ModeratorAction(
            "unapprove",
            _("Unapprove"),
            _S.PENDING,
            frozenset({_S.APPROVED}),
            shortcut="u",
            undo="approve",
        ),
        ModeratorAction(
            "spam",
            _("Mark as spam"),
            _S.SPAM,
            frozenset({_S.PENDING, _S.APPROVED}),
            report=Comment.Report.SPAM,
            shortcut="s",
            undo="not_spam",
        ),
        ModeratorAction(
            "not_spam",
            _("Not spam"),
            PREVIOUS,
            frozenset({_S.SPAM}),
            report=Comment.Report.HAM,
            shortcut="n",
            undo="spam",
        ),
        ModeratorAction(
            "trash",
            _("Move to trash"),
            _S.TRASH,
            frozenset({_S.PENDING, _S.APPROVED, _S.SPAM}),
            shortcut="t",
            undo="restore",
        ),
        ModeratorAction(
            "restore", _("Restore"), PREVIOUS, frozenset({_S.TRASH}), shortcut="e", undo="trash"
        ),
        ModeratorAction(
            "delete",
            _("Delete permanently"),
            DELETE,
            frozenset({_S.SPAM, _S.TRASH}),
            shortcut="",
        ),
    ]
}

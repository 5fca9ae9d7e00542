"""Readers' reports of comments (docs/comments.md, "Reader reports"). Kept apart from models.py,
which imports it so Django registers the model; it names Comment as a string, so it imports
nothing back.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import states


class CommentReport(models.Model):
    """A reader's report of a comment (docs/comments.md, "Reader reports"): one per reader and
    comment; resolved when a moderator dismisses the reports or decides on the comment."""

    Reason = states.ReportReason

    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("comment"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=states.ReportReason.choices)
    details = models.TextField(_("details"), blank=True, max_length=states.REPORT_DETAILS_LENGTH)
    reporter_key = models.CharField(_("reporter"), max_length=64)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="one_report_per_reader"
            )
        ]

    def __str__(self):
        return f"{self.comment_id}: {self.reason}"

"""Editors' notes: a staff-only thread on each article (Wagtail's comments, WordPress's Notes).

The model lives here, apart from models.py (which imports this module so Django registers it);
it refers to Article by name, so it imports nothing back. Adding and resolving a note, and who
may, are articles/note_actions.py and articles/permissions.py; the e-mail to the article's
authors is a task (articles/tasks.py). Notes are never shown to readers: no reader page, feed,
sitemap or search reads this table, and a note never saves its article (no version, no
"updated" time, no page-cache change).
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_CHARS = 2000
# Control characters but tab and newline (PostgreSQL refuses NUL), the line and paragraph
# separators, lone surrogates; bidi controls are kept (Arabic text mixed with Latin needs them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def clean_text(text: str) -> str:
    """A note as stored: plain text, newlines normalised, control characters dropped, at most
    three newlines in a row, trimmed. The caller checks MAX_CHARS and emptiness."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


class ArticleNoteQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def resolved(self):
        return self.filter(resolved_at__isnull=False)


class ArticleNote(models.Model):
    """One staff note on an article: who wrote it and when, and who resolved it and when."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("article"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    text = models.TextField(_("note"), max_length=MAX_CHARS)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = ArticleNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("editors' note")
        verbose_name_plural = _("editors' notes")

    def __str__(self):
        return f"{self.article_id}: {self.text[:40]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

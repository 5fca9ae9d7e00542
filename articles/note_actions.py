"""Editors' notes (articles/notes.py): adding one, resolving one, an article's thread.

Adding a note has the worker e-mail the article's authors (first and co-authors) other than its
writer, once the note has committed (articles/tasks.py). Neither action saves the article: no
version, no "updated" time, nothing readers see changes, and a form open on the article is not
refused because of a note. Who may is articles.permissions (note_access, note_may).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.notes import MAX_CHARS, ArticleNote, clean_text
from articles.tasks import notify_note_authors


def checked_text(text: str) -> str:
    """The note as it will be stored, or a ValidationError with an Arabic message."""
    cleaned = clean_text(text or "")
    if not cleaned:
        raise ValidationError(_("Write the note first."))
    if len(cleaned) > MAX_CHARS:
        raise ValidationError(
            _("A note is at most %(limit)d characters long; this one has %(count)d.")
            % {"limit": MAX_CHARS, "count": len(cleaned)}
        )
    return cleaned


def add(article: Article, *, by, text: str) -> ArticleNote:
    note = ArticleNote.objects.create(article=article, author=by, text=checked_text(text))
    note_id = note.pk
    transaction.on_commit(lambda: notify_note_authors.enqueue(note_id))
    return note


def resolve(note: ArticleNote, *, by) -> bool:
    """Mark the note resolved; False if it already was (by someone else, or a second click)."""
    now = timezone.now()
    done = ArticleNote.objects.filter(pk=note.pk, resolved_at__isnull=True).update(
        resolved_by=by, resolved_at=now
    )
    if done:
        note.resolved_by, note.resolved_at = by, now
    return bool(done)


@dataclass(frozen=True)
class Thread:
    open: list
    resolved: list


def thread(article: Article) -> Thread:
    notes = list(
        ArticleNote.objects.filter(article=article).select_related("author", "resolved_by")
    )
    return Thread(
        open=[note for note in notes if not note.is_resolved],
        resolved=[note for note in notes if note.is_resolved],
    )

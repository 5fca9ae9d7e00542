"""The editors' notes' own admin views: add a note, resolve one (articles/note_actions.py).

Plain POST forms beside the article's change form (never inside it: the change form's version
check and autosave see nothing of them), each answering with a redirect back to the notes on
the change form. Who may is articles.permissions.note_access: another journalist's draft is a
404 (as the article itself), an article seen without the notes permission a 403.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles import note_actions, permissions
from articles.models import Article, ArticleNote
from articles.notes import MAX_CHARS, clean_text


class NoteField(forms.CharField):
    """Cleaned as stored (articles.notes.clean_text) before any check, so a NUL or another
    control character is dropped, not refused with a message about characters nobody typed."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class NoteForm(forms.Form):
    prefix = "note"  # its field is "note-text", apart from the change form's fields
    text = NoteField(
        label=gettext_lazy("Note"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "maxlength": MAX_CHARS}),
        help_text=gettext_lazy(
            "Seen by the article's authors and the editors only, never by readers."
        ),
    )

    def clean_text(self):
        return note_actions.checked_text(self.cleaned_data["text"])


def _article(request: HttpRequest, pk: int, permission: str) -> Article:
    article = get_object_or_404(Article, pk=pk)
    access = permissions.note_access(request.user, article)
    if access == "none":
        raise Http404
    if not permissions.note_may(request.user, article, permission):
        raise PermissionDenied
    return article


def back_to_notes(request: HttpRequest, article: Article) -> HttpResponse:
    url = reverse("admin:articles_article_change", args=[article.pk])
    if request.POST.get("readonly") == "1":
        url += "?readonly=1"
    return redirect(url + "#article-notes")


def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    """A note on the article (POST), or the note's own page (GET, or the form again with its
    error: status 400, the text kept)."""
    article = _article(request, pk, permissions.NOTE_ADD)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note_actions.add(article, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your note was added; the article's authors are told."))
        return back_to_notes(request, article)
    context = {
        **admin.site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": _("Add a note"),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "admin/articles/article/add_note.html", context, status=status)


@require_POST
def resolve_note(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    article = _article(request, pk, permissions.NOTE_RESOLVE)
    note = get_object_or_404(ArticleNote, pk=note_pk, article=article)
    if note_actions.resolve(note, by=request.user):
        messages.success(request, _("The note was marked resolved."))
    else:
        messages.info(request, _("This note was already resolved."))
    return back_to_notes(request, article)

"""Autosave: a user's unsaved work on an article's or a page's form, kept aside while they type.

The change form's script (static/js/editing.js) sends the form's fields at most every
SAVE_SECONDS while they differ from what was last kept, and when the tab is hidden. They are
stored per user and per article or page (`Autosave`: its `kind` and the object, None for a new
one's form): never in the article, never published, never a version (django-reversion is not
involved), and only their owner sees them. Opening the form again offers to restore them; saving
the article or page or dismissing the offer deletes them. `clear_old` (manage.py
clear_editing_state, daily) deletes those older than KEEP_DAYS and those their owner's later
save of the article or page superseded.
"""

import json
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Autosave, Page

SAVE_SECONDS = 30
MAX_BYTES = 512 * 1024  # a long article's form is well under 100 KB
KEEP_DAYS = 30
SKIPPED = frozenset({"csrfmiddlewaretoken"})


class TooLarge(ValueError):
    pass


def parse(body: bytes) -> dict[str, list[str]]:
    """The form's fields as the script sends them: {"fields": {name: [value, …]}}."""
    if len(body) > MAX_BYTES:
        raise TooLarge
    payload = json.loads(body.decode("utf-8"))
    fields = payload.get("fields") if isinstance(payload, dict) else None
    if not isinstance(fields, dict):
        raise ValueError("no fields")
    clean = {}
    for name, values in fields.items():
        if name in SKIPPED or not isinstance(name, str):
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError("bad field")
        clean[name] = values
    return clean


# What can be autosaved: each model is an Autosave.Kind, and the foreign key of that name.
MODELS = {Autosave.Kind.ARTICLE: Article, Autosave.Kind.PAGE: Page}


def _key(model: type[Article | Page], obj: Article | Page | None) -> dict:
    kind = Autosave.Kind(model._meta.model_name)
    return {"kind": kind, kind.value: obj}


def keep(model, obj: Article | Page | None, user, fields: dict[str, list[str]]) -> Autosave:
    autosave, _created = Autosave.objects.update_or_create(
        **_key(model, obj), user=user, defaults={"data": fields, "saved_at": timezone.now()}
    )
    return autosave


def of(model, obj: Article | Page | None, user) -> Autosave | None:
    """The user's own autosave for this article's or page's form (None: a new one's)."""
    return Autosave.objects.filter(**_key(model, obj), user=user).first()


def discard(model, obj: Article | Page | None, user) -> None:
    Autosave.objects.filter(**_key(model, obj), user=user).delete()


def initial_from(autosave: Autosave, form_fields: dict) -> dict:
    """Initial values for the form's fields from a kept form: lists for multiple choices,
    True/False for check boxes, the text otherwise (files and split date fields are left
    as saved)."""
    from django import forms

    data, initial = autosave.data, {}
    for name, field in form_fields.items():
        if isinstance(field, forms.FileField | forms.SplitDateTimeField):
            continue
        if isinstance(field, forms.BooleanField):
            initial[name] = name in data
        elif name not in data:
            continue
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            initial[name] = data[name]
        else:
            initial[name] = data[name][0] if data[name] else ""
    return initial


def superseded():
    """The autosaves whose owner saved the article or page after them: their work went into a
    save (a version by them, django-reversion), so the kept form is older than what they saved.
    Another person's save supersedes nothing: the owner's typing is still not saved anywhere
    else, and restoring it is guarded by the version check (articles/conflicts.py)."""
    found = Q(pk__in=[])
    for kind, model in MODELS.items():
        name = kind.value
        later_save = Version.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=Cast(OuterRef(f"{name}_id"), CharField()),
            revision__user_id=OuterRef("user_id"),
            revision__date_created__gt=OuterRef("saved_at"),
        )
        found |= Q(kind=kind, **{f"{name}__isnull": False}) & Exists(later_save)
    return Autosave.objects.filter(found)


def clear_old(days: int = KEEP_DAYS) -> int:
    """Delete the autosaves older than `days` and those superseded by their owner's later save
    of the article. Run by `manage.py clear_editing_state`."""
    cutoff = timezone.now() - timedelta(days=days)
    old = Autosave.objects.filter(saved_at__lt=cutoff)
    deleted, _ = Autosave.objects.filter(
        Q(pk__in=old.values("pk")) | Q(pk__in=superseded().values("pk"))
    ).delete()
    return deleted

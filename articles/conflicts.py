"""Saves that start from an older version of an article or a page are refused, never applied
silently.

Every save of an article counts a new `Article.version` (its save() does; a page's
`Page.version` likewise). A form carries the
version it was opened on; when it comes back, `check()` reads the article's current version
under a row lock (held until the saving transaction ends, so two saves cannot both pass) and,
if someone saved in between, returns a `Conflict`: who saved, when, and what changed meanwhile
(the revisions' word diff, from the version the form started from when django-reversion has
it, else from what the form holds). The form is shown again with the user's own values and the
current version, so saving once more, after reading the diff, applies their change; fields they
did not touch take what the other person saved (`merged_data`, from the per-field fingerprint
of what the form was opened on, which the form carries beside the version). What differs
between articles and pages (the fields merged and compared, the words shown) is an `Edited`.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from articles.models import Article, Page
from articles.revisions import ChangedField, compare_texts, texts
from newsroom.site import display_name

# Fields whose value the form shows as plain text: the ones merged when the user left them
# alone, so a second save does not put back what they never changed.
MERGED_FIELDS = (
    "title",
    "slug",
    "category",
    "lead",
    "body",
    "image_alt",
    "image_caption",
    "image_credit",
    "status",
)
RECENT_VERSIONS = 30  # how far back the version a form started from is looked for


def diff_labels() -> dict[str, str]:
    return {"title": _("headline"), "lead": _("lead"), "body": _("body")}


@dataclass(frozen=True)
class Edited:
    """One kind of object whose saves are checked: its model, the form fields merged when the
    user left them alone, the texts diffed (name → label) and what the refusal says."""

    model: type[models.Model]
    merged: tuple[str, ...]
    labels: Callable[[], dict[str, str]]
    refused: str
    heading: str
    since_opened: str
    differs: str
    unchanged: str


ARTICLE = Edited(
    model=Article,
    merged=MERGED_FIELDS,
    labels=diff_labels,
    refused=gettext_lazy(
        "Someone saved this article after you opened it, so your changes were not saved and "
        "nothing was overwritten. Read what changed below, then save again to apply your changes."
    ),
    heading=gettext_lazy("Someone else saved this article while you were editing it"),
    since_opened=gettext_lazy("What changed since you opened the article:"),
    differs=gettext_lazy("How the saved article differs from your form:"),
    unchanged=gettext_lazy(
        "The headline, lead and text are unchanged; other fields (state, section, image, "
        "links) may have changed."
    ),
)
# What the page form edits: the fields merged in a conflict, the form's and the admin's.
PAGE_FIELDS = ("title", "slug", "body", "published", "footer_position")
PAGE = Edited(
    model=Page,
    merged=PAGE_FIELDS,
    labels=lambda: {"title": _("title"), "body": _("page text")},
    refused=gettext_lazy(
        "Someone saved this page after you opened it, so your changes were not saved and "
        "nothing was overwritten. Read what changed below, then save again to apply your changes."
    ),
    heading=gettext_lazy("Someone else saved this page while you were editing it"),
    since_opened=gettext_lazy("What changed since you opened the page:"),
    differs=gettext_lazy("How the saved page differs from your form:"),
    unchanged=gettext_lazy(
        "The title and text are unchanged; other fields (address, published, footer position) "
        "may have changed."
    ),
)


@dataclass
class Conflict:
    base: int
    current: int
    saved: models.Model  # the article or page as saved now
    edited: Edited
    saved_by: str = ""
    changes: list[ChangedField] = field(default_factory=list)
    base_found: bool = False
    base_data: dict = field(default_factory=dict)


def current_version(pk: int, model: type[models.Model]) -> models.Model:
    """The saved article (or page), its row locked until the transaction ends (PostgreSQL)."""
    return model.objects.select_for_update().get(pk=pk)


def parse_version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check(
    pk: int,
    base: int | None,
    *,
    submitted: dict | None = None,
    opened: str = "",
    edited: Edited = ARTICLE,
) -> Conflict | None:
    """None when `base` is the current version of the article or page (or the form carried
    none); else what changed since. When the version `base` is not among its recent versions,
    the diff shows the texts changed meanwhile (by the `opened` fingerprint) from what the
    user `submitted` to what is saved."""
    if base is None:
        return None
    current = current_version(pk, edited.model)
    if current.version == base:
        return None
    conflict = Conflict(base=base, current=current.version, saved=current, edited=edited)
    versions = list(
        Version.objects.get_for_object(current)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")[:RECENT_VERSIONS]
    )
    if versions:
        conflict.saved_by = display_name(versions[0].revision.user)
    for version in versions:
        data = version.field_dict
        if data.get("version") == base:
            conflict.base_found, conflict.base_data = True, data
            break
    labels = edited.labels()
    saved = {name: getattr(current, name) for name in labels}
    if conflict.base_found:
        older = texts(conflict.base_data)
    else:
        digests = _opened(opened)
        older = texts(
            {
                name: (submitted or {}).get(name, value)
                if name not in digests or _digest(value) != digests[name]
                else value
                for name, value in saved.items()
            }
        )
    now = texts(saved)
    conflict.changes = compare_texts(older, now, labels)
    return conflict


def stored_value(obj: models.Model, name: str):
    return getattr(obj, obj._meta.get_field(name).attname)


def _digest(value) -> str:
    value = getattr(value, "pk", value)  # a chosen section is its id
    text = "" if value is None else str(value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint(obj: models.Model, edited: Edited) -> str:
    """What the form was opened on, field by field (digests, for `merged_data`)."""
    return json.dumps({name: _digest(stored_value(obj, name)) for name in edited.merged})


def _opened(value) -> dict:
    try:
        opened = json.loads(value or "{}")
    except ValueError:
        return {}
    return opened if isinstance(opened, dict) else {}


def merged_data(conflict: Conflict, posted, cleaned: dict) -> dict:
    """The form data to show again: what the user sent, the current version, and for the
    fields the user left as they were when they opened the form (the `base` fingerprint the
    form carries) what is saved now."""
    data = posted.copy()
    data["version"] = str(conflict.current)
    data["base"] = fingerprint(conflict.saved, conflict.edited)
    opened = _opened(posted.get("base"))
    for name in conflict.edited.merged:
        if name not in cleaned or name not in opened:
            continue
        if name not in data and not isinstance(cleaned[name], bool):
            continue  # not sent; an unticked box (False) is not sent either, and is merged
        saved = stored_value(conflict.saved, name)
        untouched = _digest(cleaned[name]) == opened[name]
        if untouched and _digest(saved) != opened[name]:
            data[name] = "" if saved is None else str(saved)
    return data

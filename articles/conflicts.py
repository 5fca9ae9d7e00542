"""Saves that start from an older version of an article are refused, never applied silently.

Every save of an article counts a new `Article.version` (its save() does). A form carries the
version it was opened on; when it comes back, `check()` reads the article's current version
under a row lock (held until the saving transaction ends, so two saves cannot both pass) and,
if someone saved in between, returns a `Conflict`: who saved, when, and what changed meanwhile
(the revisions' word diff, from the version the form started from when django-reversion has
it, else from what the form holds). The form is shown again with the user's own values and the
current version, so saving once more, after reading the diff, applies their change; fields they
did not touch take what the other person saved (`merged_data`, from the per-field fingerprint
of what the form was opened on, which the form carries beside the version).
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import Article
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


@dataclass
class Conflict:
    base: int
    current: int
    article: Article
    saved_by: str = ""
    changes: list[ChangedField] = field(default_factory=list)
    base_found: bool = False
    base_data: dict = field(default_factory=dict)


def current_version(pk: int) -> Article:
    """The saved article, its row locked until the transaction ends (PostgreSQL)."""
    return Article.objects.select_for_update().get(pk=pk)


def parse_version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check(
    pk: int, base: int | None, *, submitted: dict | None = None, opened: str = ""
) -> Conflict | None:
    """None when `base` is the current version of the article (or the form carried none);
    else what changed since. When the version `base` is not among the article's recent
    versions, the diff shows the texts changed meanwhile (by the `opened` fingerprint) from
    what the user `submitted` to what is saved."""
    if base is None:
        return None
    current = current_version(pk)
    if current.version == base:
        return None
    conflict = Conflict(base=base, current=current.version, article=current)
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
    saved = {name: getattr(current, name) for name in ("title", "lead", "body")}
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
    conflict.changes = compare_texts(older, now, diff_labels())
    return conflict


def stored_value(article: Article, name: str):
    model_field = Article._meta.get_field(name)
    return getattr(article, model_field.attname)


def _digest(value) -> str:
    value = getattr(value, "pk", value)  # a chosen section is its id
    text = "" if value is None else str(value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint(article: Article) -> str:
    """What the form was opened on, field by field (digests, for `merged_data`)."""
    return json.dumps({name: _digest(stored_value(article, name)) for name in MERGED_FIELDS})


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
    data["base"] = fingerprint(conflict.article)
    opened = _opened(posted.get("base"))
    for name in MERGED_FIELDS:
        if name not in cleaned or name not in data or name not in opened:
            continue
        saved = stored_value(conflict.article, name)
        untouched = _digest(cleaned[name]) == opened[name]
        if untouched and _digest(saved) != opened[name]:
            data[name] = "" if saved is None else str(saved)
    return data

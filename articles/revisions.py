"""Article versions (django-reversion): who may see them, and a readable diff of the text."""

import difflib
from dataclasses import dataclass

from reversion.models import Version

from articles.html import text_lines


@dataclass(frozen=True)
class Piece:
    """A run of words: "same", "removed" or "added"."""

    kind: str
    text: str


@dataclass(frozen=True)
class ChangedField:
    """A field that changed, as paragraphs of pieces (one paragraph for headline and lead)."""

    label: str
    paragraphs: list[list[Piece]]


def word_diff(old: str, new: str) -> list[Piece]:
    """Word-level differences between two texts, in reading order."""
    old_words, new_words = old.split(), new.split()
    pieces = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", " ".join(new_words[j1:j2])))
    return pieces


def text_of(version: Version) -> dict[str, str]:
    return texts(version.field_dict)


def texts(data: dict) -> dict[str, str]:
    """The compared texts of an article's field values (a version's, or the saved row's)."""
    return {
        "title": data.get("title") or "",
        "lead": data.get("lead") or "",
        "body": "\n".join(text_lines(data.get("body") or "")),
    }


def compare(older: Version, newer: Version, labels: dict[str, str]) -> list[ChangedField]:
    """The text fields that differ between two versions, as word diffs.

    The body is compared paragraph by paragraph, so a changed word shows in its paragraph."""
    return compare_texts(text_of(older), text_of(newer), labels)


def compare_texts(old: dict, new: dict, labels: dict[str, str]) -> list[ChangedField]:
    changed = []
    for name, label in labels.items():
        if old[name] != new[name]:
            changed.append(ChangedField(label, paragraph_diff(old[name], new[name])))
    return changed


def paragraph_diff(old: str, new: str) -> list[list[Piece]]:
    old_lines, new_lines = old.split("\n"), new.split("\n")
    paragraphs = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paragraphs += [[Piece("same", line)] for line in old_lines[i1:i2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            paragraphs += [
                word_diff(a, b) for a, b in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
            ]
        else:
            paragraphs += [[Piece("removed", line)] for line in old_lines[i1:i2] if line]
            paragraphs += [[Piece("added", line)] for line in new_lines[j1:j2] if line]
    return paragraphs


def versions_of(article) -> list[Version]:
    """The article's versions, newest first, with who saved them."""
    return list(
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )

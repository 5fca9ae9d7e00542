"""The desk's counts: a queue or a search is counted up to a cap (COMMENTS_DESK_COUNT_LIMIT)
and shown as "more than N comments" beyond it. An exact count reads every entry it counts:
two million approved comments in a daily's archive, on every desk page (docs/desk.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import ngettext


class Size(int):
    """A count taken up to a cap (desk_counts, DeskPaginator): `more` when there are more rows
    than the number, which is then the cap. An int otherwise (sums, JSON, comparisons)."""

    more = False

    def __new__(cls, found: int, cap: int | None = None):
        size = super().__new__(cls, found if cap is None else min(found, cap))
        size.more = cap is not None and found > cap
        return size


def count_cap() -> int:
    return settings.COMMENTS_DESK_COUNT_LIMIT


def size_label(size) -> str:
    """A count as the desk shows it: the number, or "more than N comments" when it was
    counted up to the cap and there are more."""
    if getattr(size, "more", False):
        return ngettext("more than %(count)s comment", "more than %(count)s comments", size) % {
            "count": size
        }
    return str(size)


# Comment.Meta.indexes that the counts read.
INDEXES = [
    # Covering (the e-mail itself included): the desk's count of each listed author's
    # approved comments (COUNT(*)) reads this index alone, not hundreds of rows per
    # author in an archive.
    models.Index(
        Upper("author_email"),
        "status",
        include=["author_email"],
        name="comment_author_idx",
    ),
    # The desk's counts read this index alone, not the table (bench/INDEXES.md).
    models.Index(
        fields=["status", "akismet_result", "open_reports", "id"],
        name="comment_desk_counts_idx",
    ),
    # The reported queue, newest first (its count and list): few rows in a big table,
    # which comment_desk_counts_idx could only answer by reading all of it.
    models.Index(
        fields=["created_at", "id"],
        condition=Q(open_reports__gt=0),
        name="comment_reported_idx",
    ),
]

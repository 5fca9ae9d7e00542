"""The desk's counts: a queue or a search is counted up to a cap (COMMENTS_DESK_COUNT_LIMIT)
and shown as "more than N comments" beyond it. An exact count reads every entry it counts:
two million approved comments in a daily's archive, on every desk page (docs/desk.md)."""

from __future__ import annotations

from django.conf import settings
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

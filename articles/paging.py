"""Page numbers for the reader's lists (sections, author pages, search), capped at MAX_PAGES.

A numbered page N is an OFFSET: the database reads and drops every article before it, and the
"page N of M" line needs a count of the whole list. Both grow with the archive (a section of a
daily holds tens of thousands of articles). Readers leaf through the latest pages, and find
older news by searching with dates, as on the big news sites, whose section pages stop after a
few dozen pages; so the lists stop at MAX_PAGES pages (1,200 articles of a section), the count
stops there too, and a page past it is a 404 that says where the older news is.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

MAX_PAGES = 100


class PageTooDeep(Exception):
    """A page number past MAX_PAGES (the view answers 404 with the way to older news)."""


class CappedPaginator(Paginator):
    """A Paginator whose list ends after MAX_PAGES pages; `truncated` when there is more."""

    max_pages = MAX_PAGES

    def __init__(self, *args, found=None, **kwargs):
        """`found`: how many rows the list has, when the caller knows (up to the cap + 1 is
        enough); else they are counted."""
        super().__init__(*args, **kwargs)
        self._found = found

    @cached_property
    def _capped_count(self):
        cap = self.per_page * self.max_pages
        # A count of at most cap + 1 rows: COUNT(*) over a LIMIT subquery.
        found = self._found if self._found is not None else self.object_list[: cap + 1].count()
        return min(found, cap), found > cap

    @cached_property
    def count(self):
        return self._capped_count[0]

    @property
    def truncated(self):
        return self._capped_count[1]

    def get_page(self, number):
        """Django's get_page (a bad number is page 1, one past the end the last page), except
        that a number past MAX_PAGES raises PageTooDeep."""
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted > self.max_pages:
            raise PageTooDeep
        return super().get_page(number)

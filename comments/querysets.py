"""Which comments: the desk's queues, what a reader sees, what the commands work on, and the
one way to work through many rows in batches. The admin, the commands, the tasks and the
templates ask here; nothing here changes a comment's status (comments.actions does)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import connections, models, transaction
from django.db.models import Q
from django.utils import timezone

from comments.counts import Size, count_cap
from comments.rendering import language_codes, render_many_fragments
from comments.states import QUEUES, Status, Verdict

# A failed or unfinished Akismet check is retried before moderators hear of the comment,
# except after this long (WordPress e-mails them after 24 hours all the same).
NOTICE_ANYWAY_AFTER = timedelta(hours=24)

# What the desk's search reads (Comment.search_text is folded from these).
SEARCHED_FIELDS = frozenset({"author_name", "author_email", "ip", "content"})

BLATANT = Q(status=Status.SPAM, akismet_result=Verdict.DISCARD)  # Akismet said: discard it


def in_batches(queryset, apply: Callable[[list[int]], int], *, size=500, lock=False) -> int:
    """Call apply(ids) on the rows of `queryset`, `size` ids at a time in the order of their
    keys, each batch in a transaction of its own; returns the sum of what apply returned.

    lock: the batch's rows are locked, and rows another process holds are skipped, so two
    runs at once split the work (the daily commands). A batch may delete its rows or change
    them out of `queryset`: the next batch starts after the last key seen.
    """
    total = 0
    last = None
    while True:
        with transaction.atomic():
            rows = queryset if last is None else queryset.filter(pk__gt=last)
            if lock:
                rows = rows.select_for_update(skip_locked=True)
            ids = list(rows.order_by("pk").values_list("pk", flat=True)[:size])
            if not ids:
                return total
            total += apply(ids)
        last = ids[-1]


class CommentQuerySet(models.QuerySet):
    """The queues, defined once: the admin, the commands and the templates call these."""

    def visible(self):
        """Comments every reader sees: the approved ones."""
        return self.filter(status=Status.APPROVED)

    def pending(self):
        return self.filter(status=Status.PENDING)

    def shown_to_reader(self, own_ids=()):
        """What one reader sees in a thread: the approved comments, and their own ones still
        waiting (pending, or held as spam) while the own-comments cookie lasts."""
        shown = Q(status=Status.APPROVED)
        if own_ids:
            shown |= Q(pk__in=own_ids, status__in=[Status.PENDING, Status.SPAM])
        return self.filter(shown)

    def reported(self):
        """Comments readers reported that no moderator has reviewed yet (an approve, trash or
        spam decision, or dismissing the reports, resolves them)."""
        return self.filter(open_reports__gt=0)

    def desk_all(self):
        """The desk's "All": pending and approved, as in WordPress (spam and trash apart)."""
        return self.filter(status__in=[Status.PENDING, Status.APPROVED])

    def spam(self):
        """The spam queue: spam except what Akismet called blatant (it has its own queue)."""
        return self.filter(status=Status.SPAM).exclude(BLATANT)

    def blatant(self):
        """Spam Akismet was sure enough of to say discard it."""
        return self.filter(BLATANT)

    def any_spam(self):
        """The spam queue and blatant spam together (what purge_spam removes when old)."""
        return self.filter(status=Status.SPAM)

    def trash(self):
        return self.filter(status=Status.TRASH)

    def unchecked(self):
        """Stored but never asked about: the check is in flight, or the request died."""
        return self.filter(status=Status.PENDING, akismet_result=Verdict.UNCHECKED)

    def to_retry(self, *, in_flight: timedelta, max_age: timedelta):
        """What recheck_comments asks Akismet about again, oldest first: pending comments whose
        check failed, or never finished although any request would have ended by now
        (`in_flight`); none older than `max_age`."""
        now = timezone.now()
        failed = Q(akismet_result=Verdict.ERROR)
        abandoned = Q(akismet_result=Verdict.UNCHECKED, created_at__lt=now - in_flight)
        return (
            self.pending()
            .filter(failed | abandoned, created_at__gte=now - max_age)
            .order_by("created_at", "pk")
        )

    def awaiting_notice(self, *, now=None):
        """Pending comments moderators have not been told about yet (see NOTICE_ANYWAY_AFTER)."""
        now = now or timezone.now()
        unsure = [Verdict.ERROR, Verdict.UNCHECKED]
        return self.filter(status=Status.PENDING, notified_at__isnull=True).filter(
            ~Q(akismet_result__in=unsure) | Q(created_at__lt=now - NOTICE_ANYWAY_AFTER)
        )

    def owing_report(self):
        """Moderators' decisions not yet reported to Akismet."""
        return self.exclude(akismet_report="")

    def queue(self, key: str):
        """The desk queue called `key` (one of QUEUES); an unknown key is the default, "all"."""
        return getattr(self, QUEUES.get(key, QUEUES["all"]).method)()

    def desk_counts(self) -> dict[str, Size]:
        """The size of every desk queue (states.QUEUES, each as queue() defines it), in one
        query, each counted up to the cap (COMMENTS_DESK_COUNT_LIMIT) over a LIMIT cap + 1
        subquery: an exact count reads every entry of the queue (two million approved
        comments in a daily's archive) on each desk page."""
        cap = count_cap()
        connection = connections[self.db]
        columns, params = [], []
        for key in QUEUES:
            rows = self.queue(key).order_by().values("pk")[: cap + 1]
            sql, rows_params = rows.query.sql_with_params()
            name = connection.ops.quote_name(key)
            columns.append(f"(SELECT COUNT(*) FROM ({sql}) AS {name}) AS {name}")
            params += rows_params
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(columns), params)
            found = cursor.fetchone()
        return {key: Size(n, cap) for key, n in zip(QUEUES, found, strict=True)}

    # --- derived fields, for rows changed by update() or older than the field ---

    def unrendered(self):
        """Comments without stored HTML for every language (rows older than the field)."""
        missing = Q(html={})
        for code in language_codes():
            missing |= ~Q(html__has_key=code)
        return self.filter(missing)

    def store_html(self, *, batch: int = 500) -> int:
        """Render and store the HTML of these comments (rendering.render_fragments, the one
        renderer); returns how many were written."""

        def render(ids):
            rows = list(self.model.objects.filter(pk__in=ids).order_by("pk"))
            for comment, html in zip(rows, render_many_fragments(rows), strict=True):
                comment.html = html
            return self.model.objects.bulk_update(rows, ["html"])

        return in_batches(self, render, size=batch)

    def refold_search_text(self, *, batch: int = 500) -> int:
        """Fold the desk's search text of these comments again, after an update() that changed
        a name, address or text (erasure); returns how many were written."""

        def refold(ids):
            rows = list(
                self.model.objects.filter(pk__in=ids).only("pk", *SEARCHED_FIELDS).order_by("pk")
            )
            for comment in rows:
                comment.search_text = comment.folded_search_text()
            return self.model.objects.bulk_update(rows, ["search_text"])

        return in_batches(self, refold, size=batch)

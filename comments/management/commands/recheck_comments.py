"""Retry the Akismet checks that failed (design.md §4; WordPress's cron_recheck).

Run every 20 minutes. Verifies the key first; takes the oldest errored comments, up to 100;
skips those a moderator already handled and those older than 15 days; stops at the first
failure. Two runs at once never check the same comment (row locks, skip locked).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from comments import notifications, spam
from comments.models import AkismetResult, Comment
from comments.moderation import recheck, send_owed_reports

BATCH = 100
MAX_AGE = timedelta(days=15)
NOTIFY_ANYWAY_AFTER = timedelta(hours=24)


class Command(BaseCommand):
    help = "Re-check comments whose Akismet check failed."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=BATCH)

    def handle(self, *args, limit, **options):
        if not spam.is_enabled():
            self.stdout.write("AKISMET_API_KEY is empty: nothing to re-check.")
            return
        key = spam.verify_key()
        if not key.ok:
            self.notify_overdue()
            raise CommandError(f"Akismet key check failed, nothing re-checked: {key.detail}")

        checked = failed = 0
        seen = []
        while checked < limit:
            with transaction.atomic():
                comment = (
                    self.queue()
                    .exclude(pk__in=seen)
                    .select_for_update(skip_locked=True, of=("self",))
                    .select_related("article__category")
                    .first()
                )
                if comment is None:
                    break
                seen.append(comment.pk)
                result = recheck(comment, reason="retry")
            checked += 1
            if result.verdict == spam.Verdict.ERROR:
                failed = 1
                break
        self.notify_overdue()
        reported, _left = send_owed_reports()
        self.stdout.write(
            f"Re-checked {checked} comment(s)"
            + ("; stopped at the first failure, will retry later." if failed else ".")
            + (f" Sent {reported} moderator report(s)." if reported else "")
        )

    def queue(self):
        return (
            Comment.objects.pending()
            .filter(akismet_result=AkismetResult.ERROR, created_at__gte=timezone.now() - MAX_AGE)
            .order_by("created_at", "pk")
        )

    def notify_overdue(self):
        """After 24 hours unchecked, moderators hear of a comment anyway (WordPress's rule)."""
        overdue = Comment.objects.filter(
            akismet_result=AkismetResult.ERROR,
            status=Comment.Status.PENDING,
            notified_at__isnull=True,
            created_at__lt=timezone.now() - NOTIFY_ANYWAY_AFTER,
        ).select_related("article")
        for comment in overdue[:BATCH]:
            notifications.notify_moderators(comment)

"""Delete spam older than 15 days, forget old Akismet payloads, and erase the IP address,
browser and referrer of comments older than COMMENTS_IP_RETENTION_DAYS. Run daily.

Idempotent; two runs at once split the work (row locks, skip locked).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from comments import privacy
from comments.conf import conf
from comments.models import Comment

KEEP = timedelta(days=15)
BATCH = 1000


class Command(BaseCommand):
    help = (
        "Delete spam and stored Akismet payloads older than 15 days; erase IP addresses, "
        "browsers and referrers older than COMMENTS_IP_RETENTION_DAYS."
    )

    def handle(self, *args, **options):
        cutoff = timezone.now() - KEEP
        deleted = self.in_batches(
            Comment.objects.any_spam().filter(created_at__lt=cutoff),
            lambda ids: Comment.objects.filter(pk__in=ids).delete()[1].get("comments.Comment", 0),
        )
        cleared = self.in_batches(
            Comment.objects.filter(created_at__lt=cutoff, akismet_payload__isnull=False),
            lambda ids: Comment.objects.filter(pk__in=ids).update(akismet_payload=None),
        )
        erased = privacy.erase_old_traces()
        self.stdout.write(f"Deleted {deleted} spam comment(s); cleared {cleared} payload(s).")
        self.stdout.write(
            f"Erased the IP address, browser and referrer of {erased} comment(s) older than "
            f"{conf.COMMENTS_IP_RETENTION_DAYS} days."
        )

    def in_batches(self, queryset, apply):
        total = 0
        while True:
            with transaction.atomic():
                ids = list(
                    queryset.select_for_update(skip_locked=True)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:BATCH]
                )
                if not ids:
                    return total
                total += apply(ids)

"""Delete spam older than states.SPAM_KEPT, forget the Akismet payloads as old, and erase the IP
address, browser and referrer of comments older than COMMENTS_IP_RETENTION_DAYS. Run daily.

Idempotent; two runs at once split the work (row locks, skip locked).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from comments import actions, privacy
from comments.models import Comment
from comments.querysets import in_batches
from comments.states import SPAM_KEPT

BATCH = 1000


class Command(BaseCommand):
    help = (
        f"Delete spam and stored Akismet payloads older than {SPAM_KEPT.days} days; erase IP "
        "addresses, browsers and referrers older than COMMENTS_IP_RETENTION_DAYS."
    )

    def handle(self, *args, **options):
        cutoff = timezone.now() - SPAM_KEPT
        deleted = in_batches(
            Comment.objects.any_spam().filter(created_at__lt=cutoff),
            lambda ids: actions.delete(Comment.objects.filter(pk__in=ids)),
            size=BATCH,
            lock=True,
        )
        cleared = in_batches(
            Comment.objects.filter(created_at__lt=cutoff, akismet_payload__isnull=False),
            lambda ids: Comment.objects.filter(pk__in=ids).update(akismet_payload=None),
            size=BATCH,
            lock=True,
        )
        erased = privacy.erase_old_traces()
        self.stdout.write(f"Deleted {deleted} spam comment(s); cleared {cleared} payload(s).")
        self.stdout.write(
            f"Erased the IP address, browser and referrer of {erased} comment(s) older than "
            f"{settings.COMMENTS_IP_RETENTION_DAYS} days."
        )
        forgotten = privacy.forget_unused_addresses()
        self.stdout.write(f"Forgot {forgotten} e-mail address(es) never confirmed.")

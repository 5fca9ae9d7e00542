"""Retry the Akismet checks that failed or never finished (docs/comments.md; WordPress's
cron_recheck).

Run every 20 minutes. Verifies the key first; takes the oldest errored or unchecked comments,
up to 100; skips those a moderator already handled and those older than states.SPAM_KEPT;
stops at the first failure. Two runs at once never check the same comment (row locks, skip
locked). Then sends the moderators' digest and the reports to Akismet that are still owed.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comments import spam, tasks
from comments.models import Comment
from comments.moderation import recheck
from comments.reports import send_owed
from comments.states import SPAM_KEPT

BATCH = 100


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
            tasks.send_moderator_digest.call()
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
        tasks.send_moderator_digest.call()
        reported, _left = send_owed()
        self.stdout.write(
            f"Re-checked {checked} comment(s)"
            + ("; stopped at the first failure, will retry later." if failed else ".")
            + (f" Sent {reported} moderator report(s)." if reported else "")
        )

    def queue(self):
        # An unchecked comment's request would have finished within AKISMET_TIMEOUT.
        in_flight = timedelta(seconds=settings.AKISMET_TIMEOUT * 2 + 60)
        return Comment.objects.to_retry(in_flight=in_flight, max_age=SPAM_KEPT)

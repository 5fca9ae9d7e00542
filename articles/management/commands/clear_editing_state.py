"""Delete what editing leaves behind: edit locks expired long ago and old or superseded
autosaves (articles/locks.py, articles/autosave.py). Run daily; safe to run twice at once."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from articles import autosave, locks


class Command(BaseCommand):
    help = (
        "Delete edit locks whose last heartbeat is older than --lock-hours, and autosaves older "
        "than --autosave-days or superseded by their owner's later save of the article or page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--lock-hours",
            type=int,
            default=int(locks.EXPIRED_KEPT.total_seconds() // 3600),
            help="Keep an expired lock's row this many hours after its last heartbeat.",
        )
        parser.add_argument(
            "--autosave-days",
            type=int,
            default=autosave.KEEP_DAYS,
            help="Delete autosaves older than this many days.",
        )

    def handle(self, *args, lock_hours, autosave_days, **options):
        cleared_locks = locks.clear_expired(timedelta(hours=max(0, lock_hours)))
        cleared_autosaves = autosave.clear_old(max(0, autosave_days))
        self.stdout.write(
            f"Deleted {cleared_locks} expired edit lock(s) and {cleared_autosaves} autosave(s)."
        )

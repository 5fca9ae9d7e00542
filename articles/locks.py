"""Edit locks: who is editing an article right now, as WordPress's post lock and Wagtail's.

Opening an article's change form takes its lock (`open_form`) unless someone else holds it; the
form's script (static/js/editing.js) sends a heartbeat every HEARTBEAT_SECONDS (`heartbeat`),
and a lock whose last heartbeat is older than LOCK_SECONDS is free. Anyone else who opens the
article is told who edits it and since when, and may wait, read it only, or take it over
(`take_over`); the one who lost it hears so on their next heartbeat, and their script puts their
unsaved text into their autosave (articles/autosave.py). A lock never blocks a save: saves are
guarded by the article's version (articles/conflicts.py).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import Article, EditLock

HEARTBEAT_SECONDS = 15
LOCK_SECONDS = 120


def _expired(lock: EditLock, now) -> bool:
    return lock.heartbeat_at < now - timedelta(seconds=LOCK_SECONDS)


@dataclass(frozen=True)
class Heartbeat:
    """What the form's script is told: "held" (the lock is yours) or "taken" (by `by`)."""

    state: str
    by: object = None


def holder(article: Article, user) -> EditLock | None:
    """The lock someone else holds on the article now, if any."""
    lock = EditLock.objects.filter(article=article).select_related("user").first()
    if lock is None or lock.user_id == user.pk or _expired(lock, timezone.now()):
        return None
    return lock


def _take(article: Article, user, *, taken_from=None) -> EditLock:
    now = timezone.now()
    lock, _created = EditLock.objects.update_or_create(
        article=article,
        defaults={"user": user, "since": now, "heartbeat_at": now, "taken_from": taken_from},
    )
    return lock


@transaction.atomic
def open_form(article: Article, user) -> EditLock | None:
    """Take the lock for `user` if it is free (or already theirs); else the other's lock."""
    other = holder(article, user)
    if other is not None:
        return other
    lock = EditLock.objects.select_for_update().filter(article=article, user=user).first()
    if lock is not None:
        lock.heartbeat_at = timezone.now()
        lock.save(update_fields=["heartbeat_at"])
        return None
    _take(article, user)
    return None


@transaction.atomic
def heartbeat(article: Article, user) -> Heartbeat:
    """Keep `user`'s lock; tell them if someone else holds it (a take-over), or take it if
    it is free again."""
    now = timezone.now()
    lock = EditLock.objects.select_for_update().filter(article=article).first()
    if lock is not None and lock.user_id != user.pk and not _expired(lock, now):
        return Heartbeat("taken", by=lock.user)
    if lock is not None and lock.user_id == user.pk:
        lock.heartbeat_at = now
        lock.save(update_fields=["heartbeat_at"])
        return Heartbeat("held")
    _take(article, user)
    return Heartbeat("held")


@transaction.atomic
def take_over(article: Article, user) -> None:
    """`user` takes the lock from whoever holds it; that person is told on their next
    heartbeat."""
    lock = EditLock.objects.select_for_update().filter(article=article).first()
    previous = lock.user if lock is not None and lock.user_id != user.pk else None
    _take(article, user, taken_from=previous)


def release(article: Article, user) -> None:
    EditLock.objects.filter(article=article, user=user).delete()


# How long an expired lock's row stays: the person it was taken from still hears "taken over"
# on a heartbeat for that long (a laptop woken up the next morning).
EXPIRED_KEPT = timedelta(days=1)


def clear_expired(kept: timedelta = EXPIRED_KEPT) -> int:
    """Delete the locks whose last heartbeat is older than `kept` (they have been free since
    LOCK_SECONDS after it; this only tidies). Run by `manage.py clear_editing_state`."""
    cutoff = timezone.now() - max(kept, timedelta(seconds=LOCK_SECONDS))
    deleted, _ = EditLock.objects.filter(heartbeat_at__lt=cutoff).delete()
    return deleted

"""Background tasks of the comments app (Django's Tasks API, through the django-tasks backport),
and the one way to queue each of them.

Nothing here runs in a reader's request: the request enqueues, `manage.py db_worker` runs.
Tasks take ids, not objects, and look the rows up again: by the time a task runs, a
moderator may have changed the comment. comments.actions queues them on commit.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from django_tasks import default_task_backend, task

from comments import notifications, replymail, reports, spam
from comments.models import Comment


@task()
def send_moderator_digest() -> int:
    """E-mail moderators what waits for them, throttled (notifications.send_digest)."""
    # Without deferred tasks, recheck_comments sends what a throttled digest left.
    followup = _digest_at if default_task_backend.supports_defer else None
    return notifications.send_digest(followup=followup)


def _digest_at(at) -> None:
    """Queue the digest that ends the throttling window."""
    send_moderator_digest.using(run_after=at).enqueue()
    wait = max(0, int((at - timezone.now()).total_seconds()))
    cache.set(notifications.QUEUED_KEY, True, timeout=wait + notifications.QUEUED_SECONDS)


def enqueue_digest() -> None:
    """Queue a digest, unless one already waits: it starts after this comment committed
    (callers run this on commit), so it will announce it. Losing the flag only costs one
    more task."""
    if cache.add(notifications.QUEUED_KEY, True, timeout=notifications.QUEUED_SECONDS):
        send_moderator_digest.enqueue()


@task()
def report_to_akismet(comment_ids: list[int], actor_id: int | None = None) -> int:
    """Send the spam/ham reports that moderators' decisions owe Akismet."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    sent, _left = reports.send_owed(Comment.objects.filter(pk__in=comment_ids), by=actor)
    return sent


def enqueue_reports(comment_ids, *, by=None) -> None:
    """Have the worker send what these comments owe Akismet (call it on commit)."""
    ids = list(comment_ids)
    if ids and spam.is_enabled():
        report_to_akismet.enqueue(ids, getattr(by, "pk", None))


@task()
def send_address_confirmation(address_id: int) -> bool:
    """The confirmation e-mail of a reader's address (replymail.send_confirmation)."""
    return replymail.send_confirmation(address_id)


def enqueue_confirmation(address_id: int) -> None:
    """Have the worker confirm a reader's address (call it on commit)."""
    send_address_confirmation.enqueue(address_id)


@task()
def send_reply_notices(address_id: int) -> int:
    """The replies owed to a reader's address, in one e-mail (replymail.send_replies)."""
    return replymail.send_replies(address_id)


def enqueue_reply_notices(due: dict) -> None:
    """Queue one e-mail per address {address id: when}, at the end of its batching window
    (at once where the backend cannot defer). Call it on commit."""
    for address_id, at in due.items():
        if default_task_backend.supports_defer:
            send_reply_notices.using(run_after=at).enqueue(address_id)
        else:
            send_reply_notices.enqueue(address_id)

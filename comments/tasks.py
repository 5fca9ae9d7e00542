"""Background tasks of the comments app (Django's Tasks API, through the django-tasks backport).

Nothing here runs in a reader's request: the request enqueues, `manage.py db_worker` runs.
Tasks take ids, not objects, and look the rows up again: by the time a task runs, a
moderator may have changed the comment.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from comments import moderation, notifications
from comments.models import Comment


@task()
def send_moderator_digest() -> int:
    """E-mail moderators what waits for them, throttled (notifications.send_digest)."""
    return notifications.send_digest()


@task()
def report_to_akismet(comment_ids: list[int], actor_id: int | None = None) -> int:
    """Send the spam/ham reports that moderators' decisions owe Akismet."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    sent, _left = moderation.send_owed_reports(Comment.objects.filter(pk__in=comment_ids), by=actor)
    return sent

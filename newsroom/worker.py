"""Recovering the background tasks of a worker that died mid-task (docs/operations.md, "Worker").

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when the
worker finishes it; a worker killed in between (kill -9, out of memory, the machine lost) leaves
it RUNNING for ever, and no other worker takes it. Here:

- stuck_tasks() counts the tasks RUNNING for longer than TASKS_RUNNING_TIMEOUT (/healthz);
- requeue_stuck() puts them back in the queue (READY), logging each, so that a worker runs them
  again; a task already claimed MAX_ATTEMPTS times is marked FAILED instead, since it is likely
  what kills its worker. Each claim appends the worker's id to the task's `worker_ids`: that
  list is the record of its attempts.

`manage.py db_worker` (newsroom/management/commands/db_worker.py) runs requeue_stuck() when it
starts and then every sweep_seconds(). A re-queued task runs again from the start, so a task
must be safe to run twice: the tasks of this project write what they did in the same
transaction as the effect they record (comments/reports.py, notifications, renditions).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# A task whose worker died this many times is not queued again: it is marked FAILED.
MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """The error recorded on a task whose worker died during each of its attempts."""


def uses_database_queue(backend_name: str = "default") -> bool:
    return settings.TASKS[backend_name]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def _stuck(backend_name: str = "default"):
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=settings.TASKS_RUNNING_TIMEOUT)
    return DBTaskResult.objects.running().filter(backend_name=backend_name, started_at__lt=cutoff)


def stuck_tasks() -> int | None:
    """How many tasks have been RUNNING longer than TASKS_RUNNING_TIMEOUT (None: no queue)."""
    if not uses_database_queue():
        return None
    return _stuck().count()


def requeue_stuck(backend_name: str = "default") -> int:
    """Queue again the tasks RUNNING longer than TASKS_RUNNING_TIMEOUT (their worker died), or
    mark FAILED those that already had MAX_ATTEMPTS; returns how many were queued again."""
    from django_tasks_db.compat import TaskResultStatus

    requeued = 0
    with transaction.atomic():
        for result in _stuck(backend_name).select_for_update(skip_locked=True):
            attempts = len(result.worker_ids)
            if attempts >= MAX_ATTEMPTS:
                logger.error(
                    "Task %s (%s) was lost with its worker %d times; marked failed",
                    result.id,
                    result.task_path,
                    attempts,
                )
                result.set_failed(WorkerLost(f"the worker died during each of {attempts} attempts"))
                continue
            logger.warning(
                "Task %s (%s) has been running since %s, longer than TASKS_RUNNING_TIMEOUT "
                "(%ss): its worker is gone; queued again (attempt %d of %d)",
                result.id,
                result.task_path,
                result.started_at.isoformat(),
                settings.TASKS_RUNNING_TIMEOUT,
                attempts + 1,
                MAX_ATTEMPTS,
            )
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
            requeued += 1
    return requeued


def sweep_seconds() -> float:
    """How often a running worker looks for stuck tasks: a fraction of the timeout, at most a
    minute."""
    return max(1.0, min(60.0, settings.TASKS_RUNNING_TIMEOUT / 4))

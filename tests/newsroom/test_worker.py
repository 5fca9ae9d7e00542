"""Tasks a dead worker left RUNNING (newsroom/worker.py): counted by /healthz past
TASKS_RUNNING_TIMEOUT, queued again by `manage.py db_worker`, failed after MAX_ATTEMPTS.
The kill -9 of a real worker is tests/test_worker_recovery.py."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.tasks import send_moderator_digest
from newsroom import worker
from tests.conftest import run_worker

pytestmark = pytest.mark.django_db


def claimed(*, seconds_ago: float, attempts: int = 1) -> DBTaskResult:
    """A queued task a worker claimed `seconds_ago` and never finished (it died)."""
    send_moderator_digest.enqueue()
    result = DBTaskResult.objects.get()
    for n in range(attempts):
        result.claim(f"dead-worker-{n}")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    return result


def test_a_task_running_past_the_timeout_is_queued_again_with_a_log_line(
    task_queue, settings, caplog
):
    settings.TASKS_RUNNING_TIMEOUT = 60
    result = claimed(seconds_ago=61)

    with caplog.at_level(logging.WARNING, logger="newsroom.worker"):
        assert worker.requeue_stuck() == 1

    result.refresh_from_db()
    assert result.status == "READY"
    assert result.worker_ids == ["dead-worker-0"]  # the attempt stays on record
    (line,) = caplog.messages
    assert str(result.id) in line
    assert "comments.tasks.send_moderator_digest" in line
    assert "queued again (attempt 2 of 3)" in line
    assert worker.requeue_stuck() == 0  # once


def test_a_task_running_within_the_timeout_is_left_alone(task_queue, settings, client):
    settings.TASKS_RUNNING_TIMEOUT = 60
    result = claimed(seconds_ago=50)

    assert worker.requeue_stuck() == 0
    result.refresh_from_db()
    assert result.status == "RUNNING"
    body = client.get("/healthz").json()
    assert (body["status"], body["stuck_tasks"]) == ("ok", 0)


def test_healthz_counts_stuck_tasks_and_still_answers_200(task_queue, settings, client):
    settings.TASKS_RUNNING_TIMEOUT = 60
    claimed(seconds_ago=61)

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["stuck_tasks"] == 1
    assert body["late_tasks"] == 0


@pytest.mark.django_db(transaction=True)  # the worker runs outside any test transaction
def test_the_worker_queues_stuck_tasks_again_when_it_starts_and_runs_them(task_queue, settings):
    settings.TASKS_RUNNING_TIMEOUT = 60
    result = claimed(seconds_ago=61)

    run_worker()  # manage.py db_worker --batch

    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert len(result.worker_ids) == 2


def test_a_task_lost_with_its_worker_max_attempts_times_is_failed_not_queued(
    task_queue, settings, caplog
):
    settings.TASKS_RUNNING_TIMEOUT = 60
    result = claimed(seconds_ago=61, attempts=worker.MAX_ATTEMPTS)

    with caplog.at_level(logging.ERROR, logger="newsroom.worker"):
        assert worker.requeue_stuck() == 0

    result.refresh_from_db()
    assert result.status == "FAILED"
    assert result.exception_class_path == "newsroom.worker.WorkerLost"
    assert "lost with its worker 3 times" in caplog.text
    assert worker.stuck_tasks() == 0


def test_without_the_database_queue_there_is_nothing_to_count(client):
    assert worker.stuck_tasks() is None
    assert "stuck_tasks" not in client.get("/healthz").json()


def test_the_sweep_runs_a_few_times_per_timeout_and_at_most_a_minute_apart(settings):
    settings.TASKS_RUNNING_TIMEOUT = 600
    assert worker.sweep_seconds() == 60
    settings.TASKS_RUNNING_TIMEOUT = 20
    assert worker.sweep_seconds() == 5

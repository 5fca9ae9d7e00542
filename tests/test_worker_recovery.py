"""A worker killed mid-task loses nothing (docs/operations.md, "The worker").

The real `manage.py db_worker` runs in a subprocess against the test database (PostgreSQL: the
test's committed rows are the worker's), with the fake Akismet on 127.0.0.1 made to hang while
the worker sends a moderator's spam report; the worker is killed with SIGKILL in the middle.
Then: the report is still owed (no history line claims it was sent), /healthz counts the task
stuck past TASKS_RUNNING_TIMEOUT, and a restarted worker queues it again and sends the report.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from comments import actions
from comments.models import Comment, CommentEvent
from tests.akismet_fake import VALID_KEY
from tests.factories import make_article, make_comment, make_user
from tests.test_scale_out import database_url

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 3  # TASKS_RUNNING_TIMEOUT for this test, in the worker and in /healthz
REPORTS = (CommentEvent.Event.REPORT_SPAM, CommentEvent.Event.REPORT_ERROR)

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sees only committed rows


@pytest.fixture
def start_worker(akismet):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker is another process")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AKISMET_", "TASKS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=database_url(),
        SECRET_KEY="worker-recovery-test-" + "s3cr3t-" * 6,
        DEBUG="off",
        AKISMET_API_KEY=VALID_KEY,
        AKISMET_API_URL=akismet.url,
        AKISMET_BLOG_URL="https://news.example.com",
        AKISMET_TIMEOUT="60",  # the worker waits on the hanging fake until it is killed
        TASKS_RUNNING_TIMEOUT=str(TIMEOUT),
        LOG_LEVEL="INFO",
    )
    started = []

    def start(worker_id="worker"):
        command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1"]
        process = subprocess.Popen(
            [*command, "--no-startup-delay", "--no-reload", "--worker-id", worker_id],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def wait_for(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def reports_of(comment):
    return list(comment.events.filter(event__in=REPORTS).values_list("event", flat=True))


def test_a_worker_killed_mid_report_loses_nothing(
    akismet, task_queue, settings, client, start_worker
):
    settings.TASKS_RUNNING_TIMEOUT = TIMEOUT
    moderator = make_user(permissions=["comments.moderate_comment"])
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    actions.perform(comment, "spam", by=moderator)  # commits, then queues the report
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "comments.tasks.report_to_akismet"

    akismet.mode = "hang"
    worker = start_worker()
    wait_for(lambda: akismet.calls("submit-spam"), "the worker to send the report")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)

    task.refresh_from_db()
    assert task.status == "RUNNING"  # nobody will ever finish it
    comment.refresh_from_db()
    assert comment.akismet_report == Comment.Report.SPAM  # still owed: Akismet never answered
    assert reports_of(comment) == []

    # Past the timeout, /healthz says so, and still answers 200.
    time.sleep(max(0.0, TIMEOUT + 0.2 - (time.time() - task.started_at.timestamp())))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["stuck_tasks"] == 1
    assert response.json()["late_tasks"] == 0  # it is not waiting: it is stuck

    akismet.reset()  # answers again, at once
    worker = start_worker()
    wait_for(
        lambda: DBTaskResult.objects.get(pk=task.pk).status in ("SUCCESSFUL", "FAILED"),
        "the restarted worker to run the task again",
    )
    worker.terminate()
    output, _ = worker.communicate(timeout=10)

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    assert len(task.worker_ids) == 2  # two attempts: the killed worker's, then this one's
    assert f"Task {task.id} (comments.tasks.report_to_akismet)" in output
    assert "queued again (attempt 2 of 3)" in output
    assert len(akismet.calls("submit-spam")) == 1
    comment.refresh_from_db()
    assert comment.akismet_report == ""
    assert reports_of(comment) == [CommentEvent.Event.REPORT_SPAM]
    body = client.get("/healthz").json()
    assert (body["status"], body["stuck_tasks"]) == ("ok", 0)


def test_a_living_worker_recovers_the_task_of_one_that_died(
    akismet, task_queue, settings, start_worker
):
    """Two workers: the one that took the report is killed; the other, still running, finds
    the task in its periodic sweep (no restart needed) and sends the report."""
    settings.TASKS_RUNNING_TIMEOUT = TIMEOUT
    akismet.mode = "hang"
    workers = {name: start_worker(name) for name in ("worker-a", "worker-b")}
    moderator = make_user(permissions=["comments.moderate_comment"])
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    actions.perform(comment, "spam", by=moderator)
    (task,) = DBTaskResult.objects.all()

    wait_for(lambda: akismet.calls("submit-spam"), "a worker to send the report")
    task.refresh_from_db()
    (taken_by,) = task.worker_ids
    workers[taken_by].send_signal(signal.SIGKILL)
    workers[taken_by].wait(timeout=10)
    (survivor,) = (process for name, process in workers.items() if name != taken_by)
    akismet.reset()

    wait_for(
        lambda: DBTaskResult.objects.get(pk=task.pk).status in ("SUCCESSFUL", "FAILED"),
        "the surviving worker to run the task again",
    )
    assert survivor.poll() is None  # it did so while running, not by starting again
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    assert task.worker_ids == [taken_by, next(name for name in workers if name != taken_by)]
    comment.refresh_from_db()
    assert comment.akismet_report == ""
    assert reports_of(comment) == [CommentEvent.Event.REPORT_SPAM]
    assert len(akismet.calls("submit-spam")) == 1

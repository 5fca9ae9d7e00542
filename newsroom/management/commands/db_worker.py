"""`manage.py db_worker`: django-tasks-db's worker, which also queues again the tasks a dead
worker left RUNNING (newsroom/worker.py), when it starts and then periodically.

This command replaces the package's one of the same name because the newsroom app comes before
django_tasks_db in INSTALLED_APPS; its options are the package's.
"""

import logging
import threading

from django.db import DatabaseError, connection
from django_tasks_db.management.commands import db_worker

from newsroom import worker

logger = logging.getLogger("newsroom.worker")


class Worker(db_worker.Worker):
    def run(self) -> None:
        _sweep(self.backend_name)
        if not self.batch:
            threading.Thread(
                target=self._sweep_forever, name="requeue-stuck-tasks", daemon=True
            ).start()
        super().run()

    def _sweep_forever(self) -> None:
        stop = threading.Event()
        while not stop.wait(worker.sweep_seconds()):
            _sweep(self.backend_name)
            connection.close()  # this thread's own connection: not kept between sweeps


def _sweep(backend_name: str) -> None:
    try:
        worker.requeue_stuck(backend_name)
    except DatabaseError:
        logger.exception("Could not look for stuck tasks; will try again")


class Command(db_worker.Command):
    help = db_worker.Command.help + ", queuing again the tasks a dead worker left running"

    def handle(self, *args, **options):
        db_worker.Worker = Worker  # the package's handle() builds its Worker by that name
        super().handle(*args, **options)

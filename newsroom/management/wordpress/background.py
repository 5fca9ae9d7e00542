"""Work done by the machine's other core while the import reads on: a function run in a forked
copy of this process (so nothing is sent to it), its result handed back pickled."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile

from django.db import connections


def _no_database(execute, sql, params, many, context):
    raise RuntimeError(
        "a background process (newsroom.management.wordpress.background.InChild) used the "
        "database: it shares the parent's connection, so it must not; do the database work "
        "in the parent"
    )


def _refuse_the_database(stack: contextlib.ExitStack) -> None:
    """In the child: any statement on any connection raises instead of writing to the socket
    the parent's connection owns (the parent's transaction and protocol state stay whole)."""
    for alias in connections:
        stack.enter_context(connections[alias].execute_wrapper(_no_database))


class InChild:
    """`function(*args)` in a child process started now; `result()` waits for it and returns
    what it returned, or raises what it raised. Where fork is missing, it runs here."""

    def __init__(self, function, *args):
        self.value, self.pid, self.out = None, None, None
        if not hasattr(os, "fork"):
            self.value = function(*args)
            return
        # A file, not a pipe: the child never waits for the parent to read; closed in result().
        self.out = tempfile.TemporaryFile()  # noqa: SIM115
        pid = os.fork()
        if pid == 0:  # the child: no database (refused), no output, no cleanup
            code = 0
            try:
                try:
                    with contextlib.ExitStack() as stack:
                        _refuse_the_database(stack)
                        payload = (True, function(*args))
                except BaseException as exc:  # handed to the parent, which raises it
                    payload = (False, exc)
                try:
                    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as exc:
                    data = pickle.dumps((False, RuntimeError(repr(exc))))
                self.out.write(data)
                self.out.flush()
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        self.pid = pid

    def result(self):
        if self.pid is None:
            return self.value
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        self.out.seek(0)
        data = self.out.read()
        self.out.close()
        if not data:
            raise RuntimeError(f"the background process ended without a result ({status})")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value

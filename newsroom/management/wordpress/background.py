"""Work done by the machine's other core while the import reads on: a function run in a forked
copy of this process (so nothing is sent to it), its result handed back pickled."""

from __future__ import annotations

import os
import pickle
import tempfile


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
        if pid == 0:  # the child: no database, no output, no cleanup of the parent's state
            code = 0
            try:
                try:
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

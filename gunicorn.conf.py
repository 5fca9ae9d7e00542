"""gunicorn's configuration for Newsroom (docs/serving.md; its variables: docs/configuration.md).

gunicorn reads this file by itself when started from the project root (`gunicorn
newsroom.wsgi`); docker compose, the Dockerfile and `SERVER=gunicorn bin/serve` rely on that.
Command-line options still win over it (`--bind 0.0.0.0:8000`).

The values that Django also needs (AKISMET_TIMEOUT, TRUSTED_PROXIES) are read from the
project's settings module, so each has one parser and one default.
"""

import ctypes
import importlib
import itertools
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
project = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])


def _cpu_count() -> int:
    """CPUs this process may run on (a container's cpuset, not the whole host)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# One process per CPU: Python runs one thread at a time per process, so more processes than
# CPUs only add memory. Threads inside each process overlap the waits: a comment POST spends
# most of its time waiting for Akismet, a page for PostgreSQL and Redis.
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, _cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 8)

# A request may wait AKISMET_TIMEOUT for Akismet on top of its own work. The worker timeout
# (a process that stops answering its master is killed and replaced) and the graceful
# timeout (how long a restart lets requests in flight finish) both stay well above it, so a
# slow Akismet never costs a worker or a comment's redirect.
_akismet = float(project.AKISMET_TIMEOUT)
timeout = max(30, math.ceil(_akismet) * 2 + 20)
graceful_timeout = max(15, math.ceil(_akismet) + 10)

# Keep a proxy's connections open between requests (nginx's upstream keepalive).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE") or 5)

# Replace each worker after about twenty thousand requests (jittered so they do not all
# restart together): whatever memory a long run accumulates is given back. Not much sooner: a
# page served from the cache takes about a millisecond, so a thousand requests would replace
# a worker every few seconds under a breaking story, each new one starting with cold
# per-process caches (bench/RESULTS.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 20000)
max_requests_jitter = max_requests // 10

# Load the application once in the master: workers share its memory pages (copy on write)
# and a replaced worker starts at once. Nothing opens a connection at import time; the
# master closes any database connection before it forks a worker (pre_fork below).
# A code change then needs a full restart, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "on").lower() not in {"0", "off", "false", "no"}

# X-Forwarded-Proto is believed only from the proxies Django trusts for X-Forwarded-For.
forwarded_allow_ips = ",".join(project.TRUSTED_PROXIES)

# Access log on stdout, with the reader's address as the proxy saw it and the time taken.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(M)sms'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn's control socket (for gunicornc) defaults to one path per user, which two
# instances on one machine would share; off unless GUNICORN_CONTROL_SOCKET names a path.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


# glibc keeps freed memory in its heaps for reuse: large strings (hostile 65 KB comments and
# their rendered HTML, many at once in eight threads) left each worker's heap fragmented and
# growing (bench/RESULTS.md, "worker memory"). Each worker keeps at most two heaps, and every
# TRIM_EVERY requests hands the free pages inside them back to the system (malloc_trim), a
# walk of the heap that costs far less than a page. (Lowering malloc's mmap threshold instead
# made every large allocation, such as a cached page read from Redis, ten times slower.)
M_ARENA_MAX = -8  # glibc's malloc.h
TRIM_EVERY = 500
try:
    _libc = ctypes.CDLL("libc.so.6")
    _libc.mallopt(M_ARENA_MAX, 2)  # in the master: every forked worker inherits it
except (OSError, AttributeError):  # not glibc
    _libc = None
_served = itertools.count(1)


# Request line and header limits: gunicorn's defaults; bodies are limited by Django
# (DATA_UPLOAD_MAX_MEMORY_SIZE, IMAGE_MAX_BYTES) and by the proxy.


def pre_fork(server, worker):
    """Before each fork the master closes any database connection the preloaded application
    opened, so that no two workers ever share one socket."""
    from django.db import connections

    connections.close_all()


def post_request(worker, req, environ, resp):
    """Every TRIM_EVERY requests of this worker, give its heaps' free pages back."""
    if _libc is not None and next(_served) % TRIM_EVERY == 0:
        _libc.malloc_trim(0)

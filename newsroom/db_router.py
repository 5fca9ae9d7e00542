"""An optional read replica (DATABASE_REPLICA_URL): reader pages read from it, all else from
the primary (docs/serving.md, "Read replica").

The decision is made once per request by ReplicaReadsMiddleware and kept in a context
variable, which is private to the thread (or task) serving the request, so gunicorn's threads
never see each other's choice. Outside a request (commands, the worker, the shell) the flag is
at its default, and everything uses the primary.

Reads go to the replica only for GET and HEAD requests of readers who are not signed in and
have not just sent something: every unsafe request (a comment, a language switch) sets a
short-lived cookie that keeps that browser's next pages on the primary for
DATABASE_REPLICA_PIN_SECONDS, so a commenter sees their own comment even while the replica
lags behind. Writes, and every read of a request that writes, always go to the primary.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

PRIMARY = "default"
PIN_COOKIE = "newsroom_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})

_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "newsroom_replica_reads", default=False
)


def replica_alias() -> str | None:
    """The replica's alias in DATABASES, or None when there is none."""
    return getattr(settings, "DATABASE_REPLICA", None)


def reading_replica() -> bool:
    """True while the current request's reads go to a configured replica."""
    return bool(replica_alias()) and _replica_reads.get()


@contextlib.contextmanager
def replica_reads(allowed: bool):
    """Within the block, reads may go to the replica (when one is configured)."""
    token = _replica_reads.set(allowed)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def may_read_replica(request) -> bool:
    """A reader's page: a safe method, not signed in, not pinned by a recent POST."""
    if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PrimaryReplicaRouter:
    """Reads to the replica when the current request allows it; everything else, and every
    migration, to the primary."""

    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias and _replica_reads.get() and not connections[PRIMARY].in_atomic_block:
            return alias
        return PRIMARY  # inside a transaction on the primary, reads see its own writes

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Decide where this request reads from; after an unsafe request, pin the browser to the
    primary for a few seconds. Placed after AuthenticationMiddleware (it asks who is signed
    in); does nothing without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_alias():
            return self.get_response(request)
        with replica_reads(may_read_replica(request)):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

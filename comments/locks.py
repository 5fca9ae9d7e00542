"""Named locks held until the end of the current transaction.

On PostgreSQL, transaction-level advisory locks: two requests that take the same name run one
after the other, even in different processes or machines. SQLite needs none: its transactions
start with BEGIN IMMEDIATE (see DATABASES in settings), so writers already run one at a time.
"""

from django.db import connection


def hold(*names: str) -> None:
    """Take the named locks (sorted, so two callers never wait on each other in a cycle)."""
    if connection.vendor != "postgresql":
        return
    assert connection.in_atomic_block, "a transaction-level lock needs a transaction"
    # One round trip: unnest() yields the sorted names in order, each lock taken in turn.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(name, 0))) "
            "FROM unnest(%s::text[]) AS lock(name)",
            [sorted(set(names))],
        )

"""The page cache with a read replica: what is time-dependent is read from the primary
(newsroom/pagecache/rules.py, docs/caching.md "Time")."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from articles import popularity
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def is_next_breaking_end(sql: str) -> bool:
    """Article.objects.next_timed_change's second query (the breaking bar's own is a list)."""
    return '"breaking_until" >' in sql and sql.endswith("ORDER BY 1 ASC LIMIT 1")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.DATABASE_REPLICA = "replica"
    popularity._local["next_ask"] = 0.0


def test_the_next_timed_change_is_read_from_the_primary(client):
    """Kept for a whole generation, it must not come from a replica that has not yet seen an
    article scheduled a moment ago."""
    make_article()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get("/")
    assert response.status_code == 200
    assert replica.captured_queries  # the page itself is read from the replica
    assert [q for q in primary.captured_queries if is_next_breaking_end(q["sql"])]
    assert not [q for q in replica.captured_queries if is_next_breaking_end(q["sql"])]

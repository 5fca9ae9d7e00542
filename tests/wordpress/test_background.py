"""The importer's background process (a fork) never uses the parent's database connection."""

import pytest
from django.db import connection

from articles.models import Article
from newsroom.management.wordpress.background import InChild

pytestmark = pytest.mark.django_db(transaction=True)


def count_articles():
    return Article.objects.count()


def double(n):
    return 2 * n


def test_a_query_in_the_child_raises_in_the_parent_whose_connection_still_works():
    assert count_articles() == 0  # the parent's connection is open before the fork
    with pytest.raises(RuntimeError, match="used the database"):
        InChild(count_articles).result()
    assert count_articles() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert InChild(double, 21).result() == 42  # work without the database still comes back

"""Section, author and search lists stop after MAX_PAGES pages: a deeper page is a 404 that
says where older news is, and the count behind "page N of M" reads at most the capped list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.paging import MAX_PAGES
from articles.views import CATEGORY_PAGE_SIZE
from tests.factories import make_category, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_section():
    """One article more than the capped list holds."""
    category = make_category()
    author = make_user()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"خبر {n}",
            slug=f"khabar-{n}",
            body="<p>نص</p>",
            category=category,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n),
        )
        for n in range(MAX_PAGES * CATEGORY_PAGE_SIZE + 1)
    )
    return category


def test_the_last_numbered_page_answers_and_points_to_search(client, big_section):
    response = client.get(big_section.get_absolute_url(), {"page": MAX_PAGES})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.num_pages == MAX_PAGES
    body = response.content.decode()
    assert "ابحث في الأرشيف بالتاريخ" in body


def test_a_page_past_the_cap_is_an_arabic_404(client, big_section):
    response = client.get(big_section.get_absolute_url(), {"page": MAX_PAGES + 1})

    assert response.status_code == 404
    body = response.content.decode()
    assert "الأخبار الأقدم تجدها بالبحث" in body
    assert f"أحدث {MAX_PAGES} صفحة" in body


def test_the_count_reads_at_most_the_capped_list(client, big_section):
    with CaptureQueriesContext(connection) as captured:
        client.get(big_section.get_absolute_url())

    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all(f"LIMIT {MAX_PAGES * CATEGORY_PAGE_SIZE + 1}" in sql for sql in counts)

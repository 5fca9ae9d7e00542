from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_includes_only_published_articles_whose_time_has_come():
    now = timezone.now()
    live = make_article(published_at=now - timedelta(minutes=1))
    make_article(status=Article.Status.DRAFT, published_at=now - timedelta(days=1))
    make_article(status=Article.Status.REVIEW, published_at=now - timedelta(days=1))
    make_article(published_at=now + timedelta(minutes=5))  # scheduled
    make_article(published_at=None)

    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_by_itself_when_its_minute_comes():
    article = make_article(published_at=timezone.now() + timedelta(seconds=1))
    assert not article.is_published
    assert article.is_scheduled
    assert not Article.objects.published().exists()

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    article.refresh_from_db()

    assert article.is_published
    assert list(Article.objects.published()) == [article]


def test_is_published_agrees_with_the_queryset_for_every_state():
    now = timezone.now()
    cases = [
        make_article(status=status, published_at=when)
        for status in Article.Status.values
        for when in (now - timedelta(hours=1), now + timedelta(hours=1), None)
    ]
    published = set(Article.objects.published())
    for article in cases:
        assert article.is_published == (article in published)


def test_body_html_strips_scripts_and_event_handlers():
    article = make_article(
        body='<p onclick="x()">نص <script>alert(1)</script>'
        '<a href="javascript:alert(1)">رابط</a></p>'
    )
    html = article.body_html
    assert "<script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "نص" in html


def test_publish_sets_status_and_time():
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    workflow.publish(article)
    article.refresh_from_db()
    assert article.is_published

"""articles/events.py: the app's model changes reach the project layer as the domain signals of
newsroom/signals.py, and only so (the page cache imports no app: tests/test_layering.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.models import Correction, Tag
from newsroom.signals import articles_changed, navigation_changed
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """What the domain signals carried during the test: ("articles", ids) or ("navigation",)."""
    received = []

    def on_articles(sender, article_ids, **kwargs):
        received.append(("articles", set(article_ids)))

    def on_navigation(sender, **kwargs):
        received.append(("navigation",))

    articles_changed.connect(on_articles, dispatch_uid="test-events-articles")
    navigation_changed.connect(on_navigation, dispatch_uid="test-events-navigation")
    yield received
    articles_changed.disconnect(dispatch_uid="test-events-articles")
    navigation_changed.disconnect(dispatch_uid="test-events-navigation")


def test_saving_and_deleting_an_article_names_it(heard):
    article = make_article()
    heard.clear()
    article.title = "عنوان آخر"
    article.save()
    assert heard == [("articles", {article.pk})]
    pk = article.pk
    heard.clear()
    article.delete()
    assert ("articles", {pk}) in heard


def test_tags_and_corrections_name_their_articles(heard):
    article, other = make_article(), make_article()
    tag = Tag.objects.create(name="اقتصاد", slug="economy")
    heard.clear()
    article.tags.add(tag)
    tag.articles.add(other)
    tag.articles.clear()
    assert heard == [("articles", {article.pk}), ("articles", {other.pk}), ("navigation",)]
    heard.clear()
    article.see_also.add(other)
    Correction.objects.create(article=other, text="تصحيح")
    assert heard == [("articles", {article.pk}), ("articles", {other.pk})]


def test_sections_tags_and_authors_are_the_navigation(heard):
    article = make_article()
    heard.clear()
    article.category.name = "قسم جديد"
    article.category.save()
    Tag.objects.create(name="رياضة", slug="sport")
    make_user()
    assert heard == [("navigation",)] * 3


def test_a_sign_in_tells_nobody(heard):
    user = make_user(password="pw")
    heard.clear()
    signed_in = Client().post("/admin/login/", {"username": user.username, "password": "pw"})
    assert signed_in.status_code == 302
    assert get_user_model().objects.get(pk=user.pk).last_login is not None
    assert heard == []

"""Unpublishing says what it does: no "send back" on a published story; an editor unpublishes it
after a page that says readers get a 410 with the reason; it leaves feeds, sitemaps and search
at once; republishing keeps its date unless the editor republishes it as new."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.articles.test_sitemaps import SITE, sitemap_urls
from tests.factories import make_article
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(staff):
    return staff["editor"]


@pytest.fixture
def story():
    return make_article(
        title="خبر عن السدود", body="<p>نص عن السدود والمياه.</p>",
        published_at=timezone.now() - timedelta(days=7),
    )  # fmt: skip


def test_send_back_is_not_offered_on_a_published_article(client, editor, story):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "send-back-link" not in page
    assert reverse("admin:articles_article_unpublish", args=[story.pk]) in page
    response = client.post(
        reverse("admin:articles_article_send_back", args=[story.pk]), {"note": "لا"}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_published


def test_the_confirmation_says_what_readers_get(client, editor, story):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_unpublish", args=[story.pk]))
    assert page.status_code == 200
    text = parse(page.content).find("ul", class_="unpublish-consequences").text
    assert "410" in text
    assert "الخلاصات" in text
    assert "البحث" in text


def test_unpublishing_gives_readers_a_410_page_with_the_reason(client, editor, story):
    client.force_login(editor)
    url = reverse("admin:articles_article_unpublish", args=[story.pk])
    assert client.post(url, {"reason": " "}).status_code == 400
    response = client.post(url, {"reason": "نشر الخبر قبل التحقق من مصادره."})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.WITHDRAWN
    client.logout()

    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    page = parse(response.content)
    assert page.find("html").attrs["lang"] == "ar"
    assert "نشر الخبر قبل التحقق من مصادره." in page.find(class_="error-page__reason").text


def test_an_unpublished_article_leaves_feeds_sitemaps_and_search_at_once(
    client, editor, story, settings
):
    settings.SITE_URL = SITE
    assert story.get_absolute_url() in client.get(reverse("articles:feed")).content.decode()
    client.get(reverse("articles:search"), {"q": "السدود"})  # a cached page…
    workflow.withdraw(story, by=editor, reason="خطأ")

    assert story.get_absolute_url() not in client.get(reverse("articles:feed")).content.decode()
    assert not any(story.get_absolute_url() in loc for loc in sitemap_urls(client))
    found = client.get(reverse("articles:search"), {"q": "السدود"}).context["page_obj"]
    assert not found or list(found) == []
    assert client.get(reverse("articles:home")).content.decode().count(story.title) == 0


def test_only_editors_unpublish(client, staff, story):
    client.force_login(staff["journalist"])
    url = reverse("admin:articles_article_unpublish", args=[story.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    story.refresh_from_db()
    assert story.is_published


def test_republishing_keeps_the_original_date_unless_as_new(client, editor, story):
    first_date = story.published_at
    workflow.withdraw(story, by=editor, reason="مراجعة")
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    client.post(changelist, {"action": "publish_now", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.is_published
    assert story.published_at == first_date
    assert story.withdrawn_reason == ""

    workflow.return_to_draft(Article.objects.filter(pk=story.pk))
    client.post(changelist, {"action": "republish_as_new", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.is_published
    assert story.published_at > first_date


def test_an_updated_story_shows_its_updated_time(client, story):
    story.note_content_change(["body"])
    story.save()
    page = parse(client.get(story.get_absolute_url()).content)
    assert page.find(class_="story__updated") is not None

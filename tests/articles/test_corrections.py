"""Corrections under published articles, and the "updated" time readers are shown."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction, Tag
from tests.articles.test_breaking import EDITOR, article_form
from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

CORRECTIONS = [
    *EDITOR,
    "articles.add_correction",
    "articles.change_correction",
    "articles.view_correction",
]


def with_correction(article, text, when):
    local = timezone.localtime(when)
    return article_form(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-text": text,
            "corrections-0-created_at_0": local.strftime("%Y-%m-%d"),
            "corrections-0-created_at_1": local.strftime("%H:%M:%S"),
            "corrections-0-article": str(article.pk),
        },
    )


def test_an_editor_adds_a_dated_correction_shown_at_the_end_of_the_article(client):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    editor = make_user(permissions=CORRECTIONS)
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[article.pk])
    now = timezone.now().replace(microsecond=0)

    response = client.post(change, with_correction(article, "الصحيح 310 ملايين دينار.", now))

    assert response.status_code == 302, response.context["errors"]
    correction = Correction.objects.get()
    assert (correction.article, correction.created_by) == (article, editor)
    story = parse(client.get(article.get_absolute_url()).content).find("article", class_="story")
    section = story.find("section", class_="corrections")
    assert section.find("h2").text == "تصحيحات"
    item = section.find("li")
    assert "الصحيح 310 ملايين دينار." in item.text
    assert item.find("time").attrs["datetime"] == timezone.localtime(now).isoformat()
    # After the body, as the last part of the article.
    parts = [child.attrs.get("class", "") for child in story.children]
    assert parts.index("corrections") > parts.index("story__body")
    assert story.find("span", class_="story__updated") is not None


def test_corrections_are_offered_only_on_published_articles_and_only_to_editors(client):
    published = make_article()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user(permissions=CORRECTIONS))
    inlines = client.get(reverse("admin:articles_article_change", args=[published.pk]))
    assert [f.formset.prefix for f in inlines.context["inline_admin_formsets"]] == ["corrections"]
    draft_page = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert draft_page.context["inline_admin_formsets"] == []

    client.force_login(make_user(permissions=[*EDITOR[:3], "articles.add_correction"]))
    response = client.post(
        reverse("admin:articles_article_change", args=[published.pk]),
        with_correction(published, "تصحيح", timezone.now()),
    )
    assert response.status_code == 403  # published articles are the editors'
    assert not Correction.objects.exists()


def test_a_meaningful_change_after_publication_shows_the_updated_time(client):
    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False) as traveller:
        article = make_article(published_at=timezone.now() - timedelta(hours=3))
        client.force_login(make_user(permissions=EDITOR))
        change = reverse("admin:articles_article_change", args=[article.pk])

        client.post(change, article_form(article, body="<p>نص بعد التعديل.</p>"))

        article.refresh_from_db()
        assert article.content_updated_at == timezone.now()
        meta = parse(client.get(article.get_absolute_url()).content).find("p", class_="story__meta")
        updated = meta.find("span", class_="story__updated")
        assert updated.find("time").attrs["datetime"] == timezone.localtime().isoformat()
        assert "آخر تحديث" in updated.text

        traveller.shift(timedelta(hours=1))  # tags and the comments switch are not news
        tag = Tag.objects.create(name="طقس", slug="طقس")
        client.post(
            change, article_form(article, body=article.body, tags=[tag.pk], comments_open="")
        )
        article.refresh_from_db()
        assert article.tags.count() == 1
        assert article.content_updated_at == timezone.now() - timedelta(hours=1)


def test_no_updated_time_for_edits_before_publication_or_when_publishing(client):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    client.force_login(make_user(permissions=EDITOR))
    change = reverse("admin:articles_article_change", args=[article.pk])

    client.post(change, article_form(article, title="عنوان مراجع"))
    client.post(change, article_form(article, title="عنوان نهائي", status="published"))

    article.refresh_from_db()
    assert article.is_published
    assert article.content_updated_at is None
    assert article.updated_after_publication is None
    meta = parse(client.get(article.get_absolute_url()).content).find("p", class_="story__meta")
    assert meta.find("span", class_="story__updated") is None

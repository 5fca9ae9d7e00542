"""Desk comfort: save buttons on top, the saved lead image as a thumbnail with its description,
"mine" and by-author filters, the scheduled articles by day, the preview in a new tab."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from tests.articles.test_images import image_bytes
from tests.factories import make_article
from tests.html import parse

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def test_save_buttons_on_top_and_preview_in_a_new_tab(client, staff):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(staff["editor"])
    page = parse(client.get(reverse("admin:articles_article_change", args=[article.pk])).content)
    assert len(page.find_all("div", class_="submit-row")) == 2
    preview = page.find("a", class_="viewsitelink")
    assert preview.attrs["target"] == "_blank"
    assert "noopener" in preview.attrs["rel"]


def test_the_saved_lead_image_is_a_thumbnail_with_its_description(client, staff):
    article = make_article(image_alt="جسر فوق النهر")
    article.image.save("bridge.jpg", SimpleUploadedFile("bridge.jpg", image_bytes(800, 600)))
    client.force_login(staff["editor"])
    page = parse(client.get(reverse("admin:articles_article_change", args=[article.pk])).content)
    thumbnail = page.find("figure", class_="image-preview").find("img")
    assert thumbnail.attrs["src"] == article.image.url
    assert thumbnail.attrs["alt"] == "جسر فوق النهر"


def test_mine_and_by_author_filters(client, staff):
    journalist, editor = staff["journalist"], staff["editor"]
    own = make_article(title="مقالي الأول", author=journalist)
    shared = make_article(title="مقال مشترك", author=editor)
    ArticleAuthor.objects.create(article=shared, user=journalist, position=1)
    make_article(title="مقال المحرر وحده", author=editor)
    client.force_login(journalist)
    mine = client.get(reverse(CHANGELIST), {"mine": "1"})
    assert {a.pk for a in mine.context["cl"].result_list} == {own.pk, shared.pk}

    client.force_login(editor)
    by = client.get(reverse(CHANGELIST), {"by": str(journalist.pk)})
    assert {a.pk for a in by.context["cl"].result_list} == {own.pk, shared.pk}


def test_scheduled_articles_by_local_day(client, staff):
    now = timezone.now()
    later = make_article(title="غداً صباحاً", published_at=now + timedelta(days=1))
    soon = make_article(title="بعد ساعة", published_at=now + timedelta(hours=1))
    make_article(title="منشور من قبل")
    client.force_login(staff["editor"])
    response = client.get(reverse("admin:articles_article_scheduled"))
    assert response.status_code == 200
    days = response.context["days"]
    assert [a.pk for _day, articles in days for a in articles] == [soon.pk, later.pk]
    expected = sorted({timezone.localdate(a.published_at) for a in (soon, later)})
    assert [day for day, _articles in days] == expected
    page = response.content.decode()
    assert "المجدولة" in page
    assert "منشور من قبل" not in page

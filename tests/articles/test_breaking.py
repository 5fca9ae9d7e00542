"""Breaking news (عاجل): marked by editors for some hours, shown on every page until then."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

EDITOR = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.publish_article",
]
JOURNALIST = ["articles.add_article", "articles.change_article", "articles.view_article"]


def breaking_titles(client, url="/"):
    bar = parse(client.get(url).content).find("aside", class_="breaking")
    return [] if bar is None else [a.text for a in bar.find_all("a")]


def mark(article, hours):
    article.mark_breaking(hours)
    article.save(update_fields=["breaking_until"])


def test_breaking_lasts_the_chosen_hours_then_goes_by_itself(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        article = make_article(title="انقطاع الكهرباء عن مناطق عدة")
        mark(article, 2)
        assert list(Article.objects.breaking()) == [article]
        assert breaking_titles(client) == ["انقطاع الكهرباء عن مناطق عدة"]

        traveller.shift(timedelta(hours=1, minutes=59))
        assert breaking_titles(client) == ["انقطاع الكهرباء عن مناطق عدة"]

        traveller.shift(timedelta(minutes=1))
        assert not Article.objects.breaking().exists()
        assert breaking_titles(client) == []
        assert article not in Article.objects.breaking()


def test_only_published_articles_are_breaking():
    now = timezone.now()
    for status, when in [
        (Article.Status.DRAFT, now - timedelta(hours=1)),
        (Article.Status.REVIEW, now - timedelta(hours=1)),
        (Article.Status.PUBLISHED, now + timedelta(hours=1)),  # scheduled
    ]:
        mark(make_article(status=status, published_at=when), 3)
    assert not Article.objects.breaking().exists()


def test_a_scheduled_article_is_breaking_for_its_hours_after_it_appears():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        article = make_article(published_at=timezone.now() + timedelta(hours=1))
        mark(article, 2)
        assert not Article.objects.breaking().exists()
        traveller.shift(timedelta(hours=2, minutes=59))
        assert list(Article.objects.breaking()) == [article]
        traveller.shift(timedelta(minutes=1))
        assert not Article.objects.breaking().exists()


def test_the_bar_is_on_every_reader_page(client):
    author = make_user(username="reem")
    article = make_article(title="عاجل: حريق في مستودع", author=author)
    mark(article, 1)
    for url in [
        "/",
        article.category.get_absolute_url(),
        article.get_absolute_url(),
        author.author_profile.get_absolute_url(),
    ]:
        assert breaking_titles(client, url) == ["عاجل: حريق في مستودع"], url
    label = parse(client.get("/").content).find("strong", class_="breaking__label")
    assert label.text == "عاجل"


def test_home_page_puts_breaking_news_first(client):
    older = make_article(
        title="خبر عاجل من الصباح", published_at=timezone.now() - timedelta(hours=5)
    )
    make_article(title="أحدث خبر عادي")
    mark(older, 6)

    front = parse(client.get("/").content).find("div", class_="front__lead")

    assert "خبر عاجل من الصباح" in front.text


def test_an_editor_marks_breaking_for_a_number_of_hours_and_ends_it(client):
    article = make_article(title="زلزال خفيف")
    client.force_login(make_user(permissions=EDITOR))
    change = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(change).context["adminform"].form
    assert "breaking_hours" in form.fields

    with time_machine.travel(timezone.now(), tick=False):
        response = client.post(change, article_form(article, breaking_hours="3"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.breaking_until == timezone.now() + timedelta(hours=3)

    client.post(change, article_form(article, breaking_hours=""))  # "leave as it is"
    assert article in Article.objects.breaking()

    client.post(change, article_form(article, breaking_hours="0"))
    article.refresh_from_db()
    assert article.breaking_until is None


def test_journalists_cannot_mark_breaking_news(client):
    journalist = make_user(permissions=JOURNALIST)
    article = make_article(status=Article.Status.DRAFT, published_at=None, author=journalist)
    client.force_login(journalist)
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert "breaking_hours" not in client.get(change).context["adminform"].form.fields

    response = client.post(change, article_form(article, status="draft", breaking_hours="24"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.breaking_until is None


def article_form(article, **changes):
    published = timezone.localtime(article.published_at) if article.published_at else None
    return {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "lead": article.lead,
        "body": article.body,
        "image_alt": "",
        "image_caption": "",
        "image_credit": "",
        "status": article.status,
        "published_at_0": published.strftime("%Y-%m-%d") if published else "",
        "published_at_1": published.strftime("%H:%M:%S") if published else "",
        "comments_open": "on",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        **changes,
    }

"""Co-authors: an article has one or more authors, in order, everywhere readers and staff see
its bylines (the page, JSON-LD, feeds, author pages, search) and in who may edit it."""

import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote

import pytest
from django.urls import reverse

from articles import permissions
from articles.models import Article, ArticleAuthor
from tests.articles.test_metadata import structured_data
from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    first = make_user(username="reem", first_name="ريم", last_name="الصالح")
    second = make_user(username="omar", first_name="عمر", last_name="حداد")
    third = make_user(username="lina", first_name="لينا", last_name="منصور")
    article = make_article(title="تحقيق مشترك عن المياه", author=first)
    ArticleAuthor.objects.create(article=article, user=third, position=2)
    ArticleAuthor.objects.create(article=article, user=second, position=1)
    return article, [first, second, third]


def test_the_byline_lists_every_author_in_order_each_linking_to_their_page(client, team):
    article, _people = team
    page = parse(client.get(article.get_absolute_url()).content)
    links = page.find("span", class_="byline").find_all("a", rel="author")
    assert [a.text for a in links] == ["ريم الصالح", "عمر حداد", "لينا منصور"]
    assert [unquote(a.attrs["href"]) for a in links] == [
        "/author/ريم-الصالح/",
        "/author/عمر-حداد/",
        "/author/لينا-منصور/",
    ]


def test_json_ld_lists_every_author(client, team):
    article, _people = team
    news, _trail = structured_data(parse(client.get(article.get_absolute_url()).content))
    assert [person["name"] for person in news["author"]] == ["ريم الصالح", "عمر حداد", "لينا منصور"]


def test_the_feed_names_every_author(client, team):
    root = ET.fromstring(client.get(reverse("articles:feed")).content)
    authors = [element.text for element in root.iter() if element.tag.endswith("creator")]
    authors += [element.text for element in root.iter("author")]
    assert any("ريم الصالح" in a and "عمر حداد" in a and "لينا منصور" in a for a in authors)


def test_a_co_authors_page_lists_the_article(client, team):
    article, _people = team
    response = client.get(quote("/author/لينا-منصور/"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["articles"]] == [article.pk]


def test_search_finds_an_article_by_a_co_authors_name(client, team):
    article, _people = team
    response = client.get(reverse("articles:search"), {"q": "منصور"})
    assert [a.pk for a in response.context["page_obj"]] == [article.pk]


def test_a_co_author_may_edit_the_draft_as_its_first_author(team):
    article, (_first, second, _third) = team
    article.status = Article.Status.DRAFT
    article.save()
    stranger = make_user()
    assert permissions.can_edit(second, article)
    assert not permissions.can_edit(stranger, article)
    assert list(permissions.editable_by(second, Article.objects.all())) == [article]
    assert list(Article.objects.by_author(second)) == [article]

from datetime import timedelta
from io import BytesIO

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.factories import make_article, make_category, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def jpeg():
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def article():
    author = make_user(first_name="سارة", last_name="العلي", username="sara")
    category = make_category(name="اقتصاد", slug="economy")
    item = make_article(
        title="ارتفاع أسعار النفط",
        lead="ارتفعت الأسعار للأسبوع الثالث.",
        author=author,
        category=category,
    )
    item.image.save("photo.jpg", jpeg())
    return item


@pytest.mark.parametrize(("url", "version"), [("/feed/", "rss20"), ("/feed/atom/", "atom10")])
def test_site_feeds_carry_every_field(client, article, url, version):
    feed = fetch(client, url)
    assert feed.version == version
    assert feed.feed.language == "ar"
    (entry,) = feed.entries
    assert entry.title == "ارتفاع أسعار النفط"
    assert entry.link == f"{SITE}{article.get_absolute_url()}"
    assert entry.summary == "ارتفعت الأسعار للأسبوع الثالث."
    assert entry.author == "سارة العلي"
    assert [tag.term for tag in entry.tags] == ["اقتصاد"]
    assert entry.published_parsed[:5] == article.published_at.utctimetuple()[:5]
    (enclosure,) = entry.enclosures
    assert enclosure.href == f"{SITE}{article.image.url}"
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == article.image.size
    assert entry.id == f"{SITE}/news/{article.pk}/"


def test_feeds_hold_only_published_articles_newest_first(client):
    older = make_article(title="أقدم", published_at=timezone.now() - timedelta(days=2))
    newer = make_article(title="أحدث")
    make_article(title="مسودة", status=Article.Status.DRAFT)
    make_article(title="قيد المراجعة", status=Article.Status.REVIEW)
    make_article(title="مجدول", published_at=timezone.now() + timedelta(hours=1))
    for url in ["/feed/", "/feed/atom/"]:
        feed = fetch(client, url)
        assert [entry.title for entry in feed.entries] == [newer.title, older.title]


def test_feed_is_limited_to_the_latest_twenty(client):
    category = make_category()
    for n in range(22):
        make_article(category=category, published_at=timezone.now() - timedelta(minutes=n))
    feed = fetch(client, "/feed/")
    assert len(feed.entries) == 20


def test_category_feeds_hold_only_their_section(client, article):
    make_article(title="خبر رياضي")
    for url in ["/category/economy/feed/", "/category/economy/feed/atom/"]:
        feed = fetch(client, url)
        assert [entry.title for entry in feed.entries] == [article.title]
        assert "اقتصاد" in feed.feed.title
    assert client.get("/category/nope/feed/").status_code == 404


def test_article_without_author_or_image_still_makes_a_valid_feed(client):
    make_article(author=None, lead="")
    feed = fetch(client, "/feed/")
    assert feed.entries[0].get("enclosures") == []


def test_feeds_are_linked_from_the_pages(client, article):
    home = parse(client.get("/").content)
    types = {
        link.attrs["type"]: link.attrs["href"] for link in home.find_all("link", rel="alternate")
    }
    assert types == {"application/rss+xml": "/feed/", "application/atom+xml": "/feed/atom/"}
    section = parse(client.get(article.category.get_absolute_url()).content)
    hrefs = {link.attrs["href"] for link in section.find_all("link", rel="alternate")}
    assert {"/category/economy/feed/", "/category/economy/feed/atom/"} <= hrefs
    story = parse(client.get(article.get_absolute_url()).content)
    hrefs = {link.attrs["href"] for link in story.find_all("link", rel="alternate")}
    assert f"/comments/feed/{article.pk}/" in hrefs


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_a_control_character_in_a_headline_does_not_break_the_feed(client, url):
    make_article(title="خبر\x01عاجل", lead="مقدمة\x0b الخبر")
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.entries[0].title == "خبرعاجل"


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_markup_in_a_lead_reaches_feed_readers_as_text(client, url):
    make_article(lead='<img src=x onerror="alert(1)"> مقدمة')
    feed = feedparser.parse(client.get(url).content)
    summary = feed.entries[0].summary  # the HTML a feed reader shows
    assert "<img" not in summary
    assert "&lt;img" in summary

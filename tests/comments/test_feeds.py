import feedparser
import pytest

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_comments_feed_holds_approved_comments_only(client, settings):
    settings.SITE_URL = "https://news.example.com"
    article = make_article()
    approved = make_comment(article, author_name="أم علي", content="تعليق منشور")
    make_comment(article, content="بانتظار المراجعة", status=Comment.Status.PENDING)
    make_comment(article, content="رسالة مزعجة", status=Comment.Status.SPAM)
    make_comment(article, content="محذوف", status=Comment.Status.TRASH)
    make_comment(make_article(), content="على خبر آخر")

    response = client.get(f"/comments/feed/{article.pk}/")

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.version == "rss20"
    (entry,) = feed.entries
    assert entry.summary == "<p>تعليق منشور</p>"  # as readers see it on the page, inert
    assert entry.author == "أم علي"
    expected = f"https://news.example.com{article.get_absolute_url()}#comment-{approved.pk}"
    assert entry.link == expected
    assert article.title in feed.feed.title


def test_comments_feed_of_an_unpublished_article_is_404(client):
    draft = make_article(status=Article.Status.DRAFT)
    make_comment(draft)
    assert client.get(f"/comments/feed/{draft.pk}/").status_code == 404
    assert client.get("/comments/feed/999999/").status_code == 404

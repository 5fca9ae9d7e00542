"""Pages of comments, as in WordPress: COMMENTS_PER_PAGE top-level comments with their replies
per page, the newest (or oldest) page first, ?cpage=N (docs/comments.md, "Pages of comments")."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from comments.checks import comment_pages
from comments.models import Comment
from tests.factories import make_article, make_comment, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def paged(settings):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_DEFAULT_PAGE = "newest"
    return settings


def five_conversations(article):
    """Five top-level comments, oldest first, each with a reply and a reply to the reply."""
    roots = []
    for _ in range(5):
        root = make_comment(article)
        reply = make_comment(article, parent=root)
        make_comment(article, parent=reply)
        roots.append(root)
    return roots


def ids_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    document = parse(response.content)
    items = document.find_all("li", class_="comment")
    return {int(item.attrs["id"].removeprefix("comment-")) for item in items}, document, response


def family(root):
    reply = root.replies.get()
    return {root.pk, reply.pk, reply.replies.get().pk}


def test_off_by_default_every_comment_on_one_page(client):
    article = make_article()
    roots = five_conversations(article)
    shown, document, _ = ids_on(client, article.get_absolute_url())
    assert shown == set().union(*(family(root) for root in roots))
    assert document.find("nav", class_="comments__pages") is None


def test_newest_page_first_with_its_replies(client, paged):
    article = make_article()
    roots = five_conversations(article)
    shown, document, response = ids_on(client, article.get_absolute_url())
    assert shown == family(roots[4])  # page 3 of 3: the fifth conversation
    assert document.find("h2", id="comments-title").text.strip() != ""
    nav = document.find("nav", class_="comments__pages")
    older = nav.find("a", class_="comments__older")
    assert older.attrs["rel"] == "prev"
    assert older.text == "التعليقات الأقدم"
    assert older.attrs["href"] == f"{article.get_absolute_url()}?cpage=2#comments"
    assert nav.find("a", class_="comments__newer") is None
    assert "X-Robots-Tag" not in response.headers


def test_older_pages_are_not_indexed_and_point_back(client, paged):
    article = make_article()
    roots = five_conversations(article)
    shown, document, response = ids_on(client, f"{article.get_absolute_url()}?cpage=1")
    assert shown == family(roots[0]) | family(roots[1])
    assert response.headers["X-Robots-Tag"] == "noindex, follow"
    assert document.find("meta", name="robots").attrs["content"] == "noindex, follow"
    canonical = document.find("link", rel="canonical").attrs["href"]
    assert canonical.endswith(article.get_absolute_url())
    newer = document.find("a", class_="comments__newer")
    assert newer.attrs["rel"] == "next"
    assert newer.text == "التعليقات الأحدث"
    assert newer.attrs["href"] == f"{article.get_absolute_url()}?cpage=2#comments"
    assert document.find("a", class_="comments__older") is None


def test_the_heading_counts_every_page(client, paged):
    article = make_article()
    five_conversations(article)
    _, document, _ = ids_on(client, article.get_absolute_url())
    assert "15" in document.find("h2", id="comments-title").text


def test_oldest_page_first(client, paged):
    paged.COMMENTS_DEFAULT_PAGE = "oldest"
    article = make_article()
    roots = five_conversations(article)
    shown, document, _ = ids_on(client, article.get_absolute_url())
    assert shown == family(roots[0]) | family(roots[1])
    newer = document.find("a", class_="comments__newer")
    assert newer.attrs["href"] == f"{article.get_absolute_url()}?cpage=2#comments"
    last = roots[4]
    assert last.get_absolute_url() == f"{article.get_absolute_url()}?cpage=3#comment-{last.pk}"


@pytest.mark.parametrize("value", ["0", "4", "-1", "abc", "٢", "1.5", ""])
def test_a_page_that_is_not_one_is_a_404(client, paged, value):
    article = make_article()
    five_conversations(article)
    assert client.get(f"{article.get_absolute_url()}?cpage={value}").status_code == 404


def test_permalinks_find_the_page(client, paged):
    article = make_article()
    roots = five_conversations(article)
    deepest = roots[0].replies.get().replies.get()
    url = deepest.get_absolute_url()
    assert url == f"{article.get_absolute_url()}?cpage=1#comment-{deepest.pk}"
    shown, _, _ = ids_on(client, url.split("#")[0])
    assert deepest.pk in shown
    newest = roots[4].replies.get()
    assert newest.get_absolute_url() == f"{article.get_absolute_url()}#comment-{newest.pk}"


def test_after_posting_a_reply_the_author_lands_on_its_page(client, paged):
    article = make_article()
    roots = five_conversations(article)
    response = post_comment(client, article, comment_parent=str(roots[0].pk))
    comment = Comment.objects.latest("pk")
    assert response.headers["Location"].endswith(f"?cpage=1#comment-{comment.pk}")
    shown, _, _ = ids_on(client, response.headers["Location"].split("#")[0])
    assert comment.pk in shown


def test_a_new_top_level_comment_lands_on_the_newest_page(client, paged):
    article = make_article()
    five_conversations(article)
    response = post_comment(client, article)
    comment = Comment.objects.latest("pk")
    expected = f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert response.headers["Location"].endswith(expected)
    shown, _, _ = ids_on(client, article.get_absolute_url())
    assert comment.pk in shown


def test_wrong_settings_are_refused(settings):
    settings.COMMENTS_DEFAULT_PAGE = "latest"
    settings.COMMENTS_PER_PAGE = -3
    assert [error.id for error in comment_pages(None)] == ["comments.E001", "comments.E002"]
    settings.COMMENTS_DEFAULT_PAGE = "oldest"
    settings.COMMENTS_PER_PAGE = 20
    assert comment_pages(None) == []
    call_command("check")


def test_the_comments_feed_links_each_comment_to_its_page(client, paged):
    article = make_article()
    roots = five_conversations(article)
    body = client.get(reverse("comments:feed", args=[article.pk])).content.decode()
    assert f"{article.get_absolute_url()}?cpage=1#comment-{roots[0].pk}</link>" in body
    assert f"{article.get_absolute_url()}#comment-{roots[4].pk}</link>" in body

"""Query budgets: every reader page and the desk answer in a fixed number of queries, the same
with a little data and with a lot (docs/comments.md, "Rendering"). Counts, never timings."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleViewCount, Correction, Tag, author_url
from comments import cookies
from comments.models import Comment
from tests.factories import make_article, make_category, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db

# What each page may spend at most. Sessions, the language switch and the most-read block are
# inside; none of these grows with the data (asserted below).
ARTICLE_BUDGET = 12
LISTING_BUDGET = 12
DESK_BUDGET = 16
ARTICLE_ADMIN_BUDGET = 18


def queries(client, url) -> int:
    """The queries one uncached request to `url` makes (the cache is emptied first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def thread(article, count, *, levels=5):
    """`count` approved comments in chains `levels` deep, stored HTML rendered as on save."""
    now = timezone.now() - timedelta(hours=1)
    parents = [None] * (count // levels)
    made = 0
    for depth in range(1, levels + 1):
        level = Comment.objects.bulk_create(
            Comment(
                article=article,
                parent=parent,
                depth=depth,
                author_name=f"قارئ {depth}-{n}",
                author_email=f"r{depth}-{n}@example.com",
                author_url="https://reader.example" if n % 3 == 0 else "",
                content=f"تعليق في المستوى {depth}، رقم {n}: https://example.com/{n}",
                status=Comment.Status.APPROVED,
                created_at=now + timedelta(seconds=depth * count + n),
            )
            for n, parent in enumerate(parents)
        )
        parents = level
        made += len(level)
    Comment.objects.filter(article=article).store_html()
    assert made == count - count % levels


def linked_article(**fields):
    """An article with everything its page shows: tags, see also, corrections, most read."""
    article = make_article(author=make_user(first_name="سلمى"), **fields)
    for n in range(3):
        tag = Tag.objects.create(name=f"وسم {article.pk}-{n}", slug=f"tag-{article.pk}-{n}")
        article.tags.add(tag)
        article.see_also.add(make_article(category=article.category))
        Correction.objects.create(article=article, text=f"تصحيح {n}")
    ArticleViewCount.objects.create(article=article, day=timezone.localdate(), views=5)
    return article


# --- the article page ------------------------------------------------------------------------


@pytest.mark.parametrize("comments", [200, 1000])
def test_article_page_queries_do_not_grow_with_the_thread(
    client, comments, django_assert_max_num_queries
):
    empty = linked_article()
    busy = linked_article()
    thread(busy, comments)
    few = queries(client, empty.get_absolute_url())
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        many = queries(client, busy.get_absolute_url())
    assert many == few


def test_own_pending_comment_costs_no_more_queries(client, django_assert_max_num_queries):
    article = linked_article()
    thread(article, 200)
    anonymous = queries(client, article.get_absolute_url())
    post_comment(client, article, comment_parent=str(Comment.objects.filter(depth=1)[0].pk))
    assert client.cookies.get(cookies.OWN_COOKIE)
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        own = queries(client, article.get_absolute_url())
    assert own == anonymous
    assert "comment__body--pending" in client.get(article.get_absolute_url()).text


def test_thread_is_fetched_in_one_query(client):
    article = linked_article()
    thread(article, 200)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(article.get_absolute_url())
    from_comments = [
        q["sql"] for q in captured.captured_queries if 'FROM "comments_comment"' in q["sql"]
    ]
    assert len(from_comments) == 1


def test_paginated_thread_keeps_the_budget(client, settings, django_assert_max_num_queries):
    settings.COMMENTS_PER_PAGE = 10
    empty = linked_article()
    busy = linked_article()
    thread(busy, 1000)
    few = queries(client, empty.get_absolute_url())
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        many = queries(client, f"{busy.get_absolute_url()}?cpage=3")
    assert many == few


# --- listings --------------------------------------------------------------------------------


def newsroom(articles, *, sections=4):
    """`articles` published articles by two journalists across `sections` sections, all
    matching the search word, with tags, and some read today."""
    categories = [make_category() for _ in range(sections)]
    authors = [make_user(first_name=f"كاتب {n}") for n in range(2)]
    tag, _ = Tag.objects.get_or_create(slug="economy", defaults={"name": "اقتصاد"})
    made = []
    for n in range(articles):
        article = make_article(
            title=f"النفط والأسواق {n}",
            category=categories[n % sections],
            author=authors[n % 2],
            lead="موجز عن النفط",
        )
        article.tags.add(tag)
        made.append(article)
    ArticleViewCount.objects.bulk_create(
        ArticleViewCount(article=article, day=timezone.localdate(), views=n + 1)
        for n, article in enumerate(made[:8])
    )
    return categories, authors


def listing_urls(categories, authors):
    return [
        reverse("articles:home"),
        reverse("articles:category", args=[categories[0].slug]),
        author_url(authors[0]),
        reverse("articles:search") + "?q=النفط",
    ]


def test_listing_pages_queries_do_not_grow_with_the_articles(client, django_assert_max_num_queries):
    small = listing_urls(*newsroom(3))
    few = [queries(client, url) for url in small]
    Article.objects.all().delete()
    large = listing_urls(*newsroom(60, sections=6))
    many = [queries(client, url) for url in large]
    for url, small_count in zip(large, few, strict=True):
        with django_assert_max_num_queries(LISTING_BUDGET):
            many = queries(client, url)
        assert many == small_count, url


# --- the desk and the article admin ----------------------------------------------------------


def comments_on_articles(count):
    articles = [make_article() for _ in range(5)]
    statuses = [Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.SPAM]
    for n in range(count):
        status = statuses[n % 3]
        make_comment(articles[n % 5], status=status, author_email=f"r{n % 7}@example.com")


@pytest.mark.parametrize("who", ["moderator", "editor", "superuser"])
@pytest.mark.parametrize("queue", ["all", "pending", "approved", "spam"])
def test_comment_desk_queries_do_not_grow_with_the_rows(
    client, staff, who, queue, django_user_model, django_assert_max_num_queries
):
    if who == "superuser":
        user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    else:
        user = staff[who]
    client.force_login(user)
    url = f"{reverse('admin:comments_comment_changelist')}?status={queue}"
    comments_on_articles(4)
    few = queries(client, url)
    comments_on_articles(100)
    with django_assert_max_num_queries(DESK_BUDGET):
        many = queries(client, url)
    assert many == few


def test_article_admin_changelist_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff["editor"])
    url = reverse("admin:articles_article_changelist")
    Article.objects.all().delete()
    newsroom(3)
    few = queries(client, url)
    newsroom(60, sections=6)
    for n in range(20):
        make_article(title=f"مسودة {n}", status=Article.Status.DRAFT)
    with django_assert_max_num_queries(ARTICLE_ADMIN_BUDGET):
        many = queries(client, url)
    assert many == few


@pytest.mark.parametrize("per_page", [0, 3])
def test_comments_feed_queries_do_not_grow(client, settings, per_page):
    settings.COMMENTS_PER_PAGE = per_page
    small, large = make_article(), make_article()
    thread(small, 5)
    thread(large, 200)
    few = queries(client, reverse("comments:feed", args=[small.pk]))
    assert queries(client, reverse("comments:feed", args=[large.pk])) == few
    assert few <= 4

"""Rendering speed without the page cache (docs/architecture.md, "Rendering speed"): the work
that is done once instead of on every request, and the markup it must keep."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import popularity
from articles.models import Article, ImageRendition
from articles.popularity import most_read_lists, record_view
from comments.models import Comment
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def templates_used(response):
    return {template.name for template in response.templates}


def test_the_blank_comment_form_is_rendered_once_per_article_and_language(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    assert "comments/_form.html" in templates_used(first)
    again = client.get(article.get_absolute_url())
    assert "comments/_form.html" not in templates_used(again)  # reused, not rendered
    form = first.content.decode()
    form = form[form.index('<div class="respond" id="respond">') :]
    assert form[: form.index("</form>")] in again.content.decode()

    client.cookies["django_language"] = "en"
    english = client.get(article.get_absolute_url())
    assert "comments/_form.html" in templates_used(english)  # a form of its own per language
    assert "Leave a reply" in english.content.decode()

    other = make_article()
    response = client.get(other.get_absolute_url())
    assert reverse("comments:post", args=[other.pk]) in response.content.decode()


def test_a_reply_link_still_renders_its_own_form(client):
    article = make_article()
    comment = Comment.objects.create(
        article=article,
        author_name="سارة",
        author_email="s@example.com",
        content="رأي",
        status=Comment.Status.APPROVED,
    )
    client.get(article.get_absolute_url())  # the blank form, remembered
    response = client.get(f"{article.get_absolute_url()}?replytocom={comment.pk}")
    assert "comments/_form.html" in templates_used(response)
    html = response.content.decode()
    assert f'name="comment_parent" value="{comment.pk}"' in html
    assert "<bdi>سارة</bdi>" in html


def test_cards_escape_what_comes_from_the_database(client):
    category = make_category(name="<i>قسم</i> & أخبار")
    make_article(
        category=category, title='<script>alert("x")</script> خبر', lead="موجز <b>عاجل</b>"
    )
    html = client.get(reverse("articles:home")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; خبر</a></h2>" in html
    assert '<p class="card__lead">موجز &lt;b&gt;عاجل&lt;/b&gt;</p>' in html
    assert "&lt;i&gt;قسم&lt;/i&gt; &amp; أخبار</a>" in html


def test_a_card_with_renditions_is_a_lazy_picture(client):
    category = make_category()
    article = make_article(
        category=category,
        image="articles/x.jpg",
        image_alt="صورة",
        image_width=800,
        image_height=400,
    )
    for fmt, width in [("webp", 400), ("jpeg", 400), ("webp", 800), ("jpeg", 800)]:
        ImageRendition.objects.create(
            article=article, source="articles/x.jpg", format=fmt, width=width,
            height=width // 2, file=f"renditions/x-{width}.{fmt}",
        )  # fmt: skip
    make_article(category=category)  # the newest: the front page's lead, the other a card
    html = client.get(category.get_absolute_url()).content.decode()
    card = html[html.index(f'href="{article.get_absolute_url()}" tabindex="-1"') :]
    card = card[: card.index("</article>")]
    assert '<source type="image/webp" srcset="/media/renditions/x-400.webp 400w, ' in card
    assert 'srcset="/media/renditions/x-400.jpeg 400w, /media/renditions/x-800.jpeg 800w"' in card
    assert 'width="800" height="400" alt="" loading="lazy" decoding="async">' in card


def test_the_front_page_reads_sections_breaking_news_and_pictures_once(client):
    category = make_category()
    for n in range(3):
        make_article(category=category, breaking_until=timezone.now() + timedelta(hours=n + 1))
    make_article()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert len([q for q in sql if q.startswith('SELECT "articles_category"')]) == 1
    assert len([q for q in sql if '"breaking_until" >' in q]) == 1
    assert len([q for q in sql if 'FROM "articles_imagerendition"' in q]) == 1
    html = response.content.decode()
    assert html.count('<li dir="auto"><a href="/news/') >= 3  # the bar, from the same list


def test_the_most_read_ranking_is_remembered_for_seconds_the_articles_are_not():
    first, second = make_article(title="الأول"), make_article(title="الثاني")
    record_view(first)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert [a.pk for a in most_read_lists()[0][1]] == [first.pk]
        for _ in range(3):
            record_view(second)
        Article.objects.filter(pk=first.pk).update(title="الأول بعد التعديل")
        with CaptureQueriesContext(connection) as captured:
            (_label, day), _week = most_read_lists()
        assert [(a.pk, a.title) for a in day] == [(first.pk, "الأول بعد التعديل")]
        assert len(captured.captured_queries) == 1
        assert "articleviewcount" not in captured.captured_queries[0]["sql"]

        traveller.shift(timedelta(seconds=popularity.RANKING_MEMO_SECONDS + 1))
        (_label, day), _week = most_read_lists()
        assert [a.pk for a in day] == [second.pk, first.pk]

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_category, make_comment, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

AKISMET_NOTICE = "هذا الموقع يستخدم Akismet للحدّ من التعليقات المزعجة والغير مرغوبة."
AKISMET_LINK_TEXT = "تعرّف على كيفية معالجة بيانات تعليقك."


def test_home_page_is_arabic_right_to_left(client):
    lead = make_article(title="العنوان الرئيسي")
    response = client.get("/")
    assert response.status_code == 200
    html = parse(response.content).find("html")
    assert html.attrs["lang"] == "ar"
    assert html.attrs["dir"] == "rtl"
    assert lead.title in response.content.decode()


def test_home_page_shows_lead_latest_and_a_block_per_category(client):
    sport = make_category(name="رياضة", slug="رياضة")
    economy = make_category(name="اقتصاد", slug="اقتصاد")
    older = make_article(category=sport, published_at=timezone.now() - timedelta(days=2))
    newest = make_article(category=economy)
    make_article(category=sport, status=Article.Status.DRAFT, title="مسودة سرية")

    page = parse(client.get("/").content)

    front = page.find("section", class_="front")
    assert newest.title in front.find("div", class_="front__lead").text
    assert older.title in front.find("div", class_="front__latest").text
    block_titles = [h.text for h in page.find_all("h2", class_="section-title")]
    assert "رياضة" in block_titles
    assert "اقتصاد" in block_titles
    assert "مسودة سرية" not in page.text


def test_english_is_available_through_the_language_switch(client):
    make_article()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = parse(client.get("/").content).find("html")
    assert html.attrs["lang"] == "en"
    assert html.attrs["dir"] == "ltr"


def test_browser_language_alone_does_not_switch_away_from_arabic(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert parse(response.content).find("html").attrs["lang"] == "ar"


def test_category_page_lists_only_its_published_articles_paginated(client):
    category = make_category()
    other = make_category()
    for _ in range(13):
        make_article(category=category)
    make_article(category=other, title="خبر من قسم آخر")
    make_article(category=category, status=Article.Status.REVIEW, title="قيد المراجعة")

    first = client.get(category.get_absolute_url())
    second = client.get(category.get_absolute_url(), {"page": 2})

    assert first.status_code == 200
    assert len(first.context["articles"]) == 12
    assert len(second.context["articles"]) == 1
    body = first.content.decode() + second.content.decode()
    assert "خبر من قسم آخر" not in body
    assert "قيد المراجعة" not in body


def test_unknown_category_is_404(client):
    assert client.get("/category/لا-يوجد/").status_code == 404


def test_article_page_shows_the_story(client):
    author = make_user(first_name="ريم", last_name="الصالح")
    article = make_article(
        title="افتتاح معرض الكتاب",
        lead="ينطلق المعرض اليوم.",
        body="<p>الفقرة الأولى.</p><p>الفقرة الثانية.</p>",
        author=author,
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text == "افتتاح معرض الكتاب"
    assert "ينطلق المعرض اليوم." in page.find("p", class_="story__lead").text
    assert [p.text for p in page.find("div", class_="story__body").find_all("p")] == [
        "الفقرة الأولى.",
        "الفقرة الثانية.",
    ]
    assert "ريم الصالح" in page.find("span", class_="byline").text
    assert page.find("time").attrs["datetime"].startswith(str(article.published_at.year))
    assert article.category.name in page.find("a", class_="kicker").text


def test_article_date_is_written_in_arabic(client):
    article = make_article(published_at=datetime(2025, 3, 15, 9, 30, tzinfo=UTC))
    page = parse(client.get(article.get_absolute_url()).content)
    assert page.find("p", class_="story__meta").text == "السبت 15 مارس 2025، 12:30"


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_unpublished_article_is_404_for_readers(client, status):
    article = make_article(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_future_article_is_404_until_its_time(client):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_can_preview_a_draft_marked_noindex(client):
    article = make_article(status=Article.Status.DRAFT)
    editor = ["articles.change_article", "articles.publish_article"]  # articles.permissions
    client.force_login(make_user(permissions=editor))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert parse(response.content).find("p", class_="notice--preview") is not None


def test_changed_slug_redirects_permanently_to_the_current_address(client):
    article = make_article(slug="عنوان-قديم")
    old_url = article.get_absolute_url()
    article.slug = "عنوان-جديد"
    article.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response.headers["Location"] == article.get_absolute_url()
    shortlink = client.get(reverse("articles:shortlink", kwargs={"pk": article.pk}))
    assert shortlink.status_code == 301
    assert shortlink.headers["Location"] == article.get_absolute_url()


def test_see_also_block_shows_the_related_title_and_cut_text(client):
    related = make_article(
        title="خبر ذو صلة", body="<p>" + " ".join(["كلمة"] * 80) + "</p>", lead=""
    )
    article = make_article()
    article.see_also.add(related)

    page = parse(client.get(article.get_absolute_url()).content)

    block = page.find("aside", class_="see-also")
    assert block.find("h2").text == "شاهد أيضاً"
    item = block.find("article")
    assert item.find("a").text == "خبر ذو صلة"
    assert item.find("a").attrs["href"] == related.get_absolute_url()
    assert item.find("p").text.endswith("…")


def test_see_also_never_links_unpublished_articles(client):
    draft = make_article(status=Article.Status.DRAFT, title="مسودة")
    article = make_article()
    article.see_also.add(draft)
    assert "مسودة" not in client.get(article.get_absolute_url()).content.decode()


def test_see_also_falls_back_to_the_same_category(client):
    article = make_article()
    neighbour = make_article(category=article.category, title="جار في القسم")
    block = parse(client.get(article.get_absolute_url()).content).find("aside", class_="see-also")
    assert neighbour.title in block.text


def test_see_also_orders_manual_links_then_shared_tags_then_the_section_in_one_query():
    from articles.models import Tag
    from articles.views import see_also

    hours = iter(range(1, 100))

    def story(**fields):
        return make_article(published_at=timezone.now() - timedelta(hours=next(hours)), **fields)

    article = story()
    section = article.category
    tag = Tag.objects.create(name="وسم مشترك", slug="shared-tag")
    article.tags.add(tag)
    newer_in_section, older_in_section = story(category=section), story(category=section)
    newer_tagged, older_tagged = story(), story()
    for tagged in (newer_tagged, older_tagged):
        tagged.tags.add(tag)
    old_manual, new_manual = story(), story()
    # Linked later but published later, and the other way round: newest first within a group.
    article.see_also.add(old_manual)
    old_manual.published_at = timezone.now() - timedelta(days=3)
    old_manual.save()

    def chosen():
        shown = Article.objects.select_related("category").get(pk=article.pk)
        with CaptureQueriesContext(connection) as queries:
            result = see_also(shown)
        article_queries = [q for q in queries if 'FROM "articles_article"' in q["sql"]]
        assert len(article_queries) == 1, [q["sql"] for q in article_queries]
        return result

    assert chosen() == [old_manual, newer_tagged]  # one manual link, then the newest tagged
    article.see_also.add(new_manual)
    assert chosen() == [new_manual, old_manual]
    article.see_also.clear()
    assert chosen() == [newer_tagged, older_tagged]
    article.tags.clear()
    assert chosen() == [newer_in_section, older_in_section]  # never the article itself
    newer_in_section.delete()
    older_in_section.delete()
    assert chosen() == []


def test_see_also_takes_the_newest_of_any_shared_tag_before_the_section():
    """Several tags, each with more articles than are shown: the newest two across all of
    them, a manual link first, never the article itself, the section only to fill up."""
    from articles.models import Tag
    from articles.views import SEE_ALSO_LIMIT, see_also

    now = timezone.now()
    article = make_article(published_at=now)
    first, second = Tag.objects.create(name="أ", slug="a"), Tag.objects.create(name="ب", slug="b")
    article.tags.add(first, second)
    by_age = {}
    for hours, tag in [(2, first), (3, first), (4, first), (5, second), (1, second)]:
        by_age[hours] = make_article(published_at=now - timedelta(hours=hours))
        by_age[hours].tags.add(tag)
    make_article(category=article.category, published_at=now - timedelta(minutes=1))
    assert SEE_ALSO_LIMIT == 2
    assert see_also(article) == [by_age[1], by_age[2]]
    article.see_also.add(by_age[3])
    assert see_also(article) == [by_age[3], by_age[1]]  # the manual link, then the newest tagged
    article.see_also.set([by_age[1]])  # a manual link that also shares a tag counts once
    assert see_also(article) == [by_age[1], by_age[2]]
    second.articles.clear()
    article.see_also.clear()
    article.tags.add(second)
    assert see_also(article, [first.pk]) == [by_age[2], by_age[3]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the UNION ALL is PostgreSQL's")
def test_see_also_reads_only_the_newest_few_of_each_tag_and_of_the_section():
    """Candidates are the newest SEE_ALSO_LIMIT of each shared tag and of the section (one
    short index walk each), not every article sharing a tag: an archive has tens of
    thousands."""
    from articles.models import Tag
    from articles.views import SEE_ALSO_LIMIT, see_also

    article = make_article()
    tags = [Tag.objects.create(name=f"وسم {n}", slug=f"tag-{n}") for n in range(3)]
    article.tags.add(*tags)
    with CaptureQueriesContext(connection) as queries:
        see_also(article, [tag.pk for tag in tags])
    (sql,) = [q["sql"] for q in queries]
    assert sql.count("UNION ALL") == len(tags) + 1  # the manual links, each tag, the section
    assert sql.count(f"LIMIT {SEE_ALSO_LIMIT}") == len(tags) + 2  # and the page's own


def test_comment_form_follows_the_contract(client):
    article = make_article()
    page = parse(client.get(article.get_absolute_url()).content)

    form = page.find("form", id="commentform")
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == reverse("comments:post", kwargs={"article_id": article.pk})
    assert form.find("textarea", name="comment") is not None
    for name in ("author", "email", "url"):
        assert form.find("input", name=name) is not None, name
    assert form.find("input", name="comment_parent").attrs == {
        "type": "hidden",
        "name": "comment_parent",
        "value": "0",
        "id": "id_comment_parent",
    }
    assert form.find("input", name="cookies_consent").attrs["type"] == "checkbox"
    assert form.find("textarea", name="ak_hp_textarea") is not None
    # No CSRF token: the form is in pages cached for every reader (newsroom/origin.py).
    assert form.find("input", name="csrfmiddlewaretoken") is None
    assert form.attrs["data-remembered-author"] == "/comments/author/"
    assert page.find("h2", id="reply-title").text.startswith("اترك رد")


def test_akismet_notice_follows_the_form(client):
    article = make_article()
    page = parse(client.get(article.get_absolute_url()).content)
    notice = page.find("p", class_="akismet_comment_form_privacy_notice")
    assert notice.text == f"{AKISMET_NOTICE} {AKISMET_LINK_TEXT}"
    link = notice.find("a")
    assert link.attrs["href"] == "https://akismet.com/privacy/"
    assert link.attrs["target"] == "_blank"
    assert link.attrs["rel"] == "nofollow noopener"
    respond = page.find("div", id="respond")
    form = respond.find("form", id="commentform")
    assert respond.children.index(form) < respond.children.index(notice)


def test_thread_shows_only_approved_comments_nested(client):
    article = make_article()
    top = make_comment(article, content="تعليق أول")
    reply = make_comment(article, parent=top, content="رد على الأول")
    deeper = make_comment(article, parent=reply, content="رد على الرد")
    make_comment(article, status=Comment.Status.PENDING, content="ينتظر المراجعة")
    make_comment(article, status=Comment.Status.SPAM, content="رسالة مزعجة")
    make_comment(article, status=Comment.Status.TRASH, content="محذوف")

    page = parse(client.get(article.get_absolute_url()).content)

    item = page.find("li", id=f"comment-{top.pk}")
    nested = item.find("ol", class_="children").find("li", id=f"comment-{reply.pk}")
    assert nested.find("ol", class_="children").find("li", id=f"comment-{deeper.pk}") is not None
    text = page.find("section", id="comments").text
    for hidden in ("ينتظر المراجعة", "رسالة مزعجة", "محذوف"):
        assert hidden not in text
    assert "3 تعليقات" in page.find("h2", id="comments-title").text


def test_reply_links_work_without_javascript(client):
    article = make_article()
    comment = make_comment(article)
    page = parse(client.get(article.get_absolute_url()).content)
    link = page.find("li", id=f"comment-{comment.pk}").find("a", class_="comment__reply")
    assert link.attrs["href"] == f"?replytocom={comment.pk}#respond"

    page = parse(client.get(article.get_absolute_url(), {"replytocom": comment.pk}).content)
    assert page.find("input", name="comment_parent").attrs["value"] == str(comment.pk)


def test_no_reply_link_at_the_maximum_depth(client):
    article = make_article()
    parent = None
    for _ in range(settings.COMMENTS_MAX_DEPTH):
        parent = make_comment(article, parent=parent)
    page = parse(client.get(article.get_absolute_url()).content)
    assert page.find("li", id=f"comment-{parent.pk}").find("a", class_="comment__reply") is None


def test_closed_article_shows_no_form(client):
    article = make_article(comments_open=False)
    page = parse(client.get(article.get_absolute_url()).content)
    assert page.find("form", id="commentform") is None
    assert page.find("p", class_="comments__closed").text == "التعليقات مغلقة."


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_https_redirect_spares_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_article_page_queries_do_not_grow_with_the_thread(client, django_assert_num_queries):
    article = make_article()
    article.see_also.add(make_article())
    parent = make_comment(article)
    for _ in range(3):
        parent = make_comment(article, parent=parent)
    client.get(article.get_absolute_url())  # the footer's page list is cached from then on
    with CaptureQueriesContext(connection) as small:
        client.get(article.get_absolute_url())
    for _ in range(40):
        make_comment(article, parent=parent)
        make_comment(article)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    # article, renditions, see also, tags, corrections, most read, sections, breaking, thread
    assert len(small.captured_queries) <= 13


def test_quotes_in_the_body_cannot_leave_the_meta_description(client):
    article = make_article(
        lead="", body='<p>x" http-equiv="refresh" content="0;url=https://evil.example</p>'
    )
    page = parse(client.get(article.get_absolute_url()).content)
    metas = page.find_all("meta")
    assert not any(meta.attrs.get("http-equiv") for meta in metas)
    description = page.find("meta", name="description").attrs["content"]
    assert description.startswith('x" http-equiv=')


def test_stylesheet_is_served_with_debug_off(client, settings):
    assert settings.DEBUG is False
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"inset-inline-start" in b"".join(response.streaming_content)


def test_slug_redirect_keeps_the_query_string(client):
    article = make_article(slug="خبر-صحيح")
    response = client.get(f"/news/{article.pk}/خبر-قديم/", {"replytocom": "8"})
    assert response.status_code == 301
    assert response.url == f"{article.get_absolute_url()}?replytocom=8"
    shortlink = client.get(f"/news/{article.pk}/?replytocom=8&x=%D8%A7")
    assert shortlink.url.endswith("?replytocom=8&x=%D8%A7")

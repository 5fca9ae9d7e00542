"""Versions of an article (django-reversion): kept on every save, listed, compared, restored."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.factories import make_category, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(staff):
    """The staff of every role, and a second journalist."""
    colleague = make_user(
        username="colleague", first_name="سلمى", last_name="العلي", groups=["Journalists"]
    )
    return {**staff, "colleague": colleague}


def form(category, **changes):
    return {
        "title": "الميزانية الجديدة",
        "slug": "الميزانية-الجديدة",
        "category": category.pk,
        "lead": "موجز أول",
        "body": "<p>الفقرة الأولى كما كتبت.</p><p>فقرة ثانية لا تتغير.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        **changes,
    }


@pytest.fixture
def edited(client, staff):
    """A journalist's article saved twice: the second save overwrote the first paragraph."""
    client.force_login(staff["journalist"])
    category = make_category()
    client.post(reverse("admin:articles_article_add"), form(category))
    article = Article.objects.get()
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form(
            category,
            title="الميزانية الجديدة تُقرّ",
            body="<p>الفقرة الأولى بعد التعديل.</p><p>فقرة ثانية لا تتغير.</p>",
        ),
    )
    article.refresh_from_db()
    return article


def versions(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


def test_every_save_keeps_a_version_with_who_and_what(edited, staff):
    first, second = versions(edited)
    assert first.revision.user == staff["journalist"]
    assert first.field_dict["body"] == "<p>الفقرة الأولى كما كتبت.</p><p>فقرة ثانية لا تتغير.</p>"
    assert second.field_dict["title"] == "الميزانية الجديدة تُقرّ"
    kept = first.field_dict
    for name in ("title", "lead", "body", "category_id", "tags", "image", "status", "author_id"):
        assert name in kept
    assert kept["author_id"] == staff["journalist"].pk
    assert kept["status"] == Article.Status.DRAFT
    assert first.revision.date_created <= second.revision.date_created


def test_workflow_steps_keep_versions_too(client, edited, staff):
    client.force_login(staff["editor"])
    Article.objects.filter(pk=edited.pk).update(status=Article.Status.REVIEW)
    client.post(
        reverse("admin:articles_article_send_back", args=[edited.pk]), {"note": "أضف مصدراً"}
    )
    latest = versions(edited)[-1]
    assert latest.revision.user == staff["editor"]
    assert latest.field_dict["editor_note"] == "أضف مصدراً"
    assert "أضف مصدراً" in latest.revision.get_comment()


@pytest.mark.parametrize("who", ["journalist", "editor"])
def test_author_and_editors_list_versions_by_full_name(client, edited, staff, who):
    client.force_login(staff[who])
    response = client.get(reverse("admin:articles_article_history", args=[edited.pk]))
    assert response.status_code == 200
    rows = parse(response.content).find_all("tr", class_="version")
    assert len(rows) == 2
    assert "ريم الصالح" in rows[0].text
    assert "الميزانية الجديدة تُقرّ" in rows[0].text  # newest first
    assert "تم تغيير العنوان و نص المقال" in rows[0].text  # what changed, in Arabic


@pytest.mark.parametrize("who", ["colleague", "moderator"])
def test_other_staff_cannot_see_the_versions(client, edited, staff, who):
    client.force_login(staff[who])
    first, second = versions(edited)
    urls = [
        reverse("admin:articles_article_history", args=[edited.pk]),
        reverse("admin:articles_article_compare", args=[edited.pk])
        + f"?old={first.pk}&new={second.pk}",
        reverse("admin:articles_article_revision", args=[edited.pk, first.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403


def test_diff_shows_what_changed_in_the_text(client, edited, staff):
    first, second = versions(edited)
    client.force_login(staff["journalist"])
    url = reverse("admin:articles_article_compare", args=[edited.pk])
    response = client.get(url, {"old": second.pk, "new": first.pk})  # order does not matter
    assert response.status_code == 200
    page = parse(response.content)
    sections = {s.attrs["aria-label"]: s for s in page.find_all("section", class_="diff")}
    assert set(sections) == {"العنوان", "نص المقال"}
    body = sections["نص المقال"]
    assert [d.text for d in body.find_all("del")] == ["كما كتبت."]
    assert [i.text for i in body.find_all("ins")] == ["بعد التعديل."]
    assert "فقرة ثانية لا تتغير." in body.text
    assert [i.text for i in sections["العنوان"].find_all("ins")] == ["تُقرّ"]


def test_diff_is_rendered_safely(client, staff):
    client.force_login(staff["editor"])
    category = make_category()
    client.post(reverse("admin:articles_article_add"), form(category))
    article = Article.objects.get()
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form(category, body="<p>&lt;script&gt;alert(1)&lt;/script&gt; نص</p>"),
    )
    first, second = versions(article)
    response = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": first.pk, "new": second.pk},
    )
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_compare_with_bad_versions_is_a_clear_400(client, edited, staff):
    client.force_login(staff["editor"])
    url = reverse("admin:articles_article_compare", args=[edited.pk])
    for query in ({}, {"old": "x", "new": "1"}, {"old": "999999", "new": "999998"}):
        response = client.get(url, query)
        assert response.status_code == 400
        assert "اختر نسختين" in response.content.decode()


def test_restore_brings_back_the_old_text(client, edited, staff):
    first, _second = versions(edited)
    client.force_login(staff["journalist"])
    url = reverse("admin:articles_article_revision", args=[edited.pk, first.pk])
    shown = client.get(url)
    assert shown.status_code == 200
    assert "الفقرة الأولى كما كتبت." in shown.content.decode()
    edited.refresh_from_db()
    assert "بعد التعديل" in edited.body  # looking is not restoring

    response = client.post(url, form(edited.category))
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.title == "الميزانية الجديدة"
    assert edited.body == "<p>الفقرة الأولى كما كتبت.</p><p>فقرة ثانية لا تتغير.</p>"
    assert len(versions(edited)) == 3  # the restore is a version as well


def test_history_survives_deleting_a_later_version(client, edited, staff):
    first, second = versions(edited)
    second.revision.delete()

    client.force_login(staff["editor"])
    response = client.get(reverse("admin:articles_article_history", args=[edited.pk]))
    assert len(parse(response.content).find_all("tr", class_="version")) == 1
    url = reverse("admin:articles_article_revision", args=[edited.pk, first.pk])
    assert client.post(url, form(edited.category)).status_code == 302
    edited.refresh_from_db()
    assert "كما كتبت" in edited.body


def test_a_deleted_article_can_be_recovered_from_its_versions(edited):
    pk = edited.pk
    edited.delete()
    deleted = Version.objects.get_deleted(Article)
    assert {v.object_id for v in deleted} == {str(pk)}

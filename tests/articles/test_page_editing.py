"""Static pages keep the articles' promises: a save based on an older version is refused with
what changed, and the form autosaves (articles/conflicts.py, articles/autosave.py)."""

import json
from datetime import timedelta

import pytest
import reversion
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import autosave
from articles.models import Autosave, Page
from tests.factories import make_user
from tests.html import form_values, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors():
    return (
        make_user(groups=["Editors"], first_name="سلمى", last_name="حداد"),
        make_user(groups=["Editors"], first_name="كريم", last_name="نصار"),
    )


@pytest.fixture
def page():
    with reversion.create_revision():  # as the admin's add form saves it
        return Page.objects.create(
            title="من نحن",
            slug="about",
            body="<p>صحيفة يومية مستقلة.</p>\n<p>تأسست في عمّان.</p>",
            published=True,
        )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(page):
    return reverse("admin:articles_page_change", args=[page.pk])


def opened(client, page) -> dict:
    return form_values(client.get(change_url(page)).content, "page_form")


def keep(client, page, fields):
    url = (
        reverse("admin:articles_page_autosave", args=[page.pk])
        if page
        else reverse("admin:articles_page_autosave_new")
    )
    return client.post(url, json.dumps({"fields": fields}), content_type="application/json")


def test_every_save_of_a_page_counts_a_version(page):
    first = page.version
    page.save()
    page.save(update_fields=["title"])
    page.refresh_from_db()
    assert page.version == first + 2


def test_the_second_of_two_saves_is_refused_and_keeps_both_texts(editors, page):
    first, second = client_for(editors[0]), client_for(editors[1])
    mine, theirs = opened(first, page), opened(second, page)

    saved = first.post(change_url(page), {**mine, "body": "<p>صحيفة يومية مستقلة منذ 1990.</p>"})
    assert saved.status_code == 302
    response = second.post(change_url(page), {**theirs, "title": "عن الصحيفة"})

    assert response.status_code == 200  # the form again, as for articles: not the redirect
    page.refresh_from_db()
    assert page.title == "من نحن"
    assert "منذ 1990" in page.body
    html = parse(response.content)
    conflict = html.find(id="edit-conflict")
    assert conflict is not None
    assert "سلمى حداد" in conflict.text  # who saved meanwhile
    assert "منذ 1990" in conflict.text  # the diff of the body
    assert "الصفحة" in conflict.text
    # The second editor's title is kept; the body they did not touch shows the saved one.
    assert html.find("input", name="title").attrs["value"] == "عن الصحيفة"
    assert "منذ 1990" in html.find("textarea", name="body").text
    assert html.find("input", name="version").attrs["value"] == str(page.version)

    again = second.post(change_url(page), form_values(response.content, "page_form"))

    assert again.status_code == 302
    page.refresh_from_db()
    assert page.title == "عن الصحيفة"
    assert "منذ 1990" in page.body


def test_a_refused_page_save_keeps_a_changed_body_in_the_form(editors, page):
    first, second = client_for(editors[0]), client_for(editors[1])
    mine, theirs = opened(first, page), opened(second, page)
    first.post(change_url(page), {**mine, "title": "عنوان جديد"})

    long_body = "<p>نص طويل كتبه المحرر الثاني.</p>" * 50
    response = second.post(change_url(page), {**theirs, "body": long_body})

    assert response.status_code == 200
    assert (
        "نص طويل كتبه المحرر الثاني" in parse(response.content).find("textarea", name="body").text
    )
    page.refresh_from_db()
    assert "نص طويل" not in page.body
    assert Version.objects.get_for_object(page).count() == 2  # created, the first save


def test_autosave_keeps_a_page_form_and_changes_nothing(editors, page):
    editor = client_for(editors[0])
    version = page.version
    response = keep(editor, page, {"body": ["<p>نص لم يُحفظ</p>"]})

    assert response.status_code == 200
    kept = Autosave.objects.get(page=page, user=editors[0])
    assert kept.data == {"body": ["<p>نص لم يُحفظ</p>"]}
    assert kept.article is None
    page.refresh_from_db()
    assert (page.version, "لم يُحفظ" in page.body) == (version, False)
    assert "لم يُحفظ" not in Client().get("/about/").content.decode()


def test_the_page_form_offers_restores_and_dismisses_the_autosave(editors, page):
    editor = client_for(editors[0])
    html = parse(editor.get(change_url(page)).content)
    config = html.find(id="editing")
    assert config.attrs["data-autosave-url"] == reverse(
        "admin:articles_page_autosave", args=[page.pk]
    )
    assert html.find(id="autosave-offer") is None

    keep(editor, page, {"title": ["عنوان مستعاد"], "version": [str(page.version)]})
    assert parse(editor.get(change_url(page)).content).find(id="autosave-offer") is not None
    assert (
        parse(client_for(editors[1]).get(change_url(page)).content).find(id="autosave-offer")
        is None
    )  # only its owner

    restored = parse(editor.get(change_url(page) + "?autosave=restore").content)
    assert restored.find("input", name="title").attrs["value"] == "عنوان مستعاد"
    assert restored.find(id="autosave-restored") is not None

    response = editor.post(reverse("admin:articles_page_autosave_discard", args=[page.pk]))
    assert response.status_code == 302
    assert response.headers["Location"] == change_url(page)
    assert not Autosave.objects.exists()


def test_saving_the_page_removes_the_savers_autosave_only(editors, page):
    first, second = client_for(editors[0]), client_for(editors[1])
    keep(first, page, {"title": ["x"]})
    keep(second, page, {"title": ["y"]})
    assert first.post(change_url(page), opened(first, page)).status_code == 302
    assert list(Autosave.objects.values_list("user", flat=True)) == [editors[1].pk]


def test_a_new_pages_form_has_its_own_autosave_apart_from_a_new_articles(editors):
    editor = client_for(editors[0])
    assert keep(editor, None, {"title": ["صفحة جديدة"]}).status_code == 200
    new_article = reverse("admin:articles_article_autosave_new")
    editor.post(new_article, json.dumps({"fields": {"title": ["خبر جديد"]}}), "application/json")

    assert autosave.of(Page, None, editors[0]).data == {"title": ["صفحة جديدة"]}
    html = editor.get(reverse("admin:articles_page_add") + "?autosave=restore").content.decode()
    assert "صفحة جديدة" in html
    assert "خبر جديد" not in html
    article_form = reverse("admin:articles_article_add") + "?autosave=restore"
    assert "خبر جديد" in editor.get(article_form).content.decode()


def test_only_staff_who_may_change_pages_can_autosave_them(editors, page):
    journalist = make_user(groups=["Journalists"])
    assert keep(client_for(journalist), page, {"title": ["x"]}).status_code == 403
    assert keep(client_for(journalist), None, {"title": ["x"]}).status_code == 403
    discard = reverse("admin:articles_page_autosave_discard", args=[page.pk])
    assert client_for(journalist).post(discard).status_code == 403
    reader = make_user(permissions=["articles.view_page"])
    assert keep(client_for(reader), page, {"title": ["x"]}).status_code == 403
    html = parse(client_for(reader).get(change_url(page)).content)
    assert "data-autosave-url" not in html.find(id="editing").attrs
    assert not Autosave.objects.exists()


def test_an_autosave_superseded_by_its_owners_later_page_save_is_cleared(editors, page):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    for editor in editors:
        Autosave.objects.create(
            kind="page", page=page, user=editor, data={"title": ["x"]}, saved_at=an_hour_ago
        )
    with reversion.create_revision():  # the first editor saves the page afterwards
        reversion.set_user(editors[0])
        page.save()

    assert autosave.clear_old() == 1
    assert list(Autosave.objects.values_list("user", flat=True)) == [editors[1].pk]


def test_a_change_in_the_list_writes_only_its_columns_and_refuses_open_forms(editors, page):
    first, second = client_for(editors[0]), client_for(editors[1])
    stale = opened(first, page)
    row = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(page.pk),
        "form-0-published": "on",
        "form-0-footer_position": "5",
        "_save": "save",
    }
    with CaptureQueriesContext(connection) as queries:
        response = second.post(reverse("admin:articles_page_changelist"), row)
    assert response.status_code == 302
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "articles_page"')]
    assert len(updates) == 1
    assert '"footer_position"' in updates[0]
    assert '"body"' not in updates[0]
    assert '"title"' not in updates[0]
    assert '"updated_at"' in updates[0]

    response = first.post(change_url(page), {**stale, "title": "عنوان قديم"})
    assert response.status_code == 200
    assert parse(response.content).find(id="edit-conflict") is not None
    page.refresh_from_db()
    assert (page.title, page.footer_position) == ("من نحن", 5)


def test_a_pages_history_says_who_saved_it(editors, page):
    editor = client_for(editors[0])
    editor.post(change_url(page), {**opened(editor, page), "title": "عن الصحيفة"})
    response = editor.get(reverse("admin:articles_page_history", args=[page.pk]))
    assert response.status_code == 200
    assert "سلمى حداد" in response.content.decode()


def test_a_page_published_meanwhile_stays_published_when_the_other_save_is_applied(editors, page):
    page.published = False
    page.save()
    first, second = client_for(editors[0]), client_for(editors[1])
    mine, theirs = opened(first, page), opened(second, page)
    assert "published" not in theirs  # an unticked box is not sent
    first.post(change_url(page), {**mine, "published": "on"})

    response = second.post(change_url(page), {**theirs, "title": "عن الصحيفة"})

    assert response.status_code == 200
    box = parse(response.content).find("input", name="published")
    assert "checked" in box.attrs  # what the first editor saved, since the second left it
    again = second.post(change_url(page), form_values(response.content, "page_form"))
    assert again.status_code == 302
    page.refresh_from_db()
    assert (page.title, page.published) == ("عن الصحيفة", True)

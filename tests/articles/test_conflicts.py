"""A save based on an older version of an article is refused: nothing is overwritten silently."""

import pytest
import reversion
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article
from tests.html import form_values, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    call_command("seed_demo")
    Article.objects.all().delete()
    return {name: django_user_model.objects.get(username=name) for name in ("journalist", "editor")}


@pytest.fixture
def article(staff):
    from tests.factories import make_category

    with reversion.create_revision():  # as the admin's add form saves it
        return Article.objects.create(
            title="العنوان الأول",
            slug="العنوان-الأول",
            category=make_category(),
            lead="المقدمة الأولى",
            body="<p>نص الخبر.</p>",
            status=Article.Status.DRAFT,
            author=staff["journalist"],
        )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response) -> dict:
    """The change form's fields as the browser would send them back."""
    return form_values(response.content, "article_form")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_every_save_counts_a_version(article):
    first = article.version
    article.lead = "مقدمة"
    article.save()
    article.save(update_fields=["lead"])
    article.refresh_from_db()
    assert article.version == first + 2


def test_the_change_form_carries_its_version(staff, article):
    response = client_for(staff["editor"]).get(change_url(article))
    field = parse(response.content).find("input", name="version")
    assert field.attrs["type"] == "hidden"
    assert field.attrs["value"] == str(article.version)


def test_a_save_after_someone_elses_is_refused_and_keeps_their_change(staff, article):
    journalist, editor = client_for(staff["journalist"]), client_for(staff["editor"])
    mine = form_data(journalist.get(change_url(article)))
    theirs = form_data(editor.get(change_url(article)))

    saved = journalist.post(change_url(article), {**mine, "lead": "مقدمة الصحفي الجديدة"})
    assert saved.status_code == 302
    response = editor.post(change_url(article), {**theirs, "title": "عنوان المحرر"})

    assert response.status_code == 200  # not the success redirect
    article.refresh_from_db()
    assert article.lead == "مقدمة الصحفي الجديدة"
    assert article.title == "العنوان الأول"
    page = parse(response.content)
    conflict = page.find(id="edit-conflict")
    assert conflict is not None
    assert "مقدمة الصحفي الجديدة" in conflict.text  # what changed meanwhile
    # The editor's headline is still in the form; the lead they left alone shows the
    # journalist's, and the form now carries the current version.
    assert page.find("textarea", name="title").text.strip() == "عنوان المحرر"
    assert page.find("textarea", name="lead").text.strip() == "مقدمة الصحفي الجديدة"
    assert page.find("input", name="version").attrs["value"] == str(article.version)

    again = editor.post(change_url(article), form_data(response))

    assert again.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("عنوان المحرر", "مقدمة الصحفي الجديدة")


def test_the_refusal_is_in_arabic(staff, article):
    editor = client_for(staff["editor"])
    stale = form_data(editor.get(change_url(article)))
    article.lead = "تغيير"
    article.save()
    response = editor.post(change_url(article), stale, HTTP_ACCEPT_LANGUAGE="ar")
    text = parse(response.content).find(id="edit-conflict").text
    assert "حفظ" in text
    assert "Someone" not in text


def test_a_refused_save_creates_no_version(staff, article):
    editor = client_for(staff["editor"])
    stale = form_data(editor.get(change_url(article)))
    article.lead = "تغيير"
    article.save()
    before = Version.objects.get_for_object(article).count()
    editor.post(change_url(article), {**stale, "title": "عنوان آخر"})
    assert Version.objects.get_for_object(article).count() == before


def test_a_bulk_action_writes_only_its_fields_and_makes_open_forms_stale(staff, article):
    editor, journalist = client_for(staff["editor"]), client_for(staff["journalist"])
    stale = form_data(journalist.get(change_url(article)))
    opened = form_data(editor.get(change_url(article)))
    # The journalist saves a new lead; the bulk action then publishes the current row.
    journalist.post(change_url(article), {**stale, "lead": "مقدمة محدثة"})
    editor.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.lead == "مقدمة محدثة"  # the action wrote no stale copy

    # A form opened before the action (status draft) cannot take the article offline silently.
    response = editor.post(change_url(article), opened)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_workflow_changes_count_versions(staff, article):
    before = article.version
    workflow.send_back(article, by=staff["editor"], note="راجع")
    workflow.return_to_draft(Article.objects.filter(pk=article.pk))
    workflow.publish_now(Article.objects.filter(pk=article.pk))
    article.refresh_from_db()
    assert article.version == before + 2  # send back, publish (it was a draft already)


def test_send_to_review_with_a_stale_form_is_refused(staff, article):
    journalist, editor = client_for(staff["journalist"]), client_for(staff["editor"])
    stale = form_data(journalist.get(change_url(article)))
    editor_form = form_data(editor.get(change_url(article)))
    editor.post(change_url(article), {**editor_form, "body": "<p>نص المحرر.</p>"})

    response = journalist.post(change_url(article), {**stale, "status": "review"})

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "نص المحرر" in article.body


def test_send_back_with_a_stale_page_is_refused(staff, article):
    article.status = Article.Status.REVIEW
    article.save()
    editor = client_for(staff["editor"])
    url = reverse("admin:articles_article_send_back", args=[article.pk])
    page = parse(editor.get(url).content)
    version = page.find("input", name="version").attrs["value"]
    article.lead = "مقدمة أعاد الصحفي كتابتها"
    article.save()

    response = editor.post(url, {"note": "أعد الصياغة", "version": version})

    assert response.status_code == 409
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    fresh = parse(response.content).find("input", name="version").attrs["value"]
    assert editor.post(url, {"note": "أعد الصياغة", "version": fresh}).status_code == 302


def test_without_the_starting_version_the_diff_is_against_the_form(staff, article):
    Version.objects.get_for_object(article).delete()
    editor = client_for(staff["editor"])
    stale = form_data(editor.get(change_url(article)))
    article.lead = "مقدمة جديدة"
    article.save()
    response = editor.post(change_url(article), stale)
    assert response.status_code == 200
    assert "مقدمة جديدة" in parse(response.content).find(id="edit-conflict").text
    article.refresh_from_db()
    assert article.lead == "مقدمة جديدة"

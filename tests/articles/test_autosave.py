"""Autosave: a user's unsaved work, kept per user, never published, never a version."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import autosave
from articles.models import Article, Autosave
from tests.factories import make_category
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    call_command("seed_demo")
    Article.objects.all().delete()
    return {
        name: django_user_model.objects.get(username=name)
        for name in ("journalist", "editor", "moderator")
    }


@pytest.fixture
def article(staff):
    return Article.objects.create(
        title="العنوان المنشور",
        slug="العنوان-المنشور",
        category=make_category(),
        body="<p>النص المنشور.</p>",
        status=Article.Status.PUBLISHED,
        author=staff["journalist"],
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def keep(client, article, fields):
    url = (
        reverse("admin:articles_article_autosave", args=[article.pk])
        if article
        else reverse("admin:articles_article_autosave_new")
    )
    return client.post(url, json.dumps({"fields": fields}), content_type="application/json")


def test_autosave_keeps_the_form_and_changes_nothing_public(staff, article):
    before = Version.objects.get_for_object(article).count()
    version = article.version
    response = keep(client_for(staff["editor"]), article, {"title": ["عنوان لم يُحفظ"]})

    assert response.status_code == 200
    kept = Autosave.objects.get(article=article, user=staff["editor"])
    assert kept.data == {"title": ["عنوان لم يُحفظ"]}
    article.refresh_from_db()
    assert article.title == "العنوان المنشور"
    assert article.version == version
    assert Version.objects.get_for_object(article).count() == before
    reader = Client().get(article.get_absolute_url())
    assert "عنوان لم يُحفظ" not in reader.content.decode()


def test_only_its_owner_is_offered_an_autosave(staff, article):
    keep(client_for(staff["editor"]), article, {"title": ["مسودة المحرر الخاصة"]})
    url = reverse("admin:articles_article_change", args=[article.pk])

    mine = parse(client_for(staff["editor"]).get(url).content)
    assert mine.find(id="autosave-offer") is not None
    theirs = client_for(staff["editor"]).get(url + "?autosave=restore")
    assert "مسودة المحرر الخاصة" in theirs.content.decode()

    other = client_for(staff["journalist"])
    article.status = Article.Status.DRAFT
    article.save()
    assert parse(other.get(url).content).find(id="autosave-offer") is None
    assert "مسودة المحرر الخاصة" not in other.get(url + "?autosave=restore").content.decode()


def test_restore_fills_the_form_and_saving_removes_the_autosave(staff, article):
    editor = client_for(staff["editor"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    keep(editor, article, {"title": ["عنوان مستعاد"], "lead": ["مقدمة مستعادة"]})
    page = parse(editor.get(url + "?autosave=restore").content)
    assert page.find("textarea", name="title").text == "عنوان مستعاد"
    assert page.find(id="autosave-restored") is not None

    Autosave.objects.filter(user=staff["editor"]).delete()
    assert parse(editor.get(url).content).find(id="autosave-offer") is None


def test_dismiss_deletes_the_autosave(staff, article):
    editor = client_for(staff["editor"])
    keep(editor, article, {"title": ["x"]})
    response = editor.post(reverse("admin:articles_article_autosave_discard", args=[article.pk]))
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_a_new_articles_form_has_its_own_autosave(staff):
    journalist = client_for(staff["journalist"])
    assert keep(journalist, None, {"title": ["خبر جديد لم يُحفظ"]}).status_code == 200
    assert keep(journalist, None, {"title": ["خبر جديد، نسخة ثانية"]}).status_code == 200
    assert Autosave.objects.filter(article=None, user=staff["journalist"]).count() == 1
    page = journalist.get(reverse("admin:articles_article_add") + "?autosave=restore")
    assert "خبر جديد، نسخة ثانية" in page.content.decode()


def test_limits_auth_and_csrf(staff, article):
    editor = client_for(staff["editor"])
    big = {"body": ["x" * (autosave.MAX_BYTES + 1)]}
    assert keep(editor, article, big).status_code == 413
    assert keep(editor, article, {"title": "not a list"}).status_code == 400
    assert keep(client_for(staff["moderator"]), article, {"title": ["x"]}).status_code == 403
    assert keep(Client(), article, {"title": ["x"]}).status_code == 302  # to the login page
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(staff["editor"])
    assert keep(csrf, article, {"title": ["x"]}).status_code == 403
    assert not Autosave.objects.exists()


def test_saving_the_article_removes_its_autosave(staff):
    journalist = client_for(staff["journalist"])
    keep(journalist, None, {"title": ["مسودة"]})
    data = {
        "title": "خبر",
        "slug": "خبر",
        "category": make_category().pk,
        "lead": "",
        "body": "<p>نص.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    assert journalist.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert not Autosave.objects.exists()

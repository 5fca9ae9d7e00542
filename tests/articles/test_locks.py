"""Edit locks: taken by opening the form, kept by the heartbeat, free 2 minutes after the last,
shown to anyone else with the choice to wait, read only or take over."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import locks
from articles.models import Article, EditLock
from tests.factories import make_category
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    call_command("seed_demo")
    Article.objects.all().delete()
    return {name: django_user_model.objects.get(username=name) for name in ("journalist", "editor")}


@pytest.fixture
def article(staff):
    return Article.objects.create(
        title="خبر",
        slug="خبر",
        category=make_category(),
        body="<p>نص.</p>",
        status=Article.Status.DRAFT,
        author=staff["journalist"],
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(article, query=""):
    return reverse("admin:articles_article_change", args=[article.pk]) + query


def heartbeat(client, article):
    return client.post(reverse("admin:articles_article_heartbeat", args=[article.pk]))


def test_opening_the_form_takes_the_lock(staff, article):
    client_for(staff["journalist"]).get(change_url(article))
    lock = EditLock.objects.get(article=article)
    assert lock.user == staff["journalist"]


def test_someone_else_sees_who_edits_and_since_when_in_arabic(staff, article):
    client_for(staff["journalist"]).get(change_url(article))
    response = client_for(staff["editor"]).get(change_url(article), HTTP_ACCEPT_LANGUAGE="ar")
    banner = parse(response.content).find(id="edit-lock")
    assert banner is not None
    assert "يحرّر هذا المقال منذ لحظات" in banner.text
    assert staff["journalist"].get_full_name() in banner.text
    take = banner.find("form")
    assert take.attrs["method"] == "post"
    assert take.attrs["action"] == reverse("admin:articles_article_take_over", args=[article.pk])
    assert EditLock.objects.get(article=article).user == staff["journalist"]  # not taken


def test_heartbeat_keeps_the_lock_and_it_expires_two_minutes_after_the_last(staff, article):
    journalist, editor = client_for(staff["journalist"]), client_for(staff["editor"])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        journalist.get(change_url(article))
        clock.move_to(start + timedelta(seconds=100))
        assert heartbeat(journalist, article).json()["state"] == "held"
        clock.move_to(start + timedelta(seconds=200))  # 100 s after the last heartbeat
        page = parse(editor.get(change_url(article)).content)
        assert page.find(id="edit-lock") is not None
        clock.move_to(start + timedelta(seconds=100 + locks.LOCK_SECONDS + 1))
        page = parse(editor.get(change_url(article)).content)
        assert page.find(id="edit-lock") is None
        assert EditLock.objects.get(article=article).user == staff["editor"]


def test_take_over_and_the_first_editor_is_told_on_the_next_heartbeat(staff, article):
    journalist, editor = client_for(staff["journalist"]), client_for(staff["editor"])
    journalist.get(change_url(article))

    response = editor.post(reverse("admin:articles_article_take_over", args=[article.pk]))

    assert response.status_code == 302
    assert EditLock.objects.get(article=article).user == staff["editor"]
    answer = heartbeat(journalist, article).json()
    assert answer["state"] == "taken"
    assert staff["editor"].get_full_name() in answer["message"]
    assert EditLock.objects.get(article=article).user == staff["editor"]  # still the editor's


def test_read_only_shows_the_article_without_save_buttons_or_taking_the_lock(staff, article):
    client_for(staff["journalist"]).get(change_url(article))
    response = client_for(staff["editor"]).get(change_url(article, "?readonly=1"))
    page = parse(response.content)
    form = page.find("form", id="article_form")
    assert form.find("textarea", name="title") is None
    assert form.find("input", name="_save") is None
    assert EditLock.objects.get(article=article).user == staff["journalist"]


def test_heartbeat_is_a_csrf_protected_post_for_those_who_may_edit(
    staff, article, django_user_model
):
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(staff["journalist"])
    assert heartbeat(csrf, article).status_code == 403
    url = reverse("admin:articles_article_heartbeat", args=[article.pk])
    assert client_for(staff["journalist"]).get(url).status_code == 405
    moderator = django_user_model.objects.get(username="moderator")
    assert heartbeat(client_for(moderator), article).status_code == 403
    assert heartbeat(Client(), article).status_code == 302  # to the login page


def test_the_form_loads_the_editing_script_from_a_file(staff, article):
    page = parse(client_for(staff["editor"]).get(change_url(article)).content)
    sources = [script.attrs.get("src", "") for script in page.find_all("script")]
    assert any(src.endswith("js/editing.js") for src in sources)
    config = page.find(id="editing")
    assert config.attrs["data-heartbeat-url"] == reverse(
        "admin:articles_article_heartbeat", args=[article.pk]
    )


def test_who_may_only_read_takes_no_lock_and_autosaves_nothing(staff, article):
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    article.save()  # a published article is the editors'
    page = parse(client_for(staff["journalist"]).get(change_url(article)).content)
    config = page.find(id="editing")
    assert "data-autosave-url" not in config.attrs
    assert "data-heartbeat-url" not in config.attrs
    assert not EditLock.objects.exists()

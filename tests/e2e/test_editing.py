"""Two people on one article in real browsers: the refused save, the lock banner and take-over,
the autosave restored, the warning before leaving with unsaved changes (under the admin's CSP)."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from articles.models import Article, Autosave, EditLock
from tests.e2e.staff import sign_in
from tests.factories import make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article():
    with override_settings(DEBUG=True):  # the demo staff and their known password
        call_command("seed_demo")
    from django.contrib.auth import get_user_model

    return Article.objects.create(
        title="البلدية تفتتح حديقة جديدة",
        slug="حديقة-جديدة",
        category=make_category(),
        lead="المقدمة الأولى",
        body="<p>نص الخبر الأول.</p>",
        status=Article.Status.DRAFT,
        author=get_user_model().objects.get(username="journalist"),
    )


def change_url(live_server, article):
    return live_server.url + reverse("admin:articles_article_change", args=[article.pk])


def test_two_sessions_the_second_save_is_refused_with_what_changed(
    live_server, browser, article, shots
):
    journalist = sign_in(browser, live_server, "journalist")
    editor = sign_in(browser, live_server, "editor")
    journalist.goto(change_url(live_server, article))
    editor.goto(change_url(live_server, article))

    journalist.fill("#id_lead", "مقدمة كتبها الصحفي")
    journalist.click("input[name=_continue]")
    journalist.wait_for_selector(".messagelist .success")
    editor.fill("#id_title", "عنوان كتبه المحرر")
    editor.click("input[name=_continue]")

    conflict = editor.wait_for_selector("#edit-conflict")
    assert "مقدمة كتبها الصحفي" in conflict.inner_text()
    assert editor.input_value("#id_title") == "عنوان كتبه المحرر"
    assert editor.input_value("#id_lead") == "مقدمة كتبها الصحفي"
    article.refresh_from_db()
    assert (article.title, article.lead) == ("البلدية تفتتح حديقة جديدة", "مقدمة كتبها الصحفي")
    editor.screenshot(path=shots / "conflict-1366.png", full_page=False)
    editor.set_viewport_size({"width": 390, "height": 844})
    editor.screenshot(path=shots / "conflict-390.png", full_page=False)

    editor.click("input[name=_continue]")  # after reading: apply the headline
    editor.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert (article.title, article.lead) == ("عنوان كتبه المحرر", "مقدمة كتبها الصحفي")


def test_lock_banner_take_over_and_the_first_editors_text_goes_to_their_autosave(
    live_server, browser, article, shots
):
    journalist = sign_in(browser, live_server, "journalist", clock=True)
    journalist.goto(change_url(live_server, article))
    journalist.fill("#id_lead", "نص لم يحفظه الصحفي بعد")

    for width in (1366, 390):
        editor = sign_in(browser, live_server, "editor", width=width)
        editor.goto(change_url(live_server, article))
        banner = editor.wait_for_selector("#edit-lock")
        assert "يحرّر هذا المقال منذ" in banner.inner_text()
        editor.screenshot(path=shots / f"lock-banner-{width}.png")
    editor.click("#edit-lock button[type=submit]")  # take over
    editor.wait_for_selector("#article_form")
    assert EditLock.objects.get(article=article).user.username == "editor"

    journalist.clock.run_for(16_000)  # the next heartbeat
    taken = journalist.wait_for_selector("#edit-lock-taken:not([hidden])")
    assert "تولّى" in taken.inner_text()
    journalist.wait_for_function(
        "() => document.getElementById('autosave-status').textContent !== ''", polling=100
    )
    kept = Autosave.objects.get(article=article, user__username="journalist")
    assert kept.data["lead"] == ["نص لم يحفظه الصحفي بعد"]


def test_autosave_restore_and_the_warning_before_leaving(live_server, browser, article, shots):
    page = sign_in(browser, live_server, "journalist", clock=True)
    page.goto(change_url(live_server, article))
    page.fill("#id_title", "عنوان كتبته ولم أحفظه")

    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    page.click(".breadcrumbs a")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url == change_url(live_server, article)

    page.clock.run_for(31_000)  # the autosave's period
    page.wait_for_function(
        "() => document.getElementById('autosave-status').textContent !== ''", polling=100
    )
    article.refresh_from_db()
    assert article.title == "البلدية تفتتح حديقة جديدة"  # the article itself is untouched

    page.remove_listener("dialog", on_dialog)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(change_url(live_server, article))
    offer = page.wait_for_selector("#autosave-offer")
    assert "لديك نسخة محفوظة تلقائياً" in offer.inner_text()
    page.screenshot(path=shots / "autosave-offer-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=shots / "autosave-offer-390.png")
    page.click("#autosave-offer a.button")
    page.wait_for_selector("#autosave-restored")
    assert page.input_value("#id_title") == "عنوان كتبته ولم أحفظه"

    # Saving does not warn, and the autosave is gone once the article is saved.
    dialogs.clear()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert not Autosave.objects.exists()
    article.refresh_from_db()
    assert article.title == "عنوان كتبته ولم أحفظه"

"""Two editors on one static page in real browsers: the second save is refused with what changed
(on a phone too, without sideways scrolling), and the autosave is offered and restored."""

import pytest
import reversion
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from articles.models import Autosave, Page
from tests.e2e.staff import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONTACT = (
    "<h2>اتصل بنا</h2>"
    "<p>لأي ملاحظة على ما ننشره اكتبوا إلى قسم التحرير على العنوان "
    "editorialcorrections.newsroomdepartment@examplenewspaper.com وسنرد خلال يومين.</p>"
    + "<p>نستقبل رسائلكم من الأحد إلى الخميس، ونقرأ كل رسالة تصلنا بعناية.</p>"
    * 6
)


@pytest.fixture
def contact():
    with override_settings(DEBUG=True):  # the demo staff and their known password
        call_command("seed_demo")
    make_user(
        username="editor2",
        password="newsroom-demo",
        groups=["Editors"],
        first_name="كريم",
        last_name="نصار",
    )
    with reversion.create_revision():
        return Page.objects.create(
            title="اتصل بنا", slug="write-to-us", body=CONTACT, published=True
        )


def change_url(live_server, page):
    return live_server.url + reverse("admin:articles_page_change", args=[page.pk])


def test_the_second_save_of_a_page_is_refused_and_fits_a_phone(
    live_server, browser, contact, shots
):
    first = sign_in(browser, live_server, "editor")
    phone = sign_in(browser, live_server, "editor2", width=390)
    first.goto(change_url(live_server, contact))
    phone.goto(change_url(live_server, contact))

    first.fill("#id_body", CONTACT.replace("خلال يومين", "خلال يوم واحد"))
    first.click("input[name=_continue]")
    first.wait_for_selector(".messagelist .success")
    phone.fill("#id_title", "تواصل معنا")
    phone.click("input[name=_continue]")

    conflict = phone.wait_for_selector("#edit-conflict")
    text = conflict.inner_text()
    assert "حفظ شخص آخر هذه الصفحة" in text
    added = " ".join(phone.locator("#edit-conflict .diff ins").all_inner_texts())
    assert "يوم واحد" in added  # the body's diff
    assert phone.input_value("#id_title") == "تواصل معنا"
    assert "خلال يوم واحد" in phone.input_value("#id_body")
    contact.refresh_from_db()
    assert contact.title == "اتصل بنا"

    width = phone.evaluate("document.documentElement.scrollWidth")
    conflict.scroll_into_view_if_needed()
    phone.screenshot(path=shots / "page-conflict-390.png", full_page=True)
    assert width <= 390, "the conflict view must not scroll sideways on a phone"
    phone.set_viewport_size({"width": 1366, "height": 900})
    phone.screenshot(path=shots / "page-conflict-1366.png", full_page=True)

    phone.click("input[name=_continue]")  # after reading: apply the title
    phone.wait_for_selector(".messagelist .success")
    contact.refresh_from_db()
    assert contact.title == "تواصل معنا"
    assert "خلال يوم واحد" in contact.body
    for page in (first, phone):
        page.context.close()


def test_the_page_form_autosaves_and_offers_the_text_back(live_server, browser, contact, shots):
    page = sign_in(browser, live_server, "editor", clock=True)
    page.goto(change_url(live_server, contact))
    page.fill("#id_body", CONTACT + "<p>فقرة جديدة لم تُحفظ بعد.</p>")

    page.clock.run_for(31_000)  # the autosave's period
    page.wait_for_function(
        "() => document.getElementById('autosave-status').textContent !== ''", polling=100
    )
    kept = Autosave.objects.get(page=contact, user__username="editor")
    assert "فقرة جديدة لم تُحفظ بعد" in kept.data["body"][0]
    contact.refresh_from_db()
    assert "فقرة جديدة" not in contact.body

    page.on("dialog", lambda dialog: dialog.accept())  # leaving with unsaved changes asks
    page.goto(change_url(live_server, contact))
    offer = page.wait_for_selector("#autosave-offer")
    assert "لديك نسخة محفوظة تلقائياً" in offer.inner_text()
    page.screenshot(path=shots / "page-autosave-offer-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=shots / "page-autosave-offer-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("#autosave-offer a.button")
    page.wait_for_selector("#autosave-restored")
    assert "فقرة جديدة لم تُحفظ بعد" in page.input_value("#id_body")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert not Autosave.objects.exists()
    contact.refresh_from_db()
    assert "فقرة جديدة لم تُحفظ بعد" in contact.body
    page.context.close()

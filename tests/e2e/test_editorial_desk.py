"""The desk in a real browser: write in the editor, review, send back, resubmit, schedule."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.e2e.staff import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EDITOR = ".ProseMirror[contenteditable=true]"
TITLE = "البلدية تفتتح حديقة جديدة على الواجهة البحرية في مدينة الكويت بمساحة خمسين ألف متر"


def write_body(page, photo):
    page.click(EDITOR)
    page.keyboard.type("خلفية المشروع")
    page.click(".prose-menubar__selected")
    page.click("button[data-name=heading2]")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("التفاصيل على موقع البلدية")
    page.keyboard.press("Enter")
    page.click("button[data-name=bulletList]")
    page.keyboard.type("ممشى بطول كيلومترين")
    page.keyboard.press("Enter")
    page.keyboard.type("ملاعب للأطفال")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.click("button[data-name=figure]")
    with page.expect_popup() as popup_info:
        page.click("dialog[open] .prose-editor-field-with-picker button")
    picker = popup_info.value
    picker.set_input_files("#id_image", str(photo))
    picker.fill("#id_alt", "مدخل الحديقة الجديدة")
    picker.fill("#id_caption", "مدخل الحديقة صباح الافتتاح")
    with picker.expect_event("close"):  # listening before the click: the popup may close at once
        picker.click("input[type=submit]")
    assert page.input_value("dialog[open] input[name=altText]") == "مدخل الحديقة الجديدة"
    page.click("dialog[open] button[type=submit]")
    page.wait_for_selector("dialog[open]", state="detached")
    # Last, as a journalist would: select a sentence already written and make it a link.
    page.locator(f"{EDITOR} p", has_text="التفاصيل على موقع البلدية").select_text()
    page.click("button[data-name=link]")
    page.fill("dialog[open] input[name=href]", "https://example.com/baladia")
    page.click("dialog[open] button[type=submit]")
    page.wait_for_selector("dialog[open]", state="detached")


def test_journalist_editor_round_trip_until_it_appears_by_itself(
    live_server, browser, shots, tmp_path
):
    with override_settings(DEBUG=True):  # the quick start's demo staff and their known password
        call_command("seed_demo")
    photo = tmp_path / "park.jpg"
    Image.new("RGB", (1200, 800), (40, 120, 80)).save(photo)

    # The journalist writes in the editor and sends the article for review.
    desk = sign_in(browser, live_server, "journalist")
    desk.goto(live_server.url + reverse("admin:articles_article_add"))
    desk.fill("#id_title", TITLE)
    desk.select_option("#id_category", label="محليات")
    desk.fill("#id_lead", "افتتاح حديقة عامة جديدة على البحر.")
    write_body(desk, photo)
    assert "كلمة" in desk.inner_text("#article-stats")  # e.g. "14 كلمة · دقيقة واحدة للقراءة"
    desk.screenshot(path=shots / "01-journalist-editor-1366.png", full_page=True)
    desk.select_option("#id_status", "review")
    desk.click("input[name=_save]")
    desk.wait_for_selector(".messagelist")

    article = Article.objects.get(title=TITLE)
    assert article.state == Article.State.REVIEW
    assert article.author.username == "journalist"
    body = article.body
    assert "<h2>خلفية المشروع</h2>" in body
    assert 'href="https://example.com/baladia"' in body
    assert "<li><p>ملاعب للأطفال</p></li>" in body
    assert "<figcaption>مدخل الحديقة صباح الافتتاح</figcaption>" in body
    assert 'alt="مدخل الحديقة الجديدة"' in body

    # The editor finds it in the review queue and sends it back with a note.
    editor = sign_in(browser, live_server, "editor")
    assert "بانتظار المراجعة" in editor.inner_text(".review-queue-notice")
    editor.click(".review-queue-notice a")
    editor.wait_for_selector("#result_list")
    assert editor.locator("#result_list tbody tr").count() == Article.objects.in_review().count()
    editor.click(f"text={TITLE}")
    editor.click(".send-back-link")
    editor.fill("#id_note", "أضف موعد الافتتاح الرسمي في الفقرة الأولى.")
    editor.click("input[name=send_back]")
    editor.wait_for_selector(".messagelist")
    article.refresh_from_db()
    assert article.state == Article.State.DRAFT

    # The journalist sees the note, in the list and on the article, fixes it and resubmits.
    desk.goto(live_server.url + reverse("admin:articles_article_changelist"))
    assert "أضف موعد الافتتاح" in desk.inner_text(".article-state__note")
    desk.click(f"text={TITLE}")
    assert "أضف موعد الافتتاح الرسمي" in desk.inner_text(".editor-note")
    desk.screenshot(path=shots / "02-journalist-note-1366.png")
    heading = desk.locator(f"{EDITOR} h2")
    heading.click()
    # The caret at the heading's end: "End" alone raced the editor's focus on a loaded machine.
    heading.evaluate(
        "h => { const r = document.createRange(); r.selectNodeContents(h); r.collapse(false);"
        " const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"
    )
    # The editor takes the selection on its next selectionchange: wait until its own state
    # (Tiptap keeps the editor on its element) has the caret at the heading's end.
    desk.wait_for_function(
        """selector => {
            const editor = document.querySelector(selector)?.editor;
            const at = editor && editor.state.selection.$from;
            return at && editor.state.selection.empty && at.parent.type.name === "heading"
                && at.parentOffset === at.parent.content.size;
        }""",
        arg=EDITOR,
    )
    desk.keyboard.press("Enter")
    desk.keyboard.type("تفتتح الحديقة رسمياً يوم الخميس المقبل.")
    desk.select_option("#id_status", "review")
    desk.click("input[name=_save]")
    desk.wait_for_selector(".messagelist")
    article.refresh_from_db()
    assert article.state == Article.State.REVIEW
    assert "<h2>خلفية المشروع</h2><p>تفتتح الحديقة رسمياً يوم الخميس المقبل.</p>" in article.body

    # The editor schedules it for later today.
    when = timezone.localtime(timezone.now() + timedelta(hours=1))
    editor.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    editor.select_option("#id_status", "published")
    editor.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    editor.fill("#id_published_at_1", when.strftime("%H:%M:%S"))
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist")
    assert "مجدول للنشر في" in editor.inner_text(".article-state-line")
    editor.goto(live_server.url + reverse("admin:articles_article_changelist"))
    row = editor.locator("#result_list tr", has_text=TITLE)
    assert "مجدول للنشر في" in row.inner_text()
    editor.screenshot(path=shots / "03-editor-list-scheduled-1366.png")
    editor.goto(live_server.url + article.get_absolute_url())
    assert "مجدول للنشر في" in editor.inner_text(".notice--preview")
    assert editor.locator("#commentform").count() == 0

    # A reader does not see it yet. Time is moved by bringing the publication time to two
    # seconds from now; nothing else is written: when the clock passes it, it appears.
    reader = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900}).new_page()
    reader.goto(live_server.url + "/")
    assert TITLE not in reader.inner_text("main")
    soon = timezone.now() + timedelta(seconds=2)
    Article.objects.filter(pk=article.pk).update(published_at=soon)
    # The reader reloads the home page until the story is there (a deadline, no fixed wait).
    deadline = time.monotonic() + 30
    reader.goto(live_server.url + "/")
    while TITLE not in reader.inner_text("main"):
        assert time.monotonic() < deadline, "the scheduled story never appeared"
        reader.goto(live_server.url + "/")
    assert timezone.now() > soon
    assert TITLE in reader.inner_text("main")
    reader.click(f"text={TITLE}")
    story = reader.locator(".story__body")
    assert story.locator("h2").inner_text() == "خلفية المشروع"
    assert story.locator("figure figcaption").inner_text() == "مدخل الحديقة صباح الافتتاح"
    image = story.locator("img")
    image.scroll_into_view_if_needed()  # lazy: it loads once near the viewport
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1200
    assert reader.locator("#commentform").count() == 1
    assert "ريم الصالح" in reader.inner_text(".byline")
    reader.screenshot(path=shots / "04-reader-article-1366.png", full_page=True)
    reader.context.close()

    # The admin on a phone.
    phone = sign_in(browser, live_server, "journalist", width=390)
    phone.goto(live_server.url + reverse("admin:articles_article_changelist"))
    phone.screenshot(path=shots / "05-admin-list-390.png", full_page=True)
    phone.goto(live_server.url + reverse("admin:articles_article_add"))
    phone.wait_for_selector(EDITOR)
    phone.fill("#id_title", TITLE)
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path=shots / "06-admin-editor-390.png", full_page=True)
    assert width <= 390
    for page in (desk, editor, phone):
        page.context.close()

"""Editors' notes in a real browser (Chromium, RTL admin, under the admin's CSP): an editor
adds a note beside the change form, the journalist who wrote the article sees it and resolves
it; no script is needed for either."""

import pytest
from django.urls import reverse

from articles.models import ArticleNote
from tests.e2e import test_editing
from tests.e2e.staff import sign_in
from tests.e2e.test_editing import change_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The editing tests' article (by the demo journalist), as a fixture here.
article = test_editing.article

NOTE = "الرقم في الفقرة الثانية يحتاج إلى مصدر، وراجعي العنوان قبل الإرسال."


def test_an_editor_adds_a_note_and_the_journalist_resolves_it(
    live_server,
    browser,
    article,
    shots,
):
    editor = sign_in(browser, live_server, "editor")
    editor.goto(change_url(live_server, article))
    panel = editor.locator("#article-notes")
    assert panel.get_attribute("open") is None  # no open note: folded
    editor.click("#article-notes > summary")
    editor.fill("#id_note-text", NOTE)
    editor.click(".article-notes__add button[type=submit]")
    editor.wait_for_selector(".messagelist .success")
    assert editor.url == change_url(live_server, article) + "#article-notes"
    assert NOTE in editor.inner_text("#article-notes .article-note__text")
    assert ArticleNote.objects.get().author.username == "editor"

    journalist = sign_in(browser, live_server, "journalist")
    journalist.goto(change_url(live_server, article))
    panel = journalist.locator("#article-notes")
    assert panel.get_attribute("open") is not None  # an open note: unfolded
    assert "ملاحظة مفتوحة واحدة" in journalist.inner_text(".article-notes__count")
    assert NOTE in panel.inner_text()
    panel.scroll_into_view_if_needed()
    journalist.screenshot(path=shots / "notes-1366.png")
    panel.screenshot(path=shots / "notes-panel-1366.png")
    journalist.set_viewport_size({"width": 390, "height": 844})
    panel.scroll_into_view_if_needed()
    journalist.screenshot(path=shots / "notes-390.png")
    panel.screenshot(path=shots / "notes-panel-390.png")
    assert journalist.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    journalist.click("#article-notes .article-note__resolve button")
    journalist.wait_for_selector(".messagelist .success")
    note = ArticleNote.objects.get()
    assert note.resolved_by.username == "journalist"
    assert journalist.locator("#article-notes").get_attribute("open") is None
    assert "لا ملاحظات مفتوحة" in journalist.inner_text(".article-notes__count")
    journalist.click("#article-notes > summary")
    journalist.click(".article-notes__resolved > summary")
    assert "أغلقها ريم الصالح" in journalist.inner_text(".article-notes__resolved")
    journalist.screenshot(path=shots / "notes-resolved-390.png")

    # The article itself was never saved by either note: the change form still saves.
    journalist.set_viewport_size({"width": 1366, "height": 900})
    journalist.goto(change_url(live_server, article))
    journalist.fill("#id_lead", "مقدمة بعد الملاحظة")
    journalist.click("input[name=_continue]")
    journalist.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.lead == "مقدمة بعد الملاحظة"
    assert reverse("admin:articles_article_change", args=[article.pk]) in journalist.url

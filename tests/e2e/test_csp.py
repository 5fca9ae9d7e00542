"""The Content-Security-Policy in a real browser: enforced, and nothing of ours breaks it.

Every page opened here (and in the other browser tests) reports its violations and script
errors to the `browser_problems` fixture (tests/e2e/conftest.py); any one fails the test.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from articles.models import Article
from comments.models import Comment
from tests.e2e.staff import sign_in
from tests.e2e.test_editorial_desk import EDITOR
from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injectedRan = true";
  document.head.append(script);
  const pixel = new Image();
  pixel.src = "http://evil.example/pixel.gif";
  document.body.append(pixel);
  return new Promise((resolve) => setTimeout(() => resolve(window.injectedRan === true), 300));
}"""


def test_the_policy_is_enforced_and_reported(live_server, page, browser_problems):
    article = make_article()
    response = page.goto(live_server.url + article.get_absolute_url())
    assert "script-src 'self'" in response.headers["content-security-policy"]

    assert page.evaluate(INJECT) is False  # the injected inline script did not run
    seen = "\n".join(browser_problems)
    assert "script-src-elem blocked inline" in seen
    assert "img-src blocked http://evil.example/pixel.gif" in seen
    browser_problems.clear()  # expected here; anything else still fails the test


def test_a_reader_reads_replies_and_searches_without_a_violation(live_server, page):
    article = make_article(title="خبر عن الميناء الجديد")
    comment = make_comment(article, author_name="سارة")
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("script[type='application/ld+json']").count() >= 1

    page.click(f"#comment-{comment.pk} a.comment__reply")  # the reply script moves the form
    assert page.locator(f"#comment-{comment.pk} #respond").count() == 1
    page.fill("textarea[name=comment]", "رد تحت سياسة أمان المحتوى")
    page.fill("input[name=author]", "قارئ")
    page.fill("input[name=email]", "csp@example.com")
    page.click("#commentform button[type=submit]")
    page.wait_for_url("**#comment-*")
    assert Comment.objects.get(parent=comment).content == "رد تحت سياسة أمان المحتوى"

    box = page.locator("header form.site-search input[name=q]")
    box.fill("الميناء")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".search-result").count() == 1


def test_a_journalist_writes_and_an_editor_publishes_without_a_violation(
    live_server, browser, tmp_path
):
    with override_settings(DEBUG=True):  # the demo staff and their known password
        call_command("seed_demo")
    photo = tmp_path / "harbour.jpg"
    Image.new("RGB", (800, 500), (30, 90, 140)).save(photo)

    desk = sign_in(browser, live_server, "journalist")
    desk.goto(live_server.url + reverse("admin:articles_article_add"))
    desk.fill("#id_title", "مقال كتب تحت سياسة أمان المحتوى")
    desk.select_option("#id_category", label="محليات")
    desk.click(EDITOR)
    desk.keyboard.type("بداية ")
    desk.click("button[data-name=bold]")
    desk.keyboard.type("كلمة عريضة")
    desk.click("button[data-name=bold]")
    desk.keyboard.type(" ونهاية الفقرة")
    desk.keyboard.press("Enter")
    desk.click("button[data-name=figure]")
    with desk.expect_popup() as popup_info:
        desk.click("dialog[open] .prose-editor-field-with-picker button")
    picker = popup_info.value
    picker.set_input_files("#id_image", str(photo))
    picker.fill("#id_alt", "الميناء من البحر")
    with picker.expect_event("close"):  # listening before the click: the popup may close at once
        picker.click("input[type=submit]")
    desk.click("dialog[open] button[type=submit]")
    desk.wait_for_selector("dialog[open]", state="detached")
    # Last, as in the desk's own test: select the sentence written and make it a link.
    desk.locator(f"{EDITOR} p", has_text="ونهاية الفقرة").select_text()
    desk.click("button[data-name=link]")
    desk.fill("dialog[open] input[name=href]", "https://example.com/source")
    desk.click("dialog[open] button[type=submit]")
    desk.wait_for_selector("dialog[open]", state="detached")
    desk.select_option("#id_status", "review")
    desk.click("input[name=_save]")
    desk.wait_for_selector(".messagelist")

    article = Article.objects.get(title="مقال كتب تحت سياسة أمان المحتوى")
    assert "<strong>كلمة عريضة</strong>" in article.body
    assert 'href="https://example.com/source"' in article.body
    assert 'src="/media/articles/body/' in article.body

    editor = sign_in(browser, live_server, "editor")
    editor.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    editor.select_option("#id_status", "published")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist")
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED
    editor.goto(live_server.url + reverse("admin:articles_article_changelist"))
    editor.goto(live_server.url + article.get_absolute_url())
    assert editor.locator(".story__body img").evaluate("img => img.naturalWidth") == 800
    for page in (desk, editor):
        page.context.close()

"""In Chromium: the live "new comments" bar (comments.js, comments/live.py) and the report
dialog, under the site's Content-Security-Policy (conftest.py fails a test on any violation
or script error). Screenshots at 390 and 1366 px go to NEWSROOM_SCREENSHOTS (or a temporary
folder)."""

import pytest

from comments import actions
from comments.models import Comment, CommentReport
from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

Status = Comment.Status


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600  # the polls are answered as in production


def test_new_comments_bar_appears_and_inserts_them_without_a_reload(live_server, page, shots):
    article = make_article(title="خبر تتوالى عليه التعليقات")
    first = make_comment(article, author_name="سارة", content="أول تعليق على الخبر")
    reply = make_comment(article, status=Status.PENDING, parent=first, content="رد وصل للتو")
    later = make_comment(article, status=Status.PENDING, content="تعليق جديد في آخر النقاش")
    page.clock.install()
    page.goto(live_server.url + article.get_absolute_url())
    page.evaluate("window.sameDocument = true")
    bar = page.locator("#comments-live")

    page.clock.run_for(31_000)  # a poll: nothing new yet
    page.wait_for_load_state("networkidle")
    assert bar.is_hidden()

    actions.perform(reply, "approve", by=None)
    actions.perform(later, "approve", by=None)
    page.clock.run_for(31_000)
    bar.wait_for(state="visible")
    assert bar.inner_text() == "تعليقان جديدان — اعرضهما"
    assert page.locator(f"#comment-{reply.pk}").count() == 0

    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.locator("#comments").scroll_into_view_if_needed()
        page.screenshot(path=shots / f"live-bar-{width}.png", full_page=False)

    page.click("#comments-live button")
    assert bar.is_hidden()
    inserted_reply = page.locator(f"#comment-{first.pk} > ol.children > #comment-{reply.pk}")
    assert "رد وصل للتو" in inserted_reply.inner_text()
    top_level = page.locator("#comments .comment-list > li.comment")
    assert top_level.evaluate_all("items => items.map(item => item.id)") == [
        f"comment-{first.pk}",
        f"comment-{later.pk}",
    ]
    assert page.evaluate("window.sameDocument") is True  # no reload
    focused = page.evaluate("document.activeElement.closest('li.comment').id")
    assert focused == f"comment-{reply.pk}"
    # The inserted comments carry their own links, as the thread's others do.
    assert page.locator(f"#comment-{later.pk} a.comment__reply").count() == 1
    assert page.locator(f"#comment-{later.pk} a.comment__report").count() == 1

    page.clock.run_for(31_000)  # the next poll finds nothing this page lacks
    page.wait_for_load_state("networkidle")
    assert bar.is_hidden()


def test_the_first_comment_of_an_empty_thread_arrives_live(live_server, page):
    article = make_article()
    waiting = make_comment(article, status=Status.PENDING, content="أول من يعلّق")
    page.clock.install()
    page.goto(live_server.url + article.get_absolute_url())
    actions.perform(waiting, "approve", by=None)
    page.clock.run_for(31_000)
    page.locator("#comments-live").wait_for(state="visible")
    assert page.inner_text("#comments-live") == "تعليق جديد واحد — اعرضه"
    page.click("#comments-live button")
    assert "أول من يعلّق" in page.inner_text(f"#comments .comment-list #comment-{waiting.pk}")
    assert page.locator("#comments .comments__empty").count() == 0


def open_dialog(page, comment):
    link = page.locator(f"#comment-{comment.pk} a.comment__report")
    link.click()
    dialog = page.locator("#report-dialog")
    dialog.wait_for(state="visible")
    return link, dialog


def test_report_dialog_sends_the_report_and_confirms_it(live_server, page, shots):
    article = make_article()
    comment = make_comment(article, content="تعليق سيُبلَّغ عنه")
    page.goto(live_server.url + article.get_absolute_url())
    page.evaluate("window.sameDocument = true")

    _link, dialog = open_dialog(page, comment)
    assert page.evaluate("document.activeElement.name") == "reason"  # focus moved in
    assert dialog.get_attribute("aria-labelledby") == "report-dialog-title"
    assert page.inner_text("#report-dialog-title") == "الإبلاغ عن تعليق"

    page.click("#report-dialog button[type=submit]")  # no reason yet: the browser asks
    assert page.evaluate("document.querySelector('#report-dialog form').checkValidity()") is False
    assert dialog.is_visible()
    assert page.inner_text(".report-dialog__status") == ""
    assert CommentReport.objects.count() == 0

    page.check("#report-dialog input[value=harassment]")
    page.fill("#report-dialog textarea", "إساءة لقارئ آخر")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=shots / f"report-dialog-{width}.png", full_page=False)
    page.click("#report-dialog button[type=submit]")
    status = page.locator(".report-dialog__status")
    status.filter(has_text="شكرًا لك").wait_for()
    assert status.inner_text() == "شكرًا لك. أُرسل بلاغك إلى المشرفين."
    page.screenshot(path=shots / "report-dialog-sent-390.png", full_page=False)
    report = CommentReport.objects.get()
    assert (report.comment_id, report.reason, report.details) == (
        comment.pk,
        "harassment",
        "إساءة لقارئ آخر",
    )
    assert page.evaluate("window.sameDocument") is True

    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('comment__report')")


def test_escape_closes_the_dialog_and_focus_goes_back_to_the_link(live_server, page):
    article = make_article()
    comment = make_comment(article)
    page.goto(live_server.url + article.get_absolute_url())
    link, dialog = open_dialog(page, comment)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == link.get_attribute("href")
    # Open again: a fresh form, no leftover message.
    open_dialog(page, comment)
    assert page.inner_text(".report-dialog__status") == ""
    page.click(".report-dialog__close")
    dialog.wait_for(state="hidden")
    assert CommentReport.objects.count() == 0


def test_without_javascript_the_report_link_opens_the_form_page(live_server, browser):
    article = make_article()
    comment = make_comment(article)
    context = browser.new_context(locale="ar", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("#comments-live").is_hidden()
    page.click(f"#comment-{comment.pk} a.comment__report")
    page.wait_for_url(f"**/comments/{comment.pk}/report/")
    assert page.locator("form.report-form").count() == 1
    context.close()


HIDE_TAB = """hidden => {
  Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_hidden_tab_polls_four_times_less_often(live_server, page):
    article = make_article()
    make_comment(article)
    polls = []
    page.on("request", lambda request: "/comments/live/" in request.url and polls.append(1))
    page.clock.install()
    page.goto(live_server.url + article.get_absolute_url())
    page.clock.run_for(31_000)
    page.wait_for_load_state("networkidle")
    assert len(polls) == 1

    page.evaluate(HIDE_TAB, True)
    page.clock.run_for(60_000)  # two visible intervals: still waiting
    page.wait_for_load_state("networkidle")
    assert len(polls) == 1
    page.clock.run_for(61_000)  # past four intervals
    page.wait_for_timeout(300)
    assert len(polls) == 2

    page.clock.run_for(60_000)
    page.evaluate(HIDE_TAB, False)  # back after more than an interval: asks at once
    page.clock.run_for(100)
    page.wait_for_timeout(300)
    assert len(polls) == 3

"""In a real browser: the editor's picks above the thread and a staff reply with its badge
(screenshots at 390 and 1366 px), and the reader's own "تعديل" link, which leads to the edit
form and goes when the edit window closes."""

import pytest

from comments import actions
from comments.models import Comment
from tests.factories import make_article, make_comment, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_picks_and_a_staff_reply_as_readers_see_them(live_server, browser, shots):
    moderator = make_staff()["moderator"]
    article = make_article(title="البلدية تفتتح حديقة جديدة")
    first = make_comment(
        article,
        author_name="سارة العلي",
        content="خبر جميل، لكن متى تُفتح الحديقة أيام الجمعة؟ وهل المواقف مجانية؟",
    )
    picked = make_comment(
        article,
        author_name="Karim M.",
        content="زرت الموقع أمس: الممرات واسعة ومناسبة للكراسي المتحركة، وهذا ما تحتاجه مدينتنا.",
    )
    make_comment(article, author_name="قارئ", content="شكراً على التغطية.")
    actions.perform(picked, "feature", by=moderator)
    actions.reply(first, "تُفتح الحديقة يوم الجمعة من الثامنة صباحاً، والمواقف مجانية.", by=moderator)

    for width in (1366, 390):
        context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url() + "#comments")
        picks = page.locator(".comments__picks")
        assert picks.is_visible()
        assert "اختيارات المحرر" in picks.inner_text()
        thread_top = page.locator(".comment-list").bounding_box()["y"]
        assert picks.bounding_box()["y"] < thread_top
        staff = page.locator(".comment-list .comment__badge--staff")
        assert staff.inner_text() == "فريق التحرير"
        assert staff.is_visible()
        assert page.locator(f"#comment-{picked.pk} .comment__badge--pick").first.is_visible()
        # Nothing overflows the narrow screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator("#comments").screenshot(path=shots / f"picks-staff-{width}.png")
        context.close()


def test_the_edit_link_leads_to_the_form_and_goes_when_the_window_closes(live_server, page, shots):
    article = make_article()
    page.clock.install()
    page.goto(live_server.url + article.get_absolute_url())
    page.fill("textarea[name=comment]", "تعليق فيه خطا")
    page.fill("input[name=author]", "قارئ المتصفح")
    page.fill("input[name=email]", "browser@example.com")
    page.click("#commentform button[type=submit]")
    page.wait_for_url("**#comment-*")
    comment = Comment.objects.get()

    link = page.locator(f"#comment-{comment.pk} a.comment__edit")
    assert link.inner_text() == "تعديل"
    link.click()
    page.wait_for_selector("form.edit-form")
    page.set_viewport_size({"width": 390, "height": 800})
    page.screenshot(path=shots / "edit-own-comment-390.png")
    page.fill("textarea[name=comment]", "تعليق فيه خطأ مصحَّح")
    page.click("form.edit-form button[type=submit]")
    page.wait_for_url("**#comment-*")
    assert "تعليق فيه خطأ مصحَّح" in page.locator(f"#comment-{comment.pk}").inner_text()
    assert page.locator(f"#comment-{comment.pk} a.comment__edit").count() == 1

    page.clock.run_for(6 * 60 * 1000)  # the window (5 minutes) closes while the page is open
    assert page.locator(f"#comment-{comment.pk} a.comment__edit").count() == 0

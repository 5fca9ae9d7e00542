import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_moderator_approves_a_waiting_comment_and_readers_see_it(live_server, page):
    article = make_article(title="خبر عليه تعليق ينتظر")
    waiting = make_comment(article, status=Comment.Status.PENDING, content="تعليق ينتظر الموافقة")
    make_user(
        username="desk",
        password="desk-pass-123",
        permissions=[
            "comments.view_comment",
            "comments.change_comment",
            "comments.moderate_comment",
        ],
    )

    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "desk")
    page.fill("#id_password", "desk-pass-123")
    page.click("input[type=submit]")
    assert page.inner_text(".pending-comments-notice") == "تعليق واحد بانتظار المراجعة"

    page.click(".pending-comments-notice a")
    page.click(f"a[href='{reverse('admin:comments_comment_change', args=[waiting.pk])}']")
    assert "تعليق ينتظر الموافقة" in page.inner_text(".as-readers-see")
    page.click("button[value=approve]")
    page.wait_for_selector(".messagelist")

    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    reader = page.context.browser.new_context(locale="ar").new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    assert "تعليق ينتظر الموافقة" in reader.inner_text(f"#comment-{waiting.pk}")
    reader.context.close()


def test_the_commenter_drawer_suspends_a_writer(live_server, browser, tmp_path):
    """The drawer of an opened comment, then "Suspend 7 days"; screenshots at 1366 and 390 px
    (in NEWSROOM_SCREENSHOTS when set, to look at them)."""
    import os
    from pathlib import Path

    from comments.standing import CommenterStanding
    from tests.factories import make_staff

    shots = Path(os.environ.get("NEWSROOM_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    article = make_article(title="خبر عليه تعليقات كثيرة")
    for n, status in enumerate(["approved", "approved", "spam", "trash", "pending"]):
        make_comment(
            article,
            author_email="hadi@example.com",
            status=status,
            content=f"تعليق سابق رقم {n} من القارئ نفسه",
            ip=f"192.0.2.{n + 1}",
        )
    opened = make_comment(
        article, author_email="hadi@example.com", status="pending", content="تعليق جديد حاد"
    )
    moderator = make_staff()["moderator"]
    moderator.set_password("desk-pass-123")
    moderator.save()

    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "moderator")
    page.fill("#id_password", "desk-pass-123")
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:comments_comment_change", args=[opened.pk]))
    drawer = page.locator("#commenter")
    assert "تعليقان منشوران" in drawer.inner_text()
    page.fill("#id_commenter_note", "يكتب بحدة أحياناً")
    page.click(".commenter-note button")
    page.fill("#id_standing_reason", "لغة مسيئة")
    page.click("button[value=suspend]")
    page.wait_for_selector(".messagelist")
    assert CommenterStanding.objects.get(email="hadi@example.com").level == "suspended"
    assert "موقوف" in drawer.inner_text()
    drawer.scroll_into_view_if_needed()
    page.screenshot(path=shots / "commenter-drawer-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    drawer.scroll_into_view_if_needed()
    page.screenshot(path=shots / "commenter-drawer-390.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the drawer must not make the page scroll sideways"
    context.close()

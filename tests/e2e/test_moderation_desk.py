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

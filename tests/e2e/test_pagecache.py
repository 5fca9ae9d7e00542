"""The comment form of a cached page in a real browser: the page is shared, the remembered
name comes from comments.js, and posting works without any CSRF token."""

import pytest

from comments import cookies
from comments.models import Comment
from tests.factories import make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.COMMENTS_FLOOD_SECONDS = 0  # the same reader posts twice in a few seconds


def test_a_cached_page_fills_the_remembered_author_by_script(live_server, page, browser):
    first, second = make_article(), make_article()
    second_url = live_server.url + second.get_absolute_url()
    other = browser.new_context(locale="ar").new_page()
    other.goto(second_url)  # another reader puts the page in the cache
    other.context.close()

    page.goto(live_server.url + first.get_absolute_url())
    page.fill("textarea[name=comment]", "تعليق أول من هذا المتصفح")
    page.fill("input[name=author]", "قارئة وفية")
    page.fill("input[name=email]", "loyal@example.com")
    page.check("input[name=cookies_consent]")
    page.click("#commentform button[type=submit]")
    page.wait_for_url("**#comment-*")
    assert Comment.objects.count() == 1

    # Ten minutes later the own-comment cookie is gone; the author cookie stays a year.
    page.context.clear_cookies(name=cookies.OWN_COOKIE)
    response = page.goto(second_url)
    assert response.headers["x-page-cache"] == "hit"
    assert "قارئة وفية" not in response.text()  # the shared page has no name in it...
    author = page.locator("input[name=author]")
    author.wait_for()
    page.wait_for_function(
        "document.querySelector('input[name=author]').value === 'قارئة وفية'"
    )  # ...the script filled it in
    assert page.input_value("input[name=email]") == "loyal@example.com"
    assert page.is_checked("input[name=cookies_consent]")

    page.fill("textarea[name=comment]", "تعليق ثان من صفحة مخزنة")
    page.click("#commentform button[type=submit]")
    page.wait_for_url("**#comment-*")
    reply = Comment.objects.get(article=second)
    assert reply.author_name == "قارئة وفية"
    assert "تعليق ثان من صفحة مخزنة" in page.locator(f"#comment-{reply.pk}").inner_text()

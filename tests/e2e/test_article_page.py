import pytest

from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_posts_a_comment_and_sees_it_waiting(live_server, page, browser):
    article = make_article(title="خبر للتجربة في المتصفح")
    page.goto(live_server.url + article.get_absolute_url())

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "خبر للتجربة في المتصفح"
    assert page.locator("#honeypot-check, .akismet-fields-container").first.is_hidden()

    page.fill("textarea[name=comment]", "تعليق من متصفح حقيقي")
    page.fill("input[name=author]", "قارئ المتصفح")
    page.fill("input[name=email]", "browser@example.com")
    page.click("#commentform button[type=submit]")
    page.wait_for_url("**#comment-*")

    comment = Comment.objects.get()
    assert page.url.endswith(f"{article.get_absolute_url()}#comment-{comment.pk}")
    assert comment.content == "تعليق من متصفح حقيقي"
    # The author sees it, marked as waiting; another reader does not.
    own = page.locator(f"#comment-{comment.pk}")
    assert "تعليق من متصفح حقيقي" in own.inner_text()
    assert "تعليقك بانتظار المراجعة" in own.inner_text()
    other = browser.new_context(locale="ar").new_page()
    other.goto(live_server.url + article.get_absolute_url())
    assert other.locator(f"#comment-{comment.pk}").count() == 0
    other.context.close()


def test_invalid_form_comes_back_with_errors_and_the_text_kept(live_server, page):
    article = make_article()
    page.goto(live_server.url + article.get_absolute_url())
    page.fill("textarea[name=comment]", "نص سيبقى كما هو")
    page.fill("input[name=author]", "قارئ")
    page.fill("input[name=email]", "ليس-بريداً")
    page.click("#commentform button[type=submit]")

    page.wait_for_selector("#form-errors")
    assert "يرجى كتابة عنوان بريد إلكتروني صحيح." in page.inner_text("#form-errors")
    assert page.input_value("textarea[name=comment]") == "نص سيبقى كما هو"
    assert Comment.objects.count() == 0


def test_reply_link_moves_the_form_under_the_comment(live_server, page):
    article = make_article()
    comment = make_comment(article, author_name="سارة")
    page.goto(live_server.url + article.get_absolute_url())

    page.click(f"#comment-{comment.pk} a.comment__reply")

    assert page.locator(f"#comment-{comment.pk} #respond").count() == 1
    assert page.input_value("input[name=comment_parent]") == str(comment.pk)
    assert "سارة" in page.inner_text("#replying-to")
    assert page.url.endswith(article.get_absolute_url())  # no reload

    page.click("#cancel-comment-reply-link")
    assert page.locator(f"#comment-{comment.pk} #respond").count() == 0
    assert page.input_value("input[name=comment_parent]") == "0"

    page.click(f"#comment-{comment.pk} a.comment__reply")
    page.fill("textarea[name=comment]", "رد عبر المتصفح")
    page.fill("input[name=author]", "قارئ")
    page.fill("input[name=email]", "reply@example.com")
    page.click("#commentform button[type=submit]")
    page.wait_for_url("**#comment-*")
    assert Comment.objects.get(parent=comment).content == "رد عبر المتصفح"

"""The desk worked from the keyboard, in a real browser: j/k to move, a, s, t to act, z to undo."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

Status = Comment.Status


def sign_in(page, live_server):
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


def row(page, comment):
    return page.locator(f"#result_list tbody tr:has(.desk-comment[data-id='{comment.pk}'])")


def status_of(comment):
    comment.refresh_from_db()
    return comment.status


def test_moderator_works_the_pending_queue_with_the_keyboard(live_server, page):
    article = make_article()
    # Newest first on the desk: first, second, third from the top.
    third = make_comment(article, status=Status.PENDING, content="تعليق ثالث")
    second = make_comment(article, status=Status.PENDING, content="تعليق ثانٍ")
    first = make_comment(article, status=Status.PENDING, content="تعليق أول")
    sign_in(page, live_server)
    page.goto(live_server.url + reverse("admin:comments_comment_changelist") + "?status=pending")
    assert "اختصارات لوحة المفاتيح" in page.inner_text("#desk-shortcuts summary")

    page.keyboard.press("j")
    assert "is-current" in row(page, first).get_attribute("class")
    page.keyboard.press("a")
    page.wait_for_function(
        "() => "  # a function: a string expression would need eval, which the CSP refuses
        f"document.querySelector(\".desk-comment[data-id='{first.pk}']\")"
        ".dataset.status === 'approved'"
    )
    assert status_of(first) == Status.APPROVED
    assert "is-done" in row(page, first).get_attribute("class")  # it left the pending queue
    assert page.inner_text(".status-links [data-count=pending]") == "(2)"
    assert first.events.get(event="status-approved").actor.username == "desk"

    page.keyboard.press("j")
    page.keyboard.press("s")
    page.wait_for_function(
        "() => "  # a function: a string expression would need eval, which the CSP refuses
        f"document.querySelector(\".desk-comment[data-id='{second.pk}']\")"
        ".dataset.status === 'spam'"
    )
    assert status_of(second) == Status.SPAM
    assert page.inner_text(".status-links [data-count=spam]") == "(1)"

    page.keyboard.press("j")
    page.keyboard.press("k")  # back up to the spam one, then down again
    assert "is-current" in row(page, second).get_attribute("class")
    page.keyboard.press("j")
    page.keyboard.press("t")
    page.wait_for_function(
        "() => "  # a function: a string expression would need eval, which the CSP refuses
        f"document.querySelector(\".desk-comment[data-id='{third.pk}']\")"
        ".dataset.status === 'trash'"
    )
    assert status_of(third) == Status.TRASH

    page.keyboard.press("z")  # undo the trash
    page.wait_for_function(
        "() => "  # a function: a string expression would need eval, which the CSP refuses
        f"document.querySelector(\".desk-comment[data-id='{third.pk}']\")"
        ".dataset.status === 'pending'"
    )
    assert status_of(third) == Status.PENDING
    assert page.inner_text(".status-links [data-count=pending]") == "(1)"


def test_shortcuts_are_ignored_while_typing_in_the_search_box(live_server, page):
    comment = make_comment(make_article(), status=Status.PENDING, content="تعليق")
    sign_in(page, live_server)
    page.goto(live_server.url + reverse("admin:comments_comment_changelist"))
    page.keyboard.press("j")
    page.click("#searchbar")
    page.keyboard.type("as")
    assert page.input_value("#searchbar") == "as"
    assert status_of(comment) == Status.PENDING


def test_row_buttons_and_a_staff_reply_work_in_place(live_server, page):
    comment = make_comment(make_article(), status=Status.PENDING, content="سؤال للمحرر")
    sign_in(page, live_server)
    page.goto(live_server.url + reverse("admin:comments_comment_changelist"))
    list_url = page.url
    row(page, comment).locator(".row-action--reply").click()
    page.fill(".desk-reply textarea", "شكراً على سؤالك")
    page.click(".desk-reply button.default")
    page.wait_for_function(
        "() => "  # a function: a string expression would need eval, which the CSP refuses
        f"document.querySelector(\".desk-comment[data-id='{comment.pk}']\")"
        ".dataset.status === 'approved'"
    )
    assert page.url == list_url  # no reload
    reply = Comment.objects.get(parent=comment)
    assert (reply.content, reply.status) == ("شكراً على سؤالك", Status.APPROVED)

    row(page, comment).locator("button[value=unapprove]").click()
    page.wait_for_function(
        "() => "  # a function: a string expression would need eval, which the CSP refuses
        f"document.querySelector(\".desk-comment[data-id='{comment.pk}']\")"
        ".dataset.status === 'pending'"
    )
    assert status_of(comment) == Status.PENDING


@pytest.mark.parametrize("width", [1366, 390])
def test_no_column_is_clipped_and_phones_see_the_whole_row(live_server, browser, width):
    """Was seen: the date clipped at 1366 px; only the author and part of the text at 390 px."""
    article = make_article()
    comments = [
        make_comment(article, status=Status.PENDING, content="تعليق طويل " * 30),
        make_comment(article, status=Status.APPROVED, author_email="long.name@example.org"),
        make_comment(article, status=Status.PENDING, content="https://example.com/" + "x" * 80),
    ]
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(live_server.url + reverse("admin:comments_comment_changelist"))
    widths = page.evaluate(
        "() => [document.querySelector('.results').clientWidth,"
        " document.querySelector('#result_list').scrollWidth,"
        " document.documentElement.scrollWidth]"
    )
    assert widths[1] <= widths[0], widths  # the table fits its box: nothing to scroll to
    assert widths[2] <= width, widths
    for comment in comments:
        shown = row(page, comment)
        for part in (
            ".comment-author",
            ".desk-comment__text",
            ".comment-status",
            f"button[value={'approve' if comment.status == Status.PENDING else 'unapprove'}]",
        ):
            box = shown.locator(part).bounding_box()
            assert box is not None, part
            assert box["width"] > 0, part
            assert box["x"] >= 0, (part, box)
            assert box["x"] + box["width"] <= width, (part, box)
    bullets = page.evaluate(
        "() => [...document.querySelectorAll('.status-links li')]"
        ".map(li => getComputedStyle(li).listStyleType)"
    )
    assert set(bullets) == {"none"}
    context.close()


def press_arabic(page, key, code, shift=False):
    """What an Arabic (101) layout sends: the Arabic character as `key`, the physical key as
    `code` (page.keyboard.press would send the Latin character)."""
    page.evaluate(
        "([key, code, shift]) => document.body.dispatchEvent(new KeyboardEvent('keydown',"
        " {key, code, shiftKey: shift, bubbles: true, cancelable: true}))",
        [key, code, shift],
    )


def test_keys_work_on_an_arabic_layout_and_with_shift(live_server, page):
    """Was seen: ت (J) and ش (A) did nothing on an Arabic layout, nor Shift+A."""
    article = make_article()
    second = make_comment(article, status=Status.PENDING, content="تعليق ثانٍ")
    first = make_comment(article, status=Status.PENDING, content="تعليق أول")
    sign_in(page, live_server)
    page.goto(live_server.url + reverse("admin:comments_comment_changelist") + "?status=pending")
    help_text = page.text_content("#desk-shortcuts dl")
    for arabic in ("ت", "ن", "ش", "س", "ف", "ئ"):
        assert arabic in help_text

    press_arabic(page, "ت", "KeyJ")
    assert "is-current" in row(page, first).get_attribute("class")
    press_arabic(page, "ش", "KeyA")
    page.wait_for_function(
        "() => "
        f"document.querySelector(\".desk-comment[data-id='{first.pk}']\")"
        ".dataset.status === 'approved'"
    )
    assert status_of(first) == Status.APPROVED

    press_arabic(page, "ت", "KeyJ")
    assert "is-current" in row(page, second).get_attribute("class")
    page.keyboard.press("Shift+A")  # key "A", code "KeyA"
    page.wait_for_function(
        "() => "
        f"document.querySelector(\".desk-comment[data-id='{second.pk}']\")"
        ".dataset.status === 'approved'"
    )
    assert status_of(second) == Status.APPROVED

    press_arabic(page, "ئ", "KeyZ")  # undo
    page.wait_for_function(
        "() => "
        f"document.querySelector(\".desk-comment[data-id='{second.pk}']\")"
        ".dataset.status === 'pending'"
    )
    assert status_of(second) == Status.PENDING
    press_arabic(page, "ا", "KeyH")  # not a shortcut: nothing happens
    assert status_of(first) == Status.APPROVED

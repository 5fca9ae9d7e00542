"""The body editor in a real browser: leaving an image's caption (Enter, ArrowDown, a click
below it) for a new paragraph, and a toolbar, menus and dialogs in the admin's language."""

import re

import pytest
from django.conf import settings
from PIL import Image

from articles.models import Article

# The draft of the editing tests (a fixture) and its change page.
from tests.e2e.staff import sign_in
from tests.e2e.test_editing import article, change_url  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EDITOR = ".ProseMirror[contenteditable=true]"
CAPTION = "مدخل الحديقة صباح الافتتاح"
TYPED = "وتفتح المكتبة أبوابها غداً"
FIGURE = (
    '<figure class="figure"><img src="/media/articles/body/park.webp" alt="مدخل الحديقة">'
    f"<figcaption>{CAPTION}</figcaption></figure>"
)


@pytest.fixture
def figure_article(article):  # noqa: F811 (the imported fixture)
    """The draft, its text ending with an image and its caption."""
    photo = settings.MEDIA_ROOT / "articles" / "body" / "park.webp"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (480, 200), (40, 120, 80)).save(photo)
    article.body = f"<p>نص الخبر الأول.</p>{FIGURE}"
    article.save()
    return article


def open_editor(browser, live_server, draft, language="ar", width=1366):
    page = sign_in(browser, live_server, "journalist", width=width)
    if language != "ar":
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
    page.goto(change_url(live_server, draft))
    page.wait_for_selector(f"{EDITOR} figcaption")
    page.wait_for_function("() => document.querySelector('.prose-menubar button')")
    # The image loaded, so nothing moves under the mouse.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.ProseMirror img')].every((img) => img.complete)"
    )
    return page


# Where the editor's own cursor is (not the browser's: the editor takes a click or a key's move
# a moment after it happens, and may put the browser's cursor back meanwhile).
IN_CAPTION = """([view, atEnd]) => {
  const { $from } = view.editor.state.selection
  return $from.parent.type.name === "caption"
    && (!atEnd || $from.parentOffset === $from.parent.content.size)
}"""


def caption_end(page):
    editor = page.query_selector(EDITOR)
    page.click(f"{EDITOR} figcaption")
    page.wait_for_function(IN_CAPTION, arg=[editor, False], polling=50)
    page.keyboard.press("End")
    page.wait_for_function(IN_CAPTION, arg=[editor, True], polling=50)


def click_below_the_figure(page):
    page.eval_on_selector(f"{EDITOR} figure", "figure => figure.scrollIntoView({block: 'center'})")
    figure = page.locator(f"{EDITOR} figure").bounding_box()
    editor = page.locator(EDITOR).bounding_box()
    below = figure["y"] + figure["height"]
    assert editor["y"] + editor["height"] - below > 20  # room to click under the image
    page.mouse.click(figure["x"] + figure["width"] / 2, below + 10)


LEAVE = {
    "enter": lambda page: (caption_end(page), page.keyboard.press("Enter")),
    "arrow-down": lambda page: (caption_end(page), page.keyboard.press("ArrowDown")),
    "click-below": click_below_the_figure,
}


@pytest.mark.parametrize("way", LEAVE)
def test_typing_after_an_image_goes_into_a_new_paragraph_not_its_caption(
    live_server, browser, figure_article, way
):
    page = open_editor(browser, live_server, figure_article)
    LEAVE[way](page)
    page.keyboard.type(TYPED)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    body = Article.objects.get(pk=figure_article.pk).body
    assert f"<figcaption>{CAPTION}</figcaption></figure><p>{TYPED}</p>" in body, body


def test_after_inserting_an_image_with_the_dialog_the_writer_goes_on_below_it(
    live_server, browser, figure_article
):
    page = open_editor(browser, live_server, figure_article)
    page.click(f"{EDITOR} p")
    page.keyboard.press("End")
    page.click("button[data-name=figure]")
    page.fill("dialog[open] input[name=imageUrl]", "/media/articles/body/park.webp")
    page.fill("dialog[open] input[name=altText]", "الحديقة من الجو")
    page.fill("dialog[open] input[name=caption]", "الحديقة من الجو")
    page.click("dialog[open] button[type=submit]")
    page.wait_for_selector("dialog[open]", state="detached")
    page.keyboard.type(TYPED)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    body = Article.objects.get(pk=figure_article.pk).body
    assert f"<figcaption>الحديقة من الجو</figcaption></figure><p>{TYPED}</p>" in body, body
    assert f"<figcaption>{CAPTION}</figcaption></figure>" in body


LATIN = re.compile(r"[A-Za-z]")
# Every text the toolbar shows or announces: tooltips, accessible names and the block-type
# menu's options (the buttons' own text is the icon font's ligature name, never shown).
TOOLBAR_TEXTS = """() => {
  const texts = [];
  for (const button of document.querySelectorAll(".prose-menubar button")) {
    texts.push(button.title, button.getAttribute("aria-label") || "");
  }
  for (const option of document.querySelectorAll(".prose-menubar__option")) {
    texts.push(option.textContent);
  }
  return texts.filter((text) => text.trim());
}"""


def test_the_toolbar_and_dialogs_are_arabic_in_the_arabic_admin(
    live_server,
    browser,
    figure_article,
    shots,
):
    for width in (1366, 390):
        page = open_editor(browser, live_server, figure_article, width=width)
        page.click(f"{EDITOR} p")
        page.click(".prose-menubar__selected")  # the block-type menu, open
        page.wait_for_selector(".prose-menubar__picker:popover-open")
        page.screenshot(path=shots / f"editor-toolbar-{width}.png")

    texts = page.evaluate(TOOLBAR_TEXTS)
    assert texts
    assert [text for text in texts if LATIN.search(text)] == []
    assert page.get_attribute("button[data-name=bold]", "title") == "عريض"
    assert page.get_attribute("button[data-name=italic]", "title") == "مائل"
    assert page.get_attribute("button[data-name=link]", "title") == "إدراج رابط"
    assert page.inner_text(".prose-menubar__option[data-name=heading2]") == "عنوان فرعي 2"
    assert page.inner_text(".prose-menubar__option[data-name=paragraph]") == "فقرة"

    page.keyboard.press("Escape")
    page.click(f"{EDITOR} figcaption")  # the image's own small menu
    page.wait_for_function(  # its one button, once the editor has the cursor in the caption
        "() => document.querySelector('.prose-menubar--floating button')?.textContent"
        " === 'حذف التعليق'"
    )
    page.click("button[data-name=figure]")
    dialog = page.wait_for_selector("dialog[open]")
    assert not LATIN.search(dialog.inner_text()), dialog.inner_text()


def test_the_toolbar_is_english_in_the_english_admin(live_server, browser, figure_article):
    page = open_editor(browser, live_server, figure_article, language="en")
    assert page.get_attribute("button[data-name=bold]", "title") == "Bold"
    assert page.get_attribute("button[data-name=italic]", "title") == "Italic"
    assert page.get_attribute("button[data-name=link]", "title") == "Insert link"
    assert page.get_attribute("button[data-name=bulletList]", "aria-label") == "Bulleted list"
    assert (
        page.eval_on_selector(
            ".prose-menubar__option[data-name=heading3]", "option => option.textContent"
        )
        == "Heading 3"
    )
    assert not re.search(r"[\u0600-\u06ff]", " ".join(page.evaluate(TOOLBAR_TEXTS)))

"""The article page's reader tools in Chromium, under the site's CSP (docs/reader.md): our own
fonts, direction in both languages, share links and button, text size. Any CSP violation or
script error fails the test (tests/e2e/conftest.py)."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.factories import make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY_SIZE = "parseFloat(getComputedStyle(document.querySelector('.story__body')).fontSize)"
LAYOUT_SHIFTS = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => {
    resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0));
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(0), 500);  // no entry at all: nothing moved
})"""


def _story():
    return make_article(
        title="ارتفاع أسعار النفط 3% في الكويت",
        body="<p>" + " ".join(["كلمة"] * 427) + "</p>",
    )


def _requests(page):
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def _new_page(browser, live_server, *, language="ar", **options):
    viewport = {"width": 390, "height": 844}
    context = browser.new_context(locale=language, viewport=viewport, **options)
    if language != "ar":
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_our_fonts_load_from_our_origin_and_nothing_else_is_requested(live_server, page):
    article = _story()
    requests = _requests(page)
    page.goto(live_server.url + article.get_absolute_url())
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family)"
    )
    assert {"Newsroom Headline", "Newsroom Naskh"} <= {family.strip('"') for family in loaded}
    # The headline's digits and letters come from the headline face, not a fallback.
    assert page.evaluate("document.fonts.check('700 32px \"Newsroom Headline\"', '3% النفط')")
    fonts = [url for url in requests if url.endswith(".woff2")]
    assert len(fonts) == 2
    origin = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requests if url.startswith("http")} == {origin}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_reading_time_reads_in_the_page_language_order(live_server, browser, language):
    article = _story()
    page = _new_page(browser, live_server, language=language)
    page.goto(live_server.url + article.get_absolute_url())
    # Where the digit and the words of "3 min read" / "3 دقائق قراءة" are drawn.
    digit_x, word_x = page.evaluate(
        """() => {
          const text = document.querySelector('.reading-time').firstChild;
          const at = (start, end) => {
            const range = document.createRange();
            range.setStart(text, start); range.setEnd(text, end);
            return range.getBoundingClientRect().left;
          };
          return [at(0, 1), at(2, 5)];
        }"""
    )
    reading_x, words_x = page.evaluate(
        "['.reading-time', '.word-count'].map((s) => "
        "document.querySelector(s).getBoundingClientRect().left)"
    )
    if language == "en":
        assert " ".join(page.inner_text(".story__stats").split()) == "3 min read · 427 words"
        assert digit_x < word_x  # "3 min read", not "min read 3"
        assert reading_x < words_x
    else:
        assert " ".join(page.inner_text(".story__stats").split()) == "3 دقائق قراءة · 427 كلمة"
        assert digit_x > word_x  # the number first, on the right
        assert reading_x > words_x
    page.context.close()


def test_copy_link_copies_the_canonical_address_without_a_third_party_request(live_server, browser):
    article = _story()
    page = _new_page(browser, live_server)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    requests = _requests(page)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate("typeof navigator.share") == "undefined"  # desktop Chromium
    button = page.locator(".share__button")
    assert button.is_visible()
    assert button.inner_text() == "نسخ الرابط"
    button.click()
    page.wait_for_selector(".share__status:has-text('نُسخ الرابط')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{settings.SITE_URL}{article.get_absolute_url()}?utm_source=copy"
    origin = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requests if url.startswith("http")} == {origin}
    page.context.close()


def test_where_the_browser_can_share_the_button_opens_its_share_sheet(live_server, browser):
    article = _story()
    page = _new_page(browser, live_server)
    # The browser's share sheet is outside the page: a stand-in records what it was given.
    page.context.add_init_script(
        "navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };"
    )
    page.goto(live_server.url + article.get_absolute_url())
    button = page.locator(".share__button")
    assert button.inner_text() == "مشاركة"
    button.click()
    shared = page.evaluate("window.sharedData")
    assert shared["url"] == f"{settings.SITE_URL}{article.get_absolute_url()}?utm_source=share"
    assert shared["title"] == article.title
    page.context.close()


def test_without_javascript_the_links_work_and_the_script_tools_are_hidden(live_server, browser):
    article = _story()
    page = _new_page(browser, live_server, java_script_enabled=False)
    page.goto(live_server.url + article.get_absolute_url())
    links = page.locator("a.share__link")
    assert links.count() == 4
    assert all(links.nth(n).is_visible() for n in range(4))
    assert (
        page.locator("a.share__link--whatsapp")
        .get_attribute("href")
        .startswith("https://wa.me/?text=")
    )
    assert page.locator(".share__button").is_hidden()
    assert page.locator(".text-size").is_hidden()
    page.context.close()


def test_text_size_changes_the_body_is_remembered_and_applies_without_a_shift(live_server, page):
    article = _story()
    url = live_server.url + article.get_absolute_url()
    page.goto(url)
    smaller, larger = (
        page.locator("[data-text-size-step='-1']"),
        page.locator("[data-text-size-step='1']"),
    )
    assert smaller.is_visible()
    assert larger.is_visible()
    title_size = page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize")
    normal = page.evaluate(BODY_SIZE)
    larger.click()
    assert page.evaluate(BODY_SIZE) == pytest.approx(normal * 1.15, rel=0.01)
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize") == title_size
    assert page.evaluate("localStorage.getItem('newsroom:text-size')") == "1"

    page.reload()
    page.wait_for_load_state("load")
    assert page.evaluate(BODY_SIZE) == pytest.approx(normal * 1.15, rel=0.01)
    assert page.evaluate(LAYOUT_SHIFTS) == 0  # the size was there at the first paint

    for _ in range(5):
        if larger.is_enabled():
            larger.click()
    assert larger.is_disabled()
    assert page.evaluate(BODY_SIZE) == pytest.approx(normal * 1.5, rel=0.01)
    for _ in range(6):
        if smaller.is_enabled():
            smaller.click()
    assert smaller.is_disabled()
    assert page.evaluate(BODY_SIZE) == pytest.approx(normal * 0.9, rel=0.01)
    assert page.evaluate("localStorage.getItem('newsroom:text-size')") == "-1"
    # The page's HTML is the same for everyone: the choice lives in this browser only.
    assert 'data-text-size="' not in page.request.get(url).text()


def test_search_dates_are_three_selects_in_arabic_on_a_phone(live_server, browser):
    make_article(title="بطولة الخليج")
    page = _new_page(browser, live_server)
    page.goto(live_server.url + "/search/?q=بطولة")
    since = page.locator("fieldset:has(#id_since_day)")
    assert since.locator("legend").inner_text() == "من تاريخ"
    page.select_option("#id_since_day", "1")
    page.select_option("#id_since_month", label="يناير")
    page.select_option("#id_since_year", "2000")
    page.click(".search-page__form button[type=submit]")
    page.wait_for_url("**since_day=1**")
    assert "بطولة الخليج" in page.inner_text(".search-results")
    # The three selects fit the phone's width, in one row, day on the right (reading order).
    boxes = [page.locator(f"#id_since_{part}").bounding_box() for part in ("day", "month", "year")]
    assert len({round(box["y"]) for box in boxes}) == 1
    assert boxes[0]["x"] > boxes[1]["x"] > boxes[2]["x"]
    assert boxes[2]["x"] >= 0
    assert boxes[0]["x"] + boxes[0]["width"] <= 390
    page.context.close()


def test_on_a_phone_the_breaking_bar_is_one_row_that_scrolls_sideways(live_server, browser):
    for n in range(3):
        article = make_article(title=f"خبر عاجل طويل العنوان عن أحداث اليوم في الكويت رقم {n}")
        article.mark_breaking(n + 1)
        article.save(update_fields=["breaking_until"])
    page = _new_page(browser, live_server)
    page.goto(live_server.url + "/")
    bar = page.locator(".breaking__list")
    items = [bar.locator("li").nth(n).bounding_box() for n in range(3)]
    assert len({round(item["y"]) for item in items}) == 1  # side by side, not stacked
    assert page.locator(".breaking").bounding_box()["height"] < 100
    assert bar.evaluate("(list) => list.scrollWidth > list.clientWidth")  # the rest scrolls
    page.context.close()

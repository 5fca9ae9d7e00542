"""The reader's page polish (docs/reader.md): our own Arabic type, direction in both languages,
a home page without repeats, Arabic search dates and the text-size control."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

STATIC = settings.BASE_DIR / "static"
SITE_CSS = (STATIC / "css" / "site.css").read_text(encoding="utf-8")
FONT_FACES = re.findall(r"@font-face\s*{([^}]*)}", SITE_CSS)
FONT_BUDGET = 64 * 1024  # bytes of WOFF2 a first visit may fetch


def _descriptor(face, name):
    found = re.search(rf"(?:^|[;\s]){name}:\s*([^;]+);", face)
    return found.group(1).strip() if found else None


def _face_file(face):
    url = re.search(r'url\("?\.\./fonts/([^")]+)"?\)', _descriptor(face, "src")).group(1)
    return STATIC / "fonts" / url


def _covers(unicode_range, codepoint):
    for part in unicode_range.split(","):
        start, _, end = part.strip().removeprefix("U+").partition("-")
        if int(start, 16) <= codepoint <= int(end or start, 16):
            return True
    return False


def test_two_self_hosted_woff2_faces_with_swap_and_no_other_origin():
    assert len(FONT_FACES) == 2
    for face in FONT_FACES:
        assert _descriptor(face, "font-display") == "swap"
        path = _face_file(face)
        assert path.read_bytes()[:4] == b"wOF2"
        assert 'format("woff2")' in _descriptor(face, "src")
    assert "@import" not in SITE_CSS
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", SITE_CSS)  # no font CDN, no other host
    assert "'self'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"]
    assert len(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"]) == 1


def test_the_faces_stay_small_and_carry_their_licence():
    total = sum(_face_file(face).stat().st_size for face in FONT_FACES)
    assert total <= FONT_BUDGET
    licences = sorted(path.name for path in (STATIC / "fonts").glob("OFL-*.txt"))
    assert len(licences) == 2
    for licence in licences:
        assert "SIL Open Font License" in (STATIC / "fonts" / licence).read_text()


def test_each_face_draws_arabic_letters_and_both_kinds_of_digit():
    # Latin and Arabic-Indic digits come from the face itself, never from a fallback font.
    for face in FONT_FACES:
        wanted = _descriptor(face, "unicode-range")
        for char in "ب،؟0123456789٠١٢٣٤٥٦٧٨٩·":
            assert _covers(wanted, ord(char)), (char, face)


def test_headlines_use_the_headline_face_and_the_body_the_reading_face():
    assert re.search(r"--font-head:\s*\"Newsroom Headline\"", SITE_CSS)
    assert re.search(r"--font-body:\s*\"Newsroom Naskh\"", SITE_CSS)
    assert re.search(r"\.story__title \{ font-family: var\(--font-head\)", SITE_CSS)
    assert re.search(r"\.card__title \{ font-family: var\(--font-head\)", SITE_CSS)
    assert re.search(r"\.story__body \{ font-family: var\(--font-body\)", SITE_CSS)


@pytest.mark.parametrize("path", ["/", "article"])
def test_only_the_headline_face_is_preloaded(client, path):
    article = make_article()
    page = parse(client.get(article.get_absolute_url() if path == "article" else path).content)
    preloads = page.find_all("link", rel="preload")
    assert len(preloads) == 1
    (preload,) = preloads
    assert preload.attrs["as"] == "font"
    assert preload.attrs["type"] == "font/woff2"
    assert "crossorigin" in preload.attrs  # fonts are fetched in CORS mode: else fetched twice
    assert preload.attrs["href"].endswith("/fonts/ibm-plex-sans-arabic-700.woff2")
    headline_face = next(face for face in FONT_FACES if "Headline" in face)
    assert _face_file(headline_face).name == "ibm-plex-sans-arabic-700.woff2"


# Direction: the page's furniture reads in the page language's direction in both languages.


def _in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _direction_of(root, target):
    """The `dir` in force at `target`: the nearest ancestor's (or its own) dir attribute."""

    def walk(element, inherited):
        current = element.attrs.get("dir", inherited)
        if element is target:
            return current
        for child in element.children:
            found = walk(child, current)
            if found is not None:
                return found
        return None

    return walk(root, None)


def _text_nodes(element):
    """The element's text nodes, stripped, empty ones left out: its own text first, then its
    children's in document order (enough for these lines: words before any child)."""
    nodes = []

    def walk(node):
        nodes.extend(part.strip() for part in node.text_parts if part.strip())
        for child in node.children:
            walk(child)

    walk(element)
    return nodes


def _a_story(words=427, **fields):
    return make_article(
        title="ارتفاع أسعار النفط 3% في الكويت",
        body="<p>" + " ".join(["كلمة"] * words) + "</p>",
        **fields,
    )


@pytest.mark.parametrize(
    ("language", "direction", "expected"),
    [
        ("en", "ltr", ["3 min read", "·", "427 words"]),
        ("ar", "rtl", ["3 دقائق قراءة", "·", "427 كلمة"]),
    ],
)
def test_reading_time_and_word_count_read_in_the_page_language_order(
    client, language, direction, expected
):
    article = _a_story()
    if language == "en":
        _in_english(client)
    page = parse(client.get(article.get_absolute_url()).content)
    assert page.find("html").attrs["dir"] == direction
    stats = page.find("p", class_="story__stats")
    assert _text_nodes(stats) == expected
    # The line keeps the page's direction: no dir="auto" above it turns it around beside an
    # Arabic title (that made English read "minutes read 3").
    assert _direction_of(page, stats) == direction
    assert page.find("h1", class_="story__title").attrs["dir"] == "auto"
    assert page.find("div", class_="story__body").attrs["dir"] == "auto"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_byline_and_dates_keep_the_page_direction_with_the_name_isolated(client, language):
    author = make_user(username="journalist", first_name="سارة", last_name="الكندري")
    article = _a_story(author=author)
    if language == "en":
        _in_english(client)
    page = parse(client.get(article.get_absolute_url()).content)
    meta = page.find("p", class_="story__meta")
    assert _direction_of(page, meta) == ("ltr" if language == "en" else "rtl")
    byline = meta.find("span", class_="byline")
    assert byline.find("bdi").text == "سارة الكندري"
    assert _text_nodes(byline)[0] == ("By" if language == "en" else "بقلم")
    assert meta.find("time").attrs["datetime"]


def test_one_setting_writes_arabic_indic_digits_on_arabic_pages_only(client, settings):
    settings.ARABIC_INDIC_DIGITS = True
    article = _a_story(published_at=datetime(2026, 12, 3, 9, 5, tzinfo=UTC))
    page = parse(client.get(article.get_absolute_url()).content)
    assert _text_nodes(page.find("p", class_="story__stats")) == [
        "٣ دقائق قراءة",
        "·",
        "٤٢٧ كلمة",
    ]
    assert "٢٠٢٦" in page.find("p", class_="story__meta").find("time").text
    assert "2026" in page.find("p", class_="story__meta").find("time").attrs["datetime"]
    assert "٢٠٢٦" in parse(client.get("/").content).find("time", class_="card__date").text
    assert "ارتفاع أسعار النفط 3%" in page.find("h1").text  # what the journalist typed stays

    _in_english(client)
    page = parse(client.get(article.get_absolute_url()).content)
    assert _text_nodes(page.find("p", class_="story__stats")) == ["3 min read", "·", "427 words"]
    assert "2026" in parse(client.get("/").content).find("time", class_="card__date").text


def test_latin_digits_by_default(client):
    article = _a_story()
    page = parse(client.get(article.get_absolute_url()).content)
    assert not re.search("[٠-٩]", page.find("p", class_="story__stats").text)
    assert not re.search("[٠-٩]", page.find("p", class_="masthead__date").text)


# Home page: a story shows once above the fold (the breaking bar and the front section).


def test_breaking_stories_show_once_above_the_fold_and_the_bar_links_to_the_lead(client):
    now = timezone.now()
    regular = [
        make_article(title=f"خبر عادي {n}", published_at=now - timedelta(minutes=10 + n))
        for n in range(12)
    ]
    # Breaking stories among the newest and one older: all would be in the latest list.
    breaking = [
        make_article(title="عاجل أول", published_at=now - timedelta(minutes=1)),
        make_article(title="عاجل ثان", published_at=now - timedelta(minutes=12)),
        make_article(title="عاجل قديم", published_at=now - timedelta(hours=3)),
    ]
    for n, article in enumerate(breaking):
        article.mark_breaking(n + 1)
        article.save(update_fields=["breaking_until"])

    page = parse(client.get("/").content)
    bar = page.find("aside", class_="breaking")
    front = page.find("section", class_="front")
    bar_links = [a.attrs["href"] for a in bar.find_all("a")]
    front_links = [
        a.attrs["href"] for a in front.find_all("a") if a.attrs["href"].startswith("/news/")
    ]
    above_the_fold = bar_links + list(dict.fromkeys(front_links))  # a card links twice at most

    lead = page.find("div", class_="front__lead")
    assert "عاجل أول" in lead.find(class_="card__title").text
    assert bar_links[0] == breaking[0].get_absolute_url()  # the bar links to the lead story
    titles = [a.text for a in page.find("div", class_="front__latest").find_all("h3")]
    assert not {"عاجل أول", "عاجل ثان", "عاجل قديم"} & set(titles)
    assert titles == [f"خبر عادي {n}" for n in range(8)]  # the list stays full
    # Each story once, except the lead, which the bar links to.
    counts = {url: above_the_fold.count(url) for url in above_the_fold}
    assert counts.pop(breaking[0].get_absolute_url()) == 2
    assert set(counts.values()) == {1}
    assert regular[0].get_absolute_url() in counts


def test_without_breaking_news_the_newest_story_leads_once(client):
    now = timezone.now()
    for n in range(10):
        make_article(title=f"خبر {n}", published_at=now - timedelta(minutes=n + 1))
    page = parse(client.get("/").content)
    assert page.find("aside", class_="breaking") is None
    assert "خبر 0" in page.find("div", class_="front__lead").text
    titles = [a.text for a in page.find("div", class_="front__latest").find_all("h3")]
    assert titles == [f"خبر {n}" for n in range(1, 9)]


# Search form: dates as day, month and year, not the browser's mm/dd/yyyy.


def _date_selects(page, name):
    fieldset = next(
        f for f in page.find_all("fieldset") if f.find("select", name=f"{name}_day") is not None
    )
    return fieldset, fieldset.find_all("select")


@pytest.mark.parametrize(
    ("language", "legend", "labels", "december"),
    [
        ("ar", "من تاريخ", ["اليوم", "الشهر", "السنة"], "ديسمبر"),
        ("en", "From", ["Day", "Month", "Year"], "December"),
    ],
)
def test_search_dates_are_day_month_year_selects_with_labels(
    client, language, legend, labels, december
):
    if language == "en":
        _in_english(client)
    page = parse(client.get("/search/", {"q": "خبر"}).content)
    assert not [i for i in page.find_all("input") if i.attrs.get("type") == "date"]
    for name in ("since", "until"):
        fieldset, selects = _date_selects(page, name)
        names = [f"{name}_{part}" for part in ("day", "month", "year")]
        assert [s.attrs["name"] for s in selects] == names
        assert [s.attrs["aria-label"] for s in selects] == labels
        assert [s.find("option").text for s in selects] == labels  # the empty choice names it
    fieldset, (day, month, year) = _date_selects(page, "since")
    assert fieldset.find("legend").text == legend
    assert len(day.find_all("option")) == 32
    assert month.find_all("option")[12].text == december
    years = [o.attrs["value"] for o in year.find_all("option")[1:]]
    assert years[0] == str(timezone.localdate().year)
    assert years[-1] == "2000"


def test_the_chosen_days_filter_the_results_and_stay_chosen(client):
    make_article(title="بطولة قديمة", published_at=datetime(2025, 3, 10, 9, tzinfo=UTC))
    recent = make_article(title="بطولة جديدة", published_at=datetime(2025, 6, 2, 9, tzinfo=UTC))
    response = client.get(
        "/search/",
        {"q": "بطولة", "since_day": "1", "since_month": "6", "since_year": "2025"},
    )
    assert response.status_code == 200
    assert [a.pk for a in response.context["page_obj"]] == [recent.pk]
    page = parse(response.content)
    _fieldset, selects = _date_selects(page, "since")
    chosen = [next(o.text for o in s.find_all("option") if "selected" in o.attrs) for s in selects]
    assert chosen == ["1", "يونيو", "2025"]
    response = client.get(
        "/search/",
        {"q": "بطولة", "until_day": "31", "until_month": "5", "until_year": "2025"},
    )
    assert [a.title for a in response.context["page_obj"]] == ["بطولة قديمة"]


@pytest.mark.parametrize(
    "dates",
    [
        {"since_day": "31", "since_month": "2", "since_year": "2025"},  # no such day
        {"since_day": "1", "since_month": "", "since_year": "2025"},  # a part missing
        {"since_day": "x", "since_month": "1", "since_year": "2025"},
    ],
)
def test_impossible_dates_answer_400_with_the_reason(client, dates):
    response = client.get("/search/", {"q": "خبر", **dates})
    assert response.status_code == 400
    assert parse(response.content).find(class_="form-errors") is not None


# Text size: A+ / A− for the article body; the state lives in the reader's browser only.


def test_text_size_buttons_are_in_the_article_and_the_page_carries_no_state(client):
    article = _a_story()
    first = client.get(article.get_absolute_url())
    page = parse(first.content)
    group = page.find("div", class_="text-size")
    assert group.attrs["role"] == "group"
    steps = [b.attrs["data-text-size-step"] for b in group.find_all("button")]
    assert steps == ["-1", "1"]
    assert [b.attrs["type"] for b in group.find_all("button")] == ["button", "button"]
    # The visible "A−" / "A+" starts the accessible name (label in name), then the words.
    names = [b.text for b in group.find_all("button")]
    assert names == ["A− تصغير النص", "A+ تكبير النص"]
    assert "data-text-size" not in page.find("html").attrs  # applied by the script, not cached
    # The same bytes for a reader who chose a size (the choice never reaches the server).
    client.cookies["newsroom-text-size"] = "3"
    again = client.get(article.get_absolute_url())
    assert again.content == first.content


def test_the_script_applies_the_size_before_the_first_paint_from_a_static_file(client):
    article = _a_story()
    page = parse(client.get(article.get_absolute_url()).content)
    head = page.find("head")
    (script,) = [s for s in head.find_all("script") if s.attrs.get("src", "").endswith("reader.js")]
    assert "defer" not in script.attrs
    assert "async" not in script.attrs
    source = (STATIC / "js" / "reader.js").read_text()
    assert "localStorage" in source
    assert "data-text-size" in source
    # Hidden until the script has run, sized through one variable the script's attribute sets.
    assert re.search(r"\.text-size \{ display: none;", SITE_CSS)
    assert re.search(r"\.reader-js \.text-size \{ display: flex; \}", SITE_CSS)
    assert "var(--text-scale, 1)" in SITE_CSS
    for size in ("-1", "1", "2", "3"):
        assert f':root[data-text-size="{size}"] {{ --text-scale:' in SITE_CSS


def test_the_home_page_loads_no_reader_script_and_previews_have_no_tools(client, admin_client):
    from articles.models import Article

    home = parse(client.get("/").content)
    assert not [s for s in home.find_all("script") if "reader.js" in s.attrs.get("src", "")]
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    preview = parse(admin_client.get(draft.get_absolute_url()).content)
    assert preview.find("div", class_="text-size") is None


@pytest.mark.parametrize("path", ["/", "article", "/search/?q=خبر"])
def test_no_template_comment_leaks_into_the_page(client, path):
    article = _a_story()
    url = article.get_absolute_url() if path == "article" else path
    html = client.get(url).content.decode()
    assert "{#" not in html
    assert "#}" not in html

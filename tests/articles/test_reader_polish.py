"""The reader's page polish (docs/reader.md): our own Arabic type, direction in both languages,
a home page without repeats, Arabic search dates and the text-size control."""

import re

import pytest
from django.conf import settings

from tests.factories import make_article
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

"""newsroom.arabic.normalize: every folding the issue lists, one case each, plus the composites."""

import pytest

from newsroom.arabic import (
    definite_article_readings,
    normalize,
    strip_bidi_controls,
    strip_definite_article,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Tashkeel: fatha, damma, kasra, sukun, shadda, the three tanween, superscript alef.
        ("كَتَبَ", "كتب"),
        ("كُتُب", "كتب"),
        ("كِتاب", "كتاب"),
        ("مَكْتَب", "مكتب"),
        ("مدرّسة", "مدرسه"),
        ("كتاباً", "كتابا"),
        ("كتابٌ", "كتاب"),
        ("كتابٍ", "كتاب"),
        ("هٰذا", "هذا"),
        # Tatweel (kashida).
        ("اعـــلان", "اعلان"),
        # Hamza and wasla forms of alef.
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        # Alef maqsura, taa marbuta, hamza on waw and on yeh.
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("مؤتمر", "موتمر"),
        ("شاطئ", "شاطي"),
        # Persian kaf and yeh.
        ("کتاب", "كتاب"),
        ("ایران", "ايران"),
        # Arabic-Indic and Persian (extended) digits.
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        # Presentation forms and the lam-alef ligature (NFKC).
        ("ﺇﻋﻼﻥ", "اعلان"),
        # Latin case and white space.
        ("Casino  FREE\n\tNow", "casino free now"),
        ("", ""),
    ],
)
def test_normalize_folds(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",  # zero width space
        "\u200c",  # zero width non-joiner
        "\u200d",  # zero width joiner
        "\u2060",  # word joiner
        "\ufeff",  # byte order mark / zero width no-break space
        "\u00ad",  # soft hyphen
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u061c",  # Arabic letter mark
        "\u202a",  # LRE
        "\u202b",  # RLE
        "\u202c",  # PDF
        "\u202d",  # LRO
        "\u202e",  # RLO
        "\u2066",  # LRI
        "\u2067",  # RLI
        "\u2068",  # FSI
        "\u2069",  # PDI
    ],
)
def test_normalize_drops_zero_width_and_bidi_controls(invisible):
    assert normalize(f"اع{invisible}لان") == "اعلان"


def test_normalize_accepts_none():
    assert normalize(None) == ""


def test_spelling_variants_of_one_word_are_equal():
    variants = ["إعلان", "اعلان", "أعلان", "إِعْلَان", "اعـــلان", "ﺇﻋﻼﻥ", "إع\u200cلان"]
    assert {normalize(word) for word in variants} == {"اعلان"}


def test_normalize_is_idempotent():
    text = "أَعْلَنَتِ الحُكومةُ الكويتيّة عن مستشفى جديد في ٢٠٢٦"
    assert normalize(normalize(text)) == normalize(text)


def test_strip_bidi_controls_keeps_letters_and_zero_width_joiners():
    assert strip_bidi_controls("\u202eأحمد\u202c\u2067 Ali\u2069") == "أحمد Ali"
    assert strip_bidi_controls("می\u200cخواهم") == "می\u200cخواهم"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الكتاب", "كتاب"),
        ("والكتاب", "كتاب"),
        ("بالكتاب", "كتاب"),
        ("فالكتاب", "كتاب"),
        ("كالكتاب", "كتاب"),
        ("وبالكتاب", "كتاب"),
        ("للكتاب", "كتاب"),
        ("كتاب", "كتاب"),
        ("الم", "الم"),  # too short to be the article plus a word
        ("ال", "ال"),
    ],
)
def test_strip_definite_article(word, expected):
    assert strip_definite_article(word) == expected


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["الشواطئ", "الشواطىء", "الشواطيء", "الشواطي"], "الشواطي"),
        (["شيء", "شئ", "شي"], "شي"),
        (["ضوء", "ضؤ", "ضو"], "ضو"),
        (["سماء", "سما"], "سما"),
        (["مؤتمر", "موتمر"], "موتمر"),
        (["إسلام", "أسلام", "اسلام"], "اسلام"),
    ],
)
def test_every_hamza_seat_folds_to_its_letter(spellings, folded):
    assert {normalize(word) for word in spellings} == {folded}


@pytest.mark.parametrize(
    ("word", "readings"),
    [
        ("الالكترونيه", ["الالكترونيه", "الكترونيه", "كترونيه"]),
        ("الكترونيه", ["الكترونيه", "كترونيه"]),
        ("بالمانيا", ["بالمانيا", "مانيا"]),
        ("كتاب", ["كتاب"]),
        ("ال", ["ال"]),
    ],
)
def test_definite_article_readings(word, readings):
    assert definite_article_readings(word) == readings

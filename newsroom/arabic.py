"""The one Arabic text normaliser: search, comment word lists and staff searches all fold text here.

Two spellings of one word (with or without diacritics, with the hamza on one seat, another or
none, ة or ه, ى or ي, Persian or Arabic letters and digits, invisible characters typed by a phone
keyboard) must compare equal. See docs/discovery.md for what is folded and why.
"""

import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef, Quranic annotation marks, and tatweel.
TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Zero-width characters, the soft hyphen, and every bidirectional control (marks, embeddings,
# overrides, isolates): invisible, yet they make two identical-looking words differ.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Every hamza goes and its seat stays: أ إ آ → ا, ؤ → و, ئ → ي, and a hamza on the line (ء) leaves
# nothing, so "الشواطىء" (ى then ء), "الشواطيء" and "الشواطئ" all become "الشواطي", and "شيء" meets
# "شئ". Only the seat letters differ between "مسؤول" and "مسئول": those two stay apart.
_FOLD = str.maketrans(
    {
        "ء": None,  # hamza on the line
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef wasla
        "ى": "ي",  # alef maqsura
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",  # taa marbuta
        "ک": "ك",  # Persian kaf
        "ی": "ي",  # Persian yeh
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)

# Prefixes of the definite article, with the conjunctions and prepositions glued to it.
_ARTICLE_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال")


def normalize(text: str | None) -> str:
    """Fold an Arabic (or Latin) text so that spelling variants compare equal.

    NFKC first (presentation forms and ligatures such as ﻻ become plain letters), then drop
    diacritics, tatweel and invisible characters, fold the letter and digit variants, case-fold
    Latin and squeeze white space.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = INVISIBLE.sub("", TASHKEEL.sub("", text)).translate(_FOLD).casefold()
    return " ".join(text.split())


def strip_bidi_controls(text: str) -> str:
    """Remove bidirectional controls only (for names shown as typed)."""
    return BIDI_CONTROLS.sub("", text)


def strip_definite_article(word: str) -> str:
    """`الكتاب`, `بالكتاب`, `والكتاب` → `كتاب`, leaving at least two letters of the word.

    Expects a normalised word. The letters may also begin a word that has no article
    ("الكترونيه" from إلكترونية, "المانيا"): `definite_article_readings` gives every reading.
    """
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def definite_article_readings(word: str) -> list[str]:
    """The word as written and with each leading article cut in turn, longest first:
    "الالكترونيه" (الإلكترونية) → ["الالكترونيه", "الكترونيه", "كترونيه"].

    Whether "ال" at the start of a word is the article cannot be told from the letters, so a
    searched text keeps every reading and a query, cut once, meets one of them whichever way
    either side was spelt.
    """
    readings = [word]
    while (shorter := strip_definite_article(readings[-1])) != readings[-1]:
        readings.append(shorter)
    return readings

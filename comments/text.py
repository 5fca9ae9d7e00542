"""Text helpers shared by the form, the moderation rules and the templates."""

import re
import unicodedata

# Embedding and isolate controls: they can flip the order of a name and the text around it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks; tatweel; zero-width
# characters and marks that make two spellings of one word look different to a computer.
_IGNORED = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u2060\ufeff]"
)
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",  # Persian kaf
        "ی": "ي",  # Persian yeh
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)
# One address, however written: https://www.example.com is one link, not two.
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def normalize(text: str) -> str:
    """Fold an Arabic (or Latin) text so spelling variants compare equal.

    Removes diacritics, tatweel and invisible characters; folds أ إ آ ٱ → ا, ى ئ → ي,
    ؤ → و, ة → ه, Persian letters and digits; case-folds Latin; squeezes white space.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = _IGNORED.sub("", text).translate(_FOLD).casefold()
    return " ".join(text.split())


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))

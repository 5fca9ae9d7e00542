"""Digits as readers see them on Arabic pages: Latin (0123, the default, as the seed newspaper
and most Gulf dailies online write them) or Arabic-Indic (٠١٢٣), one setting for the whole site
(ARABIC_INDIC_DIGITS). English pages always use Latin digits. Applied to what the page itself
writes (dates, counts, reading time), never to what a journalist or a commenter typed.
"""

from django.conf import settings
from django.utils.translation import get_language

_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_indic(language: str | None = None) -> bool:
    """Whether a page in `language` (the active one by default) writes Arabic-Indic digits."""
    language = language or get_language() or ""
    return bool(settings.ARABIC_INDIC_DIGITS) and language.split("-")[0] == "ar"


def to_arabic_indic(text: str) -> str:
    return text.translate(_TO_ARABIC_INDIC)


def localize_digits(text: str, language: str | None = None) -> str:
    """`text` with its Latin digits in the page's digits (unchanged unless Arabic-Indic)."""
    return to_arabic_indic(text) if arabic_indic(language) else text

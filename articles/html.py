"""HTML sanitising for article bodies (nh3; bleach is unmaintained)."""

import re
from html import unescape

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ARTICLE_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "q", "cite",
    "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "code", "pre", "hr",
    "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "*": {"dir", "lang"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_article_html(html: str) -> SafeString:
    """Keep the structure journalists use, drop scripts, styles, event handlers and odd URLs."""
    cleaned = nh3.clean(
        html or "",
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|pre|td|th|tr)>|<br\s*/?>")


def text_lines(html: str) -> list[str]:
    """The sanitised HTML as plain-text lines: one per paragraph, heading, list item…"""
    text = _BLOCK_END.sub(lambda end: end[0] + "\n", str(sanitize_article_html(html)))
    lines = (" ".join(unescape(strip_tags(line)).split()) for line in text.split("\n"))
    return [line for line in lines if line]


def plain_text(html: str) -> str:
    """The text readers read, words separated even where blocks meet (…</h2><p>…)."""
    return " ".join(text_lines(html))

"""HTML sanitising for article bodies (nh3; bleach is unmaintained)."""

import nh3
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

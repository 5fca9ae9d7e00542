"""HTML sanitising for article bodies (nh3; bleach is unmaintained)."""

import re
from html import unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
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


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_own_image(url: str) -> bool:
    """An image of the site's own media (a path under MEDIA_URL, or the same on SITE_URL or
    MEDIA_URL's own origin) or of a CDN in IMAGE_CDN_ORIGINS. Anything else, a tracking pixel
    on another site included, is not allowed in an article's text (and not by the CSP)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if "\\" in url or ".." in parts.path.split("/"):
        return False
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    if parts.netloc and _origin(url.strip()) in {_origin(o) for o in settings.IMAGE_CDN_ORIGINS}:
        return True
    media = urlsplit(settings.MEDIA_URL)
    media_path = "/" + media.path.strip("/") + "/"
    if not parts.path.startswith(media_path):
        return False
    if not parts.scheme and not parts.netloc:  # a path on this site
        return True
    own = {_origin(settings.SITE_URL)}
    if media.netloc:
        own.add(_origin(settings.MEDIA_URL))
    return bool(parts.scheme and parts.netloc) and _origin(url.strip()) in own


def _keep_own_images(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not is_own_image(value):
        return None
    return value


# An <img> as nh3 writes it: attribute values always in double quotes, which they never contain.
_IMG = re.compile(r'<img((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*/?>')


def outside_images(html: str) -> list[str]:
    """The src of every image in the text that is not one of ours (see is_own_image)."""
    found = []

    def note(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src" and not is_own_image(value):
            found.append(value)
        return value

    nh3.clean(
        html or "",
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes={*URL_SCHEMES, "data"},  # a pasted image may arrive as a data: URL
        attribute_filter=note,
    )
    return found


def sanitize_article_html(html: str) -> SafeString:
    """Keep the structure journalists use, drop scripts, styles, event handlers and odd URLs,
    and images that are not from our own media or CDN (the <img> goes, with its src)."""
    cleaned = nh3.clean(
        html or "",
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_keep_own_images,
    )
    cleaned = _IMG.sub(lambda img: img[0] if ' src="' in img[1] else "", cleaned)
    return mark_safe(cleaned)


# Where one block of text ends and the next begins: its words must not run into the next's.
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|ul|ol|blockquote|figure|figcaption|pre|table|caption|td|th|tr)>"
    r"|<(?:br|hr)\s*/?>"
)


def text_lines(html: str) -> list[str]:
    """The sanitised HTML as plain-text lines: one per paragraph, heading, list item…"""
    text = _BLOCK_END.sub(lambda end: end[0] + "\n", str(sanitize_article_html(html)))
    lines = (" ".join(unescape(strip_tags(line)).split()) for line in text.split("\n"))
    return [line for line in lines if line]


def plain_text(html: str) -> str:
    """The text readers read, words separated even where blocks meet (…</h2><p>…): the one
    plain text of a body, for the search, the excerpt, the word count and the editor's check."""
    return " ".join(text_lines(html))

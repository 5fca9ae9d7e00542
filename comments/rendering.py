"""Safe rendering of reader text (docs/comments.md, "Rendering")."""

import re
from functools import lru_cache
from html import unescape

import nh3
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

COMMENT_TAGS = {"p", "br", "a", "em", "strong", "blockquote", "code"}
COMMENT_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


@lru_cache(maxsize=4096)  # a pure function of the text; threads re-render the same comments
def render_comment_text(text: str) -> SafeString:
    """Escape everything the reader typed, keep line breaks, link bare URLs, then sanitise.

    Readers cannot write HTML: it shows as typed. nh3 runs last as a second wall, and it is
    what sets rel on every link.
    """
    html = linebreaks(urlize(text or "", trim_url_limit=60, nofollow=True, autoescape=True))
    cleaned = nh3.clean(
        html,
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)


def link_targets(html: str) -> list[str]:
    """Every href in rendered comment HTML: what a click would really open."""
    targets = []
    for tag in re.findall(r"<a\s[^>]*>", html):
        match = re.search(r'href="([^"]*)"', tag)
        if match:
            targets.append(unescape(match.group(1)))
    return targets

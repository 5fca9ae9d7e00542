"""Embeds by URL: a paragraph holding only a link to a known service becomes a link card.

Readers get a plain link styled as a card, never the service's script or iframe, so nothing
foreign runs on our pages and no reader is tracked by merely opening an article.
"""

import re
from html import unescape
from urllib.parse import urlsplit

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Host (without "www."/"m.") -> (service name, kind of content).
PROVIDERS = {
    "youtube.com": ("YouTube", "video"),
    "youtu.be": ("YouTube", "video"),
    "vimeo.com": ("Vimeo", "video"),
    "x.com": ("X", "post"),
    "twitter.com": ("X", "post"),
    "instagram.com": ("Instagram", "post"),
    "facebook.com": ("Facebook", "post"),
    "tiktok.com": ("TikTok", "video"),
    "soundcloud.com": ("SoundCloud", "audio"),
}

# Input is sanitised HTML (nh3's output), so the shapes below are the only ones to expect.
_LONE_LINK = re.compile(
    r'<p>\s*<a href="(?P<href>https://[^"]+)"[^>]*>(?P<text>[^<]*)</a>\s*</p>'
    r"|<p>\s*(?P<bare>https://[^\s<\"]+)\s*</p>"
)


def provider_for(url: str) -> tuple[str, str] | None:
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    return PROVIDERS.get(host)


def _card(match: re.Match) -> str:
    url = unescape(match["href"] or match["bare"])
    provider = provider_for(url)
    if provider is None:
        return match[0]
    name, kind = provider
    label = {
        "video": _("Watch the video on %(service)s"),
        "post": _("Read the post on %(service)s"),
        "audio": _("Listen on %(service)s"),
    }[kind] % {"service": name}
    parts = urlsplit(url)
    return format_html(
        '<figure class="embed-card embed-card--{}"><a class="embed-card__link" href="{}" '
        'rel="external nofollow noopener noreferrer"><span class="embed-card__label">{}</span>'
        '<span class="embed-card__url" dir="ltr">{}</span></a></figure>',
        kind,
        url,
        label,
        parts.netloc + parts.path,
    )


def render_embeds(html: SafeString) -> SafeString:
    """Turn lone links to known services into link cards; everything else is left as it is."""
    return mark_safe(_LONE_LINK.sub(_card, html))

"""A WordPress post's HTML, turned into an article body of ours.

Block-editor (Gutenberg) content loses its block comments and keeps its markup; embed blocks
become lone links (articles/embeds.py shows those as link cards). Classic content gets
WordPress's shortcodes ([caption], [gallery], [embed]) and its paragraph rules (wpautop:
blank lines make paragraphs, single newlines <br>). Then `rewrite` points images and links at
their new homes and articles/html.py's sanitiser has the last word; `removed` counts what it
took out.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable

from articles.html import sanitize_article_html

# ---- Gutenberg ---------------------------------------------------------------------------

_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s+(\{.*?\})\s*/?-->.*?<!--\s*/wp:(?:core-)?embed"
    r"(?:/[\w-]+)?\s*-->",
    re.DOTALL,
)
_EMBED_URL = re.compile(r'"url"\s*:\s*"([^"]+)"')
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->")


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def _embed_block(match: re.Match) -> str:
    url = _EMBED_URL.search(match[1])
    if not url:
        return ""
    return lone_link(url[1].replace("\\/", "/"))


def lone_link(url: str) -> str:
    url = html.escape(html.unescape(url.strip()), quote=True)
    return f'\n\n<p><a href="{url}">{url}</a></p>\n\n'


def strip_blocks(content: str) -> str:
    content = _EMBED_BLOCK.sub(_embed_block, content)
    return _BLOCK_COMMENT.sub("", content)


# ---- Shortcodes ------------------------------------------------------------------------

_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
_CAPTION_MEDIA = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]")
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL)
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
_OTHER_SHORTCODE = re.compile(r"\[/?[a-z_][\w-]*(?:\s[^\]]*)?\]")


def attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(text)}


def _caption(match: re.Match) -> str:
    parts = _CAPTION_MEDIA.match(match[2])
    if not parts:
        return match[2]
    caption = attributes(match[1]).get("caption") or parts[2].strip()
    return f"\n\n<figure>{parts[1]}<figcaption>{caption}</figcaption></figure>\n\n"


def expand_shortcodes(content: str, gallery_image: Callable[[str], str | None]) -> str:
    """[caption] → <figure>; [gallery ids="…"] → its images (gallery_image(id) gives an
    <img>, or None when the attachment is unknown); [embed] and a URL alone on its line →
    a lone link. Shortcodes of plugins are removed, their content kept."""
    content = _CAPTION.sub(_caption, content)

    def gallery(match: re.Match) -> str:
        ids = [i.strip() for i in attributes(match[1]).get("ids", "").split(",") if i.strip()]
        images = [image for image in map(gallery_image, ids) if image]
        return "".join(f"\n\n<figure>{image}</figure>\n\n" for image in images)

    content = _GALLERY.sub(gallery, content)
    content = _EMBED.sub(lambda m: lone_link(m[1]), content)
    content = _BARE_URL_LINE.sub(lambda m: lone_link(m[1]), content)
    return _OTHER_SHORTCODE.sub("", content)


# ---- wpautop ---------------------------------------------------------------------------

_BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary|script|iframe"
)
_BEFORE_BLOCK = re.compile(rf"(<(?:{_BLOCK_TAGS})[\s/>])", re.IGNORECASE)
_AFTER_BLOCK = re.compile(rf"(</(?:{_BLOCK_TAGS})>)", re.IGNORECASE)
_STARTS_BLOCK = re.compile(rf"^</?(?:{_BLOCK_TAGS})[\s/>]", re.IGNORECASE)
_ENDS_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})[^>]*>$", re.IGNORECASE)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)


def autop(text: str) -> str:
    """WordPress's wpautop, in short: blank lines separate paragraphs, a single newline is a
    <br>, and block elements (lists, quotes, tables, figures…) are never wrapped in <p>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = {}

    def keep(match: re.Match) -> str:  # <pre> keeps its newlines
        kept[f"<pre-{len(kept)}>"] = match[0]
        return f"\n\n<pre-{len(kept) - 1}>\n\n"

    text = _PRE.sub(keep, text)
    text = _BEFORE_BLOCK.sub(r"\n\n\1", text)
    text = _AFTER_BLOCK.sub(r"\1\n\n", text)
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk in kept:
            out.append(kept[chunk])
        elif _STARTS_BLOCK.match(chunk) or _ENDS_BLOCK.search(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(out)


def convert(content: str, gallery_image: Callable[[str], str | None]) -> str:
    """WordPress's stored post content → HTML with paragraphs, not yet sanitised."""
    if has_blocks(content):
        return re.sub(r"\n\s*\n", "\n", strip_blocks(content)).strip()
    return autop(expand_shortcodes(content, gallery_image))


# ---- Rewriting and sanitising -----------------------------------------------------------

_SRC = re.compile(r'(<img\b[^>]*?\ssrc\s*=\s*)(["\'])(.*?)\2', re.IGNORECASE | re.DOTALL)
_SRCSET = re.compile(r'\s(?:srcset|sizes)\s*=\s*(["\']).*?\1', re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r'(<a\b[^>]*?\shref\s*=\s*)(["\'])(.*?)\2', re.IGNORECASE | re.DOTALL)


def rewrite(
    content: str, *, image: Callable[[str], str | None], link: Callable[[str], str | None]
) -> str:
    """Point every <img src> and <a href> through the given functions (None: leave as is)."""

    def new_src(match: re.Match) -> str:
        found = image(html.unescape(match[3]))
        return match[0] if found is None else f'{match[1]}"{html.escape(found)}"'

    def new_href(match: re.Match) -> str:
        found = link(html.unescape(match[3]))
        return match[0] if found is None else f'{match[1]}"{html.escape(found)}"'

    content = _SRCSET.sub("", content)
    return _HREF.sub(new_href, _SRC.sub(new_src, content))


def link_targets(content: str) -> list[str]:
    """The addresses `rewrite` would pass to its `link` function, as they are in `content`
    (for looking up many at once before rewriting)."""
    return [html.unescape(match[3]) for match in _HREF.finditer(content)]


_TAG = re.compile(r"<([a-zA-Z][\w-]*)\b([^>]*)>")
_EVENT = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _census(markup: str) -> Counter:
    found = Counter()
    for name, attrs in _TAG.findall(markup):
        found[f"<{name.lower()}>"] += 1
        found["event handler"] += len(_EVENT.findall(attrs))
    return found


def sanitize(content: str) -> tuple[str, Counter]:
    """The sanitised body and what the sanitiser removed (elements by name, event handlers)."""
    cleaned = str(sanitize_article_html(content))
    removed = _census(content) - _census(cleaned)
    for name in ("<span>", "<div>"):  # wrappers whose content stays: not worth reporting
        removed.pop(name, None)
    return cleaned, removed

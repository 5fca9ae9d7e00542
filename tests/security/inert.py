"""Is a rendered page inert? Parse it the way a browser does (html5lib implements the HTML
parsing algorithm, foreign content included) and list everything that could run script, load
something foreign or turn the text around. [] means inert.

Our own scripts are allowed: a src under STATIC_URL, or a data block (JSON-LD, json_script)
whose JSON parses and cannot close its element. Our own style blocks and attributes are those
written literally in a template file (user data cannot be).
"""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import django
import html5lib
from django.conf import settings

SVG = "{http://www.w3.org/2000/svg}"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", XLINK_HREF, "data", "poster", "background",
    "srcdoc", "ping", "codebase", "cite", "lowsrc", "dynsrc",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
DATA_BLOCK_TYPES = {"application/ld+json", "application/json", "importmap"}
# The admin's own icons (admin/base.html, admin/color_theme_toggle.html): inline SVG whose
# class user data cannot set; what is inside them is still checked like everything else.
OUR_SVG_CLASSES = {
    "base-svgs",
    "theme-icon-when-auto",
    "theme-icon-when-dark",
    "theme-icon-when-light",
}

# Elements whose content the browser lays out in a bidi paragraph (or isolate) of its own.
ISOLATING = {
    "html", "body", "title", "bdi", "textarea", "option", "p", "div", "h1", "h2", "h3", "h4",
    "h5", "h6", "li", "dt", "dd", "td", "th", "caption", "figcaption", "blockquote", "pre",
    "header", "footer", "section", "article", "aside", "nav", "main", "figure", "ul", "ol",
    "table", "tr", "form", "fieldset", "legend", "label", "address", "summary", "details",
    "script", "style", "template", "noscript",
}  # fmt: skip


def browser_url(value: str) -> str:
    """A URL attribute as the browser resolves its scheme: entities are already decoded by the
    parser; white space and control characters anywhere are dropped; case does not matter."""
    return "".join(
        ch for ch in value if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    ).lower()


def is_dangerous_url(value: str) -> bool:
    return browser_url(value).startswith(DANGEROUS_SCHEMES)


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]


@cache
def our_template_text() -> str:
    """Every template the site renders: ours and Django's admin."""
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [Path(django.__file__).parent / "contrib" / "admin" / "templates"]
    roots += [Path(django.__file__).parent / "forms" / "templates"]
    return "\n".join(
        path.read_text(encoding="utf-8") for root in roots for path in root.rglob("*.html")
    )


def is_our_style(text: str) -> bool:
    text = text.strip()
    return not text or text in our_template_text()


def is_our_script(element) -> bool:
    src = element.get("src")
    if src is not None:
        from django.urls import reverse

        ours = (settings.STATIC_URL, f"{settings.SITE_URL}{settings.STATIC_URL}")
        return src.startswith(ours) or src == reverse("admin:jsi18n")
    if (element.get("type") or "").strip().lower() in DATA_BLOCK_TYPES:
        text = element.text or ""
        if "</script" in text.lower():
            return False
        try:
            json.loads(text)
        except ValueError:
            return False
        return True
    return False


def local_name(tag) -> str:
    return tag.split("}", 1)[1] if isinstance(tag, str) and tag.startswith("{") else str(tag)


def parse_html(markup: str | bytes, *, fragment: bool = False):
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8")
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    return parser.parseFragment(markup) if fragment else parser.parse(markup)


def element_problems(element, *, our_svg: bool = False) -> list[str]:
    found = []
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return found
    name = local_name(tag)
    where = f"<{name}>"
    if tag.startswith((SVG, MATHML)) and not our_svg:
        found.append(f"{where}: SVG/MathML element")
    if name in FORBIDDEN_ELEMENTS:
        found.append(f"{where}: forbidden element")
    if name == "script" and not tag.startswith("{") and not is_our_script(element):
        found.append(f"{where}: a script that is not ours: {ET.tostring(element)[:120]!r}")
    if name == "style" and not is_our_style(element.text or ""):
        found.append(f"{where}: a style block that is not ours")
    if name == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
        found.append(f"{where}: meta refresh")
    for attribute, value in element.attrib.items():
        attr = attribute.lower()
        if local_name(attr).startswith("on"):
            found.append(f"{where}: event handler {attribute}={value!r}")
        if attr == "style" and not is_our_style(value):
            found.append(f"{where}: style attribute {value!r}")
        if (attr in URL_ATTRIBUTES or local_name(attr) == "href") and is_dangerous_url(value):
            found.append(f"{where}: {attribute}={value!r}")
        if attr in {"srcset", "imagesrcset"} and any(map(is_dangerous_url, srcset_urls(value))):
            found.append(f"{where}: {attribute}={value!r}")
    if name == "template":  # the parser keeps a template's content aside; look inside too
        for child in element.iter():
            if child is not element:
                found += element_problems(child)
    return found


def _texts(element, isolate, out):
    """(text, nearest isolating element) in document order."""
    tag = element.tag if isinstance(element.tag, str) else ""
    own = element if (local_name(tag) in ISOLATING or element.get("dir") is not None) else isolate
    if element.text and isinstance(element.tag, str):
        out.append((element.text, own))
    for child in element:
        _texts(child, own, out)
        if child.tail:
            out.append((child.tail, own))


EMBEDDINGS = set("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
ISOLATES = set("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI (with all inside them)


def leaves_open(text: str) -> bool:
    """Does `text` end with a direction embedding, override or isolate still open?"""
    stack = []
    for ch in text:
        if ch in EMBEDDINGS:
            stack.append("E")
        elif ch in ISOLATES:
            stack.append("I")
        elif ch == "\u202c" and stack and stack[-1] == "E":
            stack.pop()
        elif ch == "\u2069" and "I" in stack:
            del stack[len(stack) - 1 - stack[::-1].index("I") :]
    return bool(stack)


def bidi_problems(root) -> list[str]:
    """An override or isolate left open turns around the text after it within the same bidi
    paragraph: fine when nothing follows before the paragraph or isolate ends, a problem when
    a name's override reaches text that is not the name."""
    texts = []
    for element in [root] if isinstance(root.tag, str) else list(root):
        _texts(element, element, texts)
    found = []
    for index, (text, isolate) in enumerate(texts):
        if not leaves_open(text):
            continue
        after = "".join(t for t, iso in texts[index + 1 :] if iso is isolate)
        if after.strip():
            reached = after.strip()[:30]
            found.append(
                f"bidi control in <{isolate.tag}> reaches {reached!r}: {text.strip()[:40]!r}"
            )
    return found


def problems(markup: str | bytes, *, fragment: bool = False) -> list[str]:
    """Everything in the page (or fragment) that could run script; [] when it is inert."""
    root = parse_html(markup, fragment=fragment)
    found = []

    def walk(element, our_svg):
        nonlocal found
        if (
            element.tag == f"{SVG}svg"
            and set((element.get("class") or "").split()) & OUR_SVG_CLASSES
        ):
            our_svg = True
        found += element_problems(element, our_svg=our_svg)
        for child in element:
            walk(child, our_svg)

    walk(root, False) if isinstance(root.tag, str) else [walk(child, False) for child in root]
    found += bidi_problems(root)
    return found


def feed_problems(xml: bytes) -> list[str]:
    """An RSS or Atom feed: well-formed XML, and the HTML a reader shows from it inert."""
    root = ET.fromstring(xml)
    found = []
    for element in root.iter():
        name = local_name(element.tag)
        if name in {"description", "content", "summary", "encoded"}:
            html = element.text or ""
            found += [f"<{name}> {problem}" for problem in problems(html, fragment=True)]
    return found

"""Reading a WXR file (WordPress eXtended RSS 1.0–1.2) as a stream of plain records.

Elements are cleared and dropped from the tree as soon as they are read, so memory stays flat
whatever the file's size.
The parser is defusedxml's: a file that declares a DTD (the carrier of entity bombs and
external entities, which WordPress never writes) is refused before anything is expanded, and
nothing is ever fetched from the network.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse


class NotWXR(Exception):
    """The file is not a WordPress export this importer can read (one line for the operator)."""


# Namespaces by what they are; the version in WordPress's URIs (export/1.0/ … 1.2/) is ignored.
def _prefix(uri: str) -> str:
    if uri.startswith("http://wordpress.org/export/"):
        return "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    return {
        "http://purl.org/rss/1.0/modules/content/": "content",
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://wellformedweb.org/CommentAPI/": "wfw",
    }.get(uri, "?")


@functools.lru_cache(maxsize=256)  # a file has a few dozen tag names, read a million times
def _name(tag: str) -> str:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return f"{_prefix(uri)}:{local}"
    return tag


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class Item:
    """One <item>: a post, page, attachment, nav menu item…, with its meta and comments."""

    fields: dict[str, str]
    terms: list[tuple[str, str, str]]  # (domain, nicename, name)
    meta: dict[str, str]
    comments: list[dict] = field(default_factory=list)

    def __getitem__(self, key: str) -> str:
        return self.fields.get(key, "")


def _simple(element) -> dict[str, str]:
    return {_name(child.tag): _text(child) for child in element}


def _item(element) -> Item:
    fields, terms, meta, comments = {}, [], {}, []
    for child in element:
        name = _name(child.tag)
        if name == "category":
            terms.append((child.get("domain", ""), child.get("nicename", ""), _text(child)))
        elif name == "wp:postmeta":
            values = _simple(child)
            meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        elif name == "wp:comment":
            comment, comment_meta = {}, []  # a key may come more than once (akismet_history)
            for part in child:
                part_name = _name(part.tag)
                if part_name == "wp:commentmeta":
                    values = _simple(part)
                    comment_meta.append(
                        (values.get("wp:meta_key", ""), values.get("wp:meta_value", ""))
                    )
                else:
                    comment[part_name] = part.text or ""
            comment["meta"] = comment_meta
            comments.append(comment)
        elif name in ("content:encoded", "excerpt:encoded"):
            fields[name] = child.text or ""  # whitespace matters to the paragraph rules
        else:
            fields[name] = _text(child)
    return Item(fields=fields, terms=terms, meta=meta, comments=comments)


def read(path) -> Iterator[tuple[str, object]]:
    """Yield ("site", Site) once, before the first author, term or item, then ("author", dict),
    ("category", dict), ("tag", dict), ("term", dict) and ("item", Item) in file order.
    Raises NotWXR for anything that is not a WordPress export."""
    site = Site()
    site_sent = False
    depth = 0
    stack: list[str] = []
    channel = None  # its children are removed once read: the tree never grows
    try:
        events = iterparse(
            str(path),
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
        for event, element in events:
            name = _name(element.tag)
            if event == "start":
                if depth == 0 and name != "rss":
                    raise NotWXR(f"the root element is <{name}>, not WordPress's <rss>")
                depth += 1
                stack.append(name)
                if name == "channel" and channel is None:
                    channel = element
                continue
            depth -= 1
            stack.pop()
            parent = stack[-1] if stack else ""
            if parent != "channel":
                continue  # an item's parts are read with the item; the channel's children here
            if name in ("wp:wxr_version", "wp:base_site_url", "wp:base_blog_url", "title", "link"):
                attribute = name.removeprefix("wp:")
                if not getattr(site, attribute):
                    setattr(site, attribute, _text(element))
                element.clear()
                if channel is not None:
                    channel.remove(element)
                continue
            kind = {
                "wp:author": "author",
                "wp:category": "category",
                "wp:tag": "tag",
                "wp:term": "term",
                "item": "item",
            }.get(name)
            if kind is None:
                element.clear()
                if channel is not None:
                    channel.remove(element)
                continue
            if not site_sent:
                if not site.wxr_version:
                    raise NotWXR("no <wp:wxr_version>: not a WordPress export (WXR) file")
                site.base_site_url = (site.base_site_url or site.link).rstrip("/")
                site_sent = True
                yield "site", site
            yield kind, (_item(element) if kind == "item" else _simple(element))
            element.clear()
            if channel is not None:
                channel.remove(element)  # the last child: found at once
    except DefusedXmlException as exc:
        raise NotWXR(
            f"refused: the file declares a DTD or entities ({type(exc).__name__}); "
            "WordPress never writes one"
        ) from exc
    except ParseError as exc:
        raise NotWXR(f"not well-formed XML ({exc})") from exc
    except OSError as exc:
        raise NotWXR(f"cannot read the file ({exc.strerror or exc})") from exc
    if not site_sent:
        if not site.wxr_version:
            raise NotWXR("no <wp:wxr_version>: not a WordPress export (WXR) file")
        site.base_site_url = (site.base_site_url or site.link).rstrip("/")
        yield "site", site

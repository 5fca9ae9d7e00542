"""A small HTML reader for assertions: elements with their attributes and text."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    text_parts: list = field(default_factory=list)

    @property
    def text(self):
        parts = list(self.text_parts)
        for child in self.children:
            parts.append(child.text)
        return " ".join(" ".join(parts).split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def matches(self, tag, attrs):
        if tag is not None and self.tag != tag:
            return False
        for key, wanted in attrs.items():
            name = key.rstrip("_").replace("_", "-")
            value = self.attrs.get(name)
            if name == "class":
                if value is None or wanted not in value.split():
                    return False
            elif value != wanted:
                return False
        return True

    def find_all(self, tag=None, **attrs):
        """Elements by tag and attributes; class_="x" matches one class among several."""
        return [el for el in self.iter() if el.matches(tag, attrs)]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag, {name: (value if value is not None else "") for name, value in attrs}
        )
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(
            Element(tag, {name: (value if value is not None else "") for name, value in attrs})
        )

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        self.stack[-1].text_parts.append(data)


def parse(html) -> Element:
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def form_values(html, form_id: str) -> dict:
    """The fields of the form `form_id` as the browser would send them back."""
    form = parse(html).find("form", id=form_id)
    data = {}
    for element in form.iter():
        name = element.attrs.get("name")
        if element.tag not in ("input", "textarea", "select") or not name:
            continue
        if element.attrs.get("type") in ("submit", "file") or "disabled" in element.attrs:
            continue
        if element.tag == "textarea":
            data[name] = "".join(element.text_parts).strip()
        elif element.tag == "select":
            options = element.find_all("option")
            chosen = [o.attrs.get("value", "") for o in options if "selected" in o.attrs]
            if "multiple" in element.attrs:
                data[name] = chosen
            else:
                data[name] = (
                    chosen[0] if chosen else (options[0].attrs.get("value", "") if options else "")
                )
        elif element.attrs.get("type") == "checkbox":
            if "checked" in element.attrs:
                data[name] = element.attrs.get("value", "on")
        else:
            data[name] = element.attrs.get("value", "")
    return data

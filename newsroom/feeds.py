"""Feed generators that cannot be broken by a stray control character.

XML 1.0 has no place for most C0 control characters (nor U+FFFE/U+FFFF); Django refuses to
write them and the whole feed would fail for every reader because one headline or comment held
one. These generators drop such characters from every text they are given.
"""

import re

from django.utils import feedgenerator

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value):
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class _XmlSafe:
    def __init__(self, *args, **kwargs):
        args = [xml_safe(arg) for arg in args]
        super().__init__(*args, **{key: xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        args = [xml_safe(arg) for arg in args]
        super().add_item(*args, **{key: xml_safe(value) for key, value in kwargs.items()})


class Rss201rev2Feed(_XmlSafe, feedgenerator.Rss201rev2Feed):
    pass


class Atom1Feed(_XmlSafe, feedgenerator.Atom1Feed):
    pass

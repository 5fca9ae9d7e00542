"""Text helpers shared by the form, the moderation rules and the templates.

Arabic folding lives in newsroom.arabic, shared with search; it is re-exported here for the
comment modules that already import it from this one.
"""

import re

from newsroom.arabic import normalize, strip_bidi_controls

__all__ = ["LINK", "count_links", "normalize", "strip_bidi_controls"]

# One address, however written: https://www.example.com is one link, not two.
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))

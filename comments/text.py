"""Text helpers of the comment rules. Arabic folding is newsroom.arabic's, shared with search."""

import re

# One address, however written: https://www.example.com is one link, not two.
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))

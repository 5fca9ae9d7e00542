"""Text helpers shared by the form, the rules and the templates."""

import re

# Embedding and isolate controls: they can flip the order of a name and the text around it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)

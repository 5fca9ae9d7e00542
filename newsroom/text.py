"""Text that comes from outside (another service's answer, a mail server's error), made safe
to store and to log.

PostgreSQL refuses NUL in text and jsonb columns (a 500 where the reader expected a
redirect), and control characters in a log line can forge lines or move a terminal's cursor.
clean_outside_text() writes each control character as its escape (\\x00, \\x1b, \\u2028…),
so nothing is lost for the reader of the history or the log, and caps the length.
"""

import re

# C0 controls but tab (newlines too: one log line per event), DEL, C1 controls, the line and
# paragraph separators, and lone surrogates (undecodable bytes kept by surrogateescape).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
OUTSIDE_TEXT_LIMIT = 300


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean_outside_text(text: object, limit: int = OUTSIDE_TEXT_LIMIT) -> str:
    """str(text) with every control character escaped, at most `limit` characters long."""
    return _UNSAFE.sub(_escape, str(text))[:limit]

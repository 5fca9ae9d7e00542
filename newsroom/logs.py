"""Logging helpers referenced from settings.LOGGING."""

import logging


class NoTraceback(logging.Filter):
    """Keep the message, drop the traceback: for refusals an attacker can repeat at will."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True

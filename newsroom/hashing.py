"""CSP hash sources, shared by the policy (newsroom/csp.py) and the static 503 page."""

import base64
import hashlib


def sha256_source(text: str) -> str:
    """The CSP source that allows exactly this inline script or style text."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode("ascii")
    return f"'sha256-{digest}'"

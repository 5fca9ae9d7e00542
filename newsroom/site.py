"""The site as readers and colleagues see it: its absolute addresses and how people are named.

Project layer, so the apps and the project's own pages share one rule for each.
"""

from django.conf import settings


def absolute(path: str) -> str:
    """An absolute URL on the canonical site (SITE_URL), never on the request's host."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def display_name(user) -> str:
    """How a person is named to readers and colleagues: full name, else the username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()

"""Forged cross-site posts refused by their Origin (or Referer), without a CSRF token.

The reader forms (comment, language switch) sit in pages that the page cache serves to every
reader, so they cannot hold a per-reader CSRF token. Their targets are csrf_exempt and use this
check instead (docs/caching.md, "Forms in cached pages"):

- an Origin header (every current browser sends one with a form POST) must be this site's
  origin, or one of CSRF_TRUSTED_ORIGINS; "null" (sandboxed frames, some privacy modes) fails;
- without Origin, the Referer must start with such an origin;
- with neither (very old browsers, scripts), the post goes through as an anonymous one: the
  signed-in user, the only thing a forgery could borrow, is dropped for this request.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

SAME, CROSS, UNKNOWN = "same", "cross", "unknown"


def _origin_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def _allowed(request) -> set[str]:
    own = f"{request.scheme}://{request.get_host()}".lower()
    return {own, *(origin.lower().rstrip("/") for origin in settings.CSRF_TRUSTED_ORIGINS)}


def verdict(request) -> str:
    """SAME, CROSS or UNKNOWN (neither header) for a POST."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return SAME if origin.lower().rstrip("/") in _allowed(request) else CROSS
    referer = request.headers.get("Referer")
    if referer:
        return SAME if _origin_of(referer) in _allowed(request) else CROSS
    return UNKNOWN


def same_origin_post(view):
    """csrf_exempt, with the Origin/Referer check above: a cross-site post gets the short
    403 page and the view never runs."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            found = verdict(request)
            if found == CROSS:
                return render(request, "cross_site.html", status=403)
            if found == UNKNOWN:
                request.user = AnonymousUser()
        return view(request, *args, **kwargs)

    return wrapper


@same_origin_post
def set_language(request):
    """Django's language switch, reachable from cached pages (no CSRF token in them)."""
    from django.views.i18n import set_language as django_set_language

    return django_set_language(request)

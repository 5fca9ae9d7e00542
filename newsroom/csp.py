"""Content-Security-Policy: the policy's admin additions and the endpoint that logs violations.

The policy itself is in settings.py (CONTENT_SECURITY_POLICY, django-csp 4). Reader pages need
neither a nonce nor a hash: every script and style is an external file, so a page cached for
anonymous readers stays valid for everyone. The admin needs three inline pieces it cannot do
without, allowed by their SHA-256 hashes (a hash, unlike a nonce, is the same on every
response, so nothing per request is involved):

- the import map django-prose-editor puts in the page (browsers accept import maps only
  inline, never from a file);
- the base stylesheet the editor's engine (Tiptap) adds to the page when it starts;
- the one-line <style> of Django's own change list when a list has no bulk actions.

Each hash is computed from the installed package, so upgrading one of them keeps the policy
right; if a piece is not found, nothing is allowed and the browser test says so.
"""

import json
import logging
import re
from functools import cache
from pathlib import Path

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse, UnreadablePostError
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsroom.hashing import sha256_source
from newsroom.net import client_block
from newsroom.throttle import count_request

logger = logging.getLogger("newsroom.csp")

REPORT_MAX_BYTES = 16 * 1024  # a real report is well under 2 KB
REPORTS_PER_REQUEST = 5  # report-to may batch several; the rest are dropped
FIELD_MAX_CHARS = 200  # each logged value


def _importmap_text() -> str | None:
    from django_prose_editor.widgets import prose_editor_admin_media

    html = "".join(str(tag) for tag in prose_editor_admin_media.render_importmap())
    match = re.fullmatch(r'\s*<script type="importmap">(.*)</script>\s*', html, re.DOTALL)
    return match[1] if match else None


def _tiptap_stylesheet() -> str | None:
    import django_prose_editor

    bundle = Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js"
    # The stylesheet is a template literal without escapes or ${…}: its text is the CSS itself.
    match = re.search(r"`(\.ProseMirror \{[^`\\$]*)`", bundle.read_text(encoding="utf-8"))
    return match[1] if match else None


def _changelist_style() -> str | None:
    import django.contrib.admin

    template = Path(django.contrib.admin.__file__).parent / "templates/admin/change_list.html"
    match = re.search(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), re.DOTALL)
    return match[1] if match else None


@cache
def admin_additions() -> dict[str, list[str]]:
    """Hashes added to script-src and style-src on admin pages."""
    scripts = [sha256_source(text) for text in _found(_importmap_text)]
    styles = [sha256_source(text) for text in _found(_tiptap_stylesheet, _changelist_style)]
    return {"script-src": scripts, "style-src": styles}


def _found(*finders) -> list[str]:
    texts = []
    for finder in finders:
        try:
            text = finder()
        except Exception:  # a changed package must not break the admin; the browser test tells
            logger.exception("CSP: %s failed", finder.__name__)
            text = None
        if text:
            texts.append(text)
        else:
            logger.warning("CSP: %s found nothing to allow", finder.__name__)
    return texts


def is_admin_path(path: str) -> bool:
    return path.startswith("/admin/")


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, plus the admin's hashes and the Reporting-Endpoints header."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin_path(request.path_info) and parts.update is None:
            parts.update = admin_additions()
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Reporting-Endpoints" not in response and (
            "Content-Security-Policy" in response
            or "Content-Security-Policy-Report-Only" in response
        ):
            response["Reporting-Endpoints"] = f'csp="{settings.SECURITY_POLICY_REPORT_PATH}"'
        return response


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _clean(value) -> str:
    """One log value: a string, never a line break or a bidi control, at most 200 characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _UNPRINTABLE.sub("?", text)[:FIELD_MAX_CHARS]


# The report's fields, as report-uri (hyphenated) and report-to (camelCase) name them.
FIELDS = (
    ("page", "document-uri", "documentURL"),
    ("directive", "effective-directive", "effectiveDirective"),
    ("blocked", "blocked-uri", "blockedURL"),
    ("source", "source-file", "sourceFile"),
    ("line", "line-number", "lineNumber"),
    ("sample", "script-sample", "sample"),
    ("disposition", "disposition", "disposition"),
)


def _reports(payload) -> list[dict]:
    """The violation bodies in either format: {"csp-report": {…}} or [{"type": …, "body": …}]."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list):
        return [
            item["body"]
            for item in payload
            if isinstance(item, dict)
            and item.get("type") == "csp-violation"
            and isinstance(item.get("body"), dict)
        ]
    return []


def _log_line(report: dict) -> str:
    parts = []
    for label, old_name, new_name in FIELDS:
        value = report.get(old_name, report.get(new_name))
        if label == "directive" and value is None:
            value = report.get("violated-directive")
        if value not in (None, ""):
            parts.append(f"{label}={_clean(value)}")
    return " ".join(parts) or "empty report"


@csrf_exempt  # browsers send reports without a token (and with no cookies)
@require_POST
def report(request):
    """Log each violation report in one line (logger newsroom.csp) and answer 204.

    Never an error for a bad report: it is logged as unreadable. The endpoint is left out of
    the shared POST burst count (a page with many violations must not use up a reader's
    budget for comments) and has its own per-address budget, CSP_REPORTS_PER_MINUTE.
    """

    block = client_block(request)
    count, retry_after = count_request(f"csp:{block}", 60)
    if count > settings.SECURITY_POLICY_REPORTS_PER_MINUTE:
        response = HttpResponse(status=429)
        response["Retry-After"] = str(retry_after)
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > REPORT_MAX_BYTES:
        logger.warning("CSP report refused: %d bytes", length)
        return HttpResponse(status=413)
    try:
        body = request.body  # at most REPORT_MAX_BYTES, checked above
    except (OSError, UnreadablePostError):
        body = b""
    try:
        reports = _reports(json.loads(body[:REPORT_MAX_BYTES])) if body else []
    except (ValueError, RecursionError):
        reports = []
    if not reports:
        logger.warning("CSP report unreadable (%d bytes)", len(body))
    for violation in reports[:REPORTS_PER_REQUEST]:
        logger.warning("CSP violation: %s", _log_line(violation))
    return HttpResponse(status=204)

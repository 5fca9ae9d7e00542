"""Error pages (400, 403, CSRF, 404, 500): Arabic pages of the site, with its header and search.

Django's default handlers render 400 and 500 without the request, so the pages would lose the
language, the header's search box and SITE_URL; these handlers render with it.
"""

import logging
import sys
from functools import wraps

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, UnreadablePostError
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from newsroom.hashing import sha256_source

logger = logging.getLogger(__name__)

# The database cannot be reached: a page that needs nothing but this string (no template, no
# query, no session), so it is served however many requests arrive while the database is down.
DATABASE_DOWN_503 = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الموقع غير متاح مؤقتاً</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<style>{style}</style></head>
<body><h1>الموقع غير متاح مؤقتاً</h1>
<p>نواجه عطلاً مؤقتاً في قاعدة البيانات، ولم يُحفظ شيء من طلبك. حاول مرة أخرى بعد دقيقة.</p>
<p><a href="/">العودة إلى الصفحة الرئيسية</a></p></body></html>"""
DATABASE_DOWN_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;"
    "line-height:1.7}"
)
DATABASE_DOWN_503 = DATABASE_DOWN_503.replace("{style}", DATABASE_DOWN_STYLE)
# Its own policy: nothing but its one inline style, allowed by its hash (no static file needed).
DATABASE_DOWN_CSP = (
    f"default-src 'none'; style-src {sha256_source(DATABASE_DOWN_STYLE)}; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def database_down_response() -> HttpResponse:
    response = HttpResponse(DATABASE_DOWN_503, status=503, content_type="text/html; charset=utf-8")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = DATABASE_DOWN_CSP
    return response


class DatabaseUnavailableMiddleware:
    """503 with the static page when a view cannot reach the database, with one log line.

    Each request runs in its own transactions, so a request cut off here has written nothing
    half-way: what it had begun is rolled back by the database itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.error(
            "Database unavailable (%s %s): %s",
            request.method,
            request.path[:200],
            str(exception).strip().splitlines()[0][:200] if str(exception) else "",
        )
        return database_down_response()


def error_page(view):
    """requires_csrf_token (the page's forms need a token), safe on an unreadable body.

    The CSRF check inside requires_csrf_token reads request.POST. When reading it is what
    failed (a form body in a charset other than UTF-8, a body over DATA_UPLOAD_MAX_MEMORY_SIZE,
    a dropped connection), it would raise again inside the error page and turn the 400 into a
    500 with a long traceback; such a body is treated as empty instead.
    """
    view = requires_csrf_token(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            request.POST  # noqa: B018 (parsed here, once, so that failures can be caught)
        except (BadRequest, SuspiciousOperation, UnreadablePostError):
            request._mark_post_parse_error()
        return view(request, *args, **kwargs)

    return wrapper


# Last resort when even the 500 template cannot be rendered (a broken template, no database).
FALLBACK_500 = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خطأ في الخادم</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>عذراً، حدث خطأ في الخادم</h1><p>نعمل على إصلاحه. حاول مرة أخرى بعد قليل.</p>
<p><a href="/">العودة إلى الصفحة الرئيسية</a></p></body></html>"""


@error_page
def bad_request(request, exception=None):
    # One short line per refused request: Django logs 4xx without detail (django.request is
    # at ERROR) and an attacker's burst must not fill the disk with tracebacks.
    logger.warning(
        "Bad request %s %s: %s", request.method, request.path[:200], str(exception)[:200]
    )
    return render(request, "400.html", status=400)


@error_page
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@error_page
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@error_page
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@error_page
def server_error(request):
    # An error outside a view (a middleware reading the session, a template rendered late)
    # that is the database being unreachable still gets the 503 page, not the 500 one.
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return database_down_response()
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page itself failed to render")
        return HttpResponseServerError(FALLBACK_500)

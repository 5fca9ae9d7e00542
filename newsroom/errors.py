"""Error pages (400, 403, CSRF, 404, 500): Arabic pages of the site, with its header and search.

Django's default handlers render 400 and 500 without the request, so the pages would lose the
language, the header's search box and SITE_URL; these handlers render with it.
"""

import logging
from functools import wraps

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponseServerError, UnreadablePostError
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


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
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page itself failed to render")
        return HttpResponseServerError(FALLBACK_500)

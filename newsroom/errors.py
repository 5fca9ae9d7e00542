"""Error pages (400, 403, CSRF, 404, 500): Arabic pages of the site, with its header and search.

Django's default handlers render 400 and 500 without the request, so the pages would lose the
language, the header's search box and SITE_URL; these handlers render with it.
"""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Last resort when even the 500 template cannot be rendered (a broken template, no database).
FALLBACK_500 = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خطأ في الخادم</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>عذراً، حدث خطأ في الخادم</h1><p>نعمل على إصلاحه. حاول مرة أخرى بعد قليل.</p>
<p><a href="/">العودة إلى الصفحة الرئيسية</a></p></body></html>"""


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page itself failed to render")
        return HttpResponseServerError(FALLBACK_500)

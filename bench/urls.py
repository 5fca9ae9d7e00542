"""The site's URLs (and error pages) plus the benchmark's floor (bench/settings.py)."""

from django.http import HttpResponse
from django.urls import path

from newsroom import urls as site


def floor(request):
    """The least a Django view can do: a few bytes, no template, no query."""
    return HttpResponse(b"ok", content_type="text/plain")


handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500

urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *site.urlpatterns]

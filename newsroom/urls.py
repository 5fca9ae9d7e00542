from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from articles import sitemaps
from newsroom import csp, origin, views
from newsroom.pagecache import cache_for_readers

handler400 = "newsroom.errors.bad_request"
handler403 = "newsroom.errors.permission_denied"
handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"

admin.site.site_header = _("Newsroom administration")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Newsroom desk")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.SECURITY_POLICY_REPORT_PATH.strip("/") + "/", csp.report, name="csp-report"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", cache_for_readers(sitemaps.index, params=("p",)), name="sitemap"),
    path(
        "sitemap-<str:section>.xml",
        cache_for_readers(sitemaps.section_page, params=("p",)),
        name="sitemap-section",
    ),
    path("news-sitemap.xml", cache_for_readers(sitemaps.news), name="news-sitemap"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", origin.set_language, name="set_language"),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images. At scale, let the proxy or a CDN serve MEDIA_ROOT and turn this off.
    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", views.media),
    ]

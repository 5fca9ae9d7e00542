from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from newsroom.cache import health as shared_cache_health
from newsroom.worker import stuck_tasks


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers).

    It also says whether background tasks wait longer than TASKS_LATE_AFTER seconds ("tasks":
    "late", "status": "degraded"): the worker is down or behind; how many tasks have been
    running longer than TASKS_RUNNING_TIMEOUT ("stuck_tasks", "status": "degraded"): their
    worker died, and a live worker queues them again; and, with a shared cache
    (Redis), whether it answers ("cache": "unavailable", "status": "degraded": pages are
    rendered uncached, the burst limit counts per process). All are still a 200, since
    this web process can serve readers; alert on the body, not the status.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        late = late_tasks()
        stuck = stuck_tasks()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    body = {"status": "ok", "database": "ok"}
    if late is not None:
        body["tasks"] = "late" if late else "ok"
        body["late_tasks"] = late
        if late:
            body["status"] = "degraded"
    if stuck is not None:
        body["stuck_tasks"] = stuck
        if stuck:
            body["status"] = "degraded"
    cache_state = shared_cache_health()
    if cache_state is not None:
        body["cache"] = cache_state
        if cache_state != "ok":
            body["status"] = "degraded"
    return JsonResponse(body)


def late_tasks() -> int | None:
    """How many queued tasks have been due for longer than TASKS_LATE_AFTER (None: no queue)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    from django_tasks_db.models import DBTaskResult, get_date_max

    cutoff = timezone.now() - timedelta(seconds=settings.TASKS_LATE_AFTER)
    due = Q(run_after=get_date_max()) | Q(run_after__lt=cutoff)
    return DBTaskResult.objects.ready().filter(due, enqueued_at__lt=cutoff).count()


@require_safe
def opensearch(request):
    """OpenSearch description: lets browsers add the site's search (linked from every page)."""
    return render(
        request,
        "opensearch.xml",
        {"SITE_URL": settings.SITE_URL},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@require_safe
def robots_txt(request):
    """Crawlers: both sitemaps; the admin and the search results stay out of the index."""
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_safe
def manifest(request):
    """Web app manifest: name, colours and icons for "add to home screen"."""
    return render(
        request, "manifest.webmanifest", content_type="application/manifest+json; charset=utf-8"
    )


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links to."""
    return redirect(static("icons/favicon.ico"), permanent=True)


def media(request, path):
    """Uploaded files and renditions, from MEDIA_ROOT as it is now (tests point it elsewhere)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # Upload names are never reused (the storage adds a suffix), renditions are named after
    # their source and size: a URL keeps its content, so browsers and CDNs may keep it long.
    response["Cache-Control"] = f"public, max-age={settings.MEDIA_CACHE_SECONDS}"
    return response

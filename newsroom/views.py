from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers).

    It also says whether background tasks wait longer than TASKS_LATE_AFTER seconds ("tasks":
    "late", "status": "degraded"): the worker is down or behind. That is still a 200, since
    this web process can serve readers; alert on the body, not the status.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        late = late_tasks()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    body = {"status": "ok", "database": "ok"}
    if late is not None:
        body["tasks"] = "late" if late else "ok"
        body["late_tasks"] = late
        if late:
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

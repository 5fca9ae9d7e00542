"""The project's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.urls import path

from newsroom.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request):
    raise RuntimeError("boom")


def database_down(request):
    raise DatabaseError("connection refused")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/boom/", broken),
    path("test-errors/db/", database_down),
    path("test-errors/forbidden/", forbidden),
    *urlpatterns,
]

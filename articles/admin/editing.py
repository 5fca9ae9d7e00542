"""The change form's editing endpoints: the lock's heartbeat and take-over, the autosave.

Each answers only a user who may change the article (or add one, for a new article's form),
as the admin decides (`model_admin.has_change_permission`); the script that calls them is
static/js/editing.js (articles/locks.py, articles/autosave.py)."""

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import autosave, locks
from articles.models import Article
from newsroom.site import display_name


def _article(model_admin, request: HttpRequest, pk) -> Article:
    article = get_object_or_404(Article, pk=pk)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    return article


def _new_or_article(model_admin, request: HttpRequest, pk) -> Article | None:
    if pk is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    return _article(model_admin, request, pk)


@require_POST
def heartbeat(request: HttpRequest, pk: int, *, model_admin) -> JsonResponse:
    article = _article(model_admin, request, pk)
    beat = locks.heartbeat(article, request.user)
    answer = {"state": beat.state, "every": locks.HEARTBEAT_SECONDS}
    if beat.state == "taken":
        answer["message"] = _(
            "%(name)s took over editing this article. Your unsaved changes are kept in your "
            "autosave; reload the page to see the saved article."
        ) % {"name": display_name(beat.by)}
    return JsonResponse(answer)


@require_POST
def take_over(request: HttpRequest, pk: int, *, model_admin) -> HttpResponse:
    article = _article(model_admin, request, pk)
    locks.take_over(article, request.user)
    return redirect("admin:articles_article_change", article.pk)


@require_POST
def keep(request: HttpRequest, pk: int | None = None, *, model_admin) -> JsonResponse:
    article = _new_or_article(model_admin, request, pk)
    try:
        fields = autosave.parse(request.body)
    except autosave.TooLarge:
        return JsonResponse({"error": "too large"}, status=413)
    except (ValueError, UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"error": "bad request"}, status=400)
    kept = autosave.keep(article, request.user, fields)
    return JsonResponse({"saved_at": kept.saved_at.isoformat()})


@require_POST
def discard(request: HttpRequest, pk: int | None = None, *, model_admin) -> HttpResponse:
    article = _new_or_article(model_admin, request, pk)
    autosave.discard(article, request.user)
    if article is None:
        return redirect("admin:articles_article_add")
    return redirect("admin:articles_article_change", article.pk)

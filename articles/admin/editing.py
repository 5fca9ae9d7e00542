"""The change form's editing endpoints: an article's lock heartbeat and take-over, and the
autosave of an article's or a page's form (`AutosavedAdmin` adds them to a model admin).

Each answers only a user who may change the article or page (or add one, for a new one's form),
as the admin decides (`model_admin.has_change_permission`); the script that calls them is
static/js/editing.js (articles/locks.py, articles/autosave.py)."""

import json
from functools import partial

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import autosave, locks
from newsroom.site import display_name


def _article(model_admin, request: HttpRequest, pk):
    """The article (or page) of the model admin's model, if this user may change it."""
    article = get_object_or_404(model_admin.model, pk=pk)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    return article


def _new_or_article(model_admin, request: HttpRequest, pk):
    if pk is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    return _article(model_admin, request, pk)


def _form_url(model_admin, obj) -> str:
    if obj is None:
        return reverse(admin_urlname(model_admin.opts, "add"))
    return reverse(admin_urlname(model_admin.opts, "change"), args=[obj.pk])


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
    kept = autosave.keep(model_admin.model, article, request.user, fields)
    return JsonResponse({"saved_at": kept.saved_at.isoformat()})


@require_POST
def discard(request: HttpRequest, pk: int | None = None, *, model_admin) -> HttpResponse:
    article = _new_or_article(model_admin, request, pk)
    autosave.discard(model_admin.model, article, request.user)
    return redirect(_form_url(model_admin, article))


class AutosavedAdmin:
    """A model admin whose add and change forms autosave (articles/autosave.py): the endpoints,
    the offer to restore and the restored form, the autosave deleted by a save. The change form
    template includes admin/articles/article/_editing.html; the admin's Media loads
    js/editing.js."""

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}_autosave"
        views = [
            ("<int:pk>/autosave/", keep, name),
            ("autosave/", keep, f"{name}_new"),
            ("<int:pk>/autosave/discard/", discard, f"{name}_discard"),
            ("autosave/discard/", discard, f"{name}_discard_new"),
        ]
        return [
            path(route, self.admin_site.admin_view(partial(view, model_admin=self)), name=url_name)
            for route, view, url_name in views
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.model.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        context = {**(extra_context or {})}
        if obj is not None:
            context.update(self.script_context(request, obj))
        if obj is not None and request.method == "GET":
            context.update(self.editing_context(request, obj))
        return super().change_view(request, object_id, form_url, context)

    def add_view(self, request, form_url="", extra_context=None):
        context = {**(extra_context or {}), **self.script_context(request, None)}
        if request.method == "GET":
            context.update(self.editing_context(request, None))
        return super().add_view(request, form_url, context)

    def script_context(self, request, obj) -> dict:
        """The script's settings, on the form as opened and as shown again after a refused
        save: which form, how often, and where it keeps the autosave if the user may edit."""
        context = {
            "autosave_every": autosave.SAVE_SECONDS,
            "editing_form_id": f"{self.opts.model_name}_form",
        }
        may_edit = (
            self.has_add_permission(request)
            if obj is None
            else self.has_change_permission(request, obj)
        )
        if may_edit:
            context["autosave_url"] = self.autosave_url(obj, "")
            context["autosave_discard_url"] = self.autosave_url(obj, "_discard")
        return context

    def editing_context(self, request, obj) -> dict:
        """The user's autosave to offer (?autosave=restore restores it into the form)."""
        kept = autosave.of(self.model, obj, request.user)
        restoring = request.GET.get("autosave") == "restore"
        if kept is not None and restoring:
            request.restored_autosave = kept
        return {
            "autosave_kept": kept if not restoring else None,
            "autosave_restored": getattr(request, "restored_autosave", None),
        }

    def autosave_url(self, obj, suffix: str) -> str:
        name = admin_urlname(self.opts, f"autosave{suffix}")
        if obj is None:
            return reverse(f"{name}_new")
        return reverse(name, args=[obj.pk])

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        restored = getattr(request, "restored_autosave", None)
        if restored is None:
            return form

        class RestoredForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                if not self.is_bound:
                    self.initial.update(autosave.initial_from(restored, self.fields))

        return RestoredForm

    def forget_autosave(self, request, obj, change: bool) -> None:
        """Saved: the saver has nothing left to restore."""
        autosave.discard(self.model, obj if change else None, request.user)

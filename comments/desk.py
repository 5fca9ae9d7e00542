"""The desk's own pages: a one-click action on one comment (JSON for the desk's script, a
redirect otherwise), a staff reply, and emptying the spam queues or the trash.

CommentAdmin.get_urls() wraps these in admin_view (login, staff, CSRF); each checks its own
permission in comments.permissions.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from comments import actions, moderation, permissions, spam
from comments.counts import size_label
from comments.models import Comment
from comments.states import ACTIONS, MAX_COMMENT_LENGTH, QUEUES


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the list the moderator came from (a `next` on this site), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _done_message(action, comment: Comment) -> str:
    if action.key == "delete":
        return _("Comment deleted permanently.")
    return _("%(action)s: the comment is now %(status)s.") % {
        "action": action.label,
        "status": comment.get_status_display(),
    }


@require_POST
def moderate_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """One moderator action on one comment, from a row of the list or the detail page."""
    action = ACTIONS.get(request.POST.get("action", ""))
    if not permissions.can_moderate(request.user) or (
        action and not permissions.can_perform(request.user, action)
    ):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    detail_url = reverse("admin:comments_comment_change", args=[pk])
    if action is None:
        message = _("Unknown action.")
        if wants_json(request):
            return JsonResponse({"changed": False, "message": message}, status=400)
        messages.error(request, message)
        return _back(request, detail_url)
    if not actions.perform(comment, action.key, by=request.user):
        message = _("Nothing done: the comment is %(status)s now.") % {
            "status": comment.get_status_display()
        }
        if wants_json(request):
            return JsonResponse({"changed": False, "message": message}, status=409)
        messages.warning(request, message)
        return _back(request, detail_url)
    deleted = action.key == "delete"
    message = _done_message(action, comment)
    if wants_json(request):
        return JsonResponse(_row_state(request, comment, action, deleted, message))
    messages.success(request, message)
    return _back(request, reverse("admin:comments_comment_changelist") if deleted else detail_url)


def _counts() -> dict:
    """The desk's queue sizes for the page's script: the numbers, and the labels the status
    links show ("more than 1,000 comments" past the cap)."""
    counts = Comment.objects.desk_counts()
    return {"counts": counts, "count_labels": {k: size_label(v) for k, v in counts.items()}}


def _row_state(request, comment: Comment, action, deleted: bool, message: str) -> dict:
    """What the desk's script needs to redraw the row and the status links."""
    queue = request.POST.get("queue", "all")
    in_queue = (
        not deleted
        and Comment.objects.queue(queue if queue in QUEUES else "all")
        .filter(pk=comment.pk)
        .exists()
    )
    answer = {
        "changed": True,
        "id": comment.pk,
        "deleted": deleted,
        "message": message,
        "undo": "" if deleted else action.undo,
        "in_queue": in_queue,
    }
    answer.update(_counts())
    if not deleted:  # actions.perform() has put the new status on the comment
        answer["status"] = comment.status
        answer["status_label"] = str(comment.get_status_display())
        answer["actions_html"] = render_to_string(
            "admin/comments/comment/_row_actions.html",
            {"comment": comment, "actions": comment.available_actions()},
        )
    return answer


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff reply from the desk: approved at once, threaded under the reader's comment."""
    if not permissions.can_reply(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    content = request.POST.get("content", "").strip()
    detail_url = reverse("admin:comments_comment_change", args=[pk])
    error = ""
    if not content:
        error = _("Please write your reply.")
    elif len(content.encode("utf-8")) > MAX_COMMENT_LENGTH:
        error = _("Your reply is too long.")
    elif comment.status not in (Comment.Status.PENDING, Comment.Status.APPROVED):
        error = _("Only pending or approved comments can be answered.")
    if error:
        if wants_json(request):
            return JsonResponse({"ok": False, "message": error}, status=400)
        messages.error(request, error)
        return _back(request, detail_url)
    answer = actions.reply(comment, content, by=request.user)
    comment.refresh_from_db()
    message = _("Reply published.")
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "id": answer.pk,
                "message": message,
                "url": answer.get_absolute_url(),
                "status": comment.status,
                "status_label": str(comment.get_status_display()),
                "actions_html": render_to_string(
                    "admin/comments/comment/_row_actions.html",
                    {"comment": comment, "actions": comment.available_actions()},
                ),
                **_counts(),
            }
        )
    messages.success(request, message)
    return _back(request, detail_url)


@require_http_methods(["GET", "POST"])
def empty_queue(request: HttpRequest, queue: str) -> HttpResponse:
    """ "Empty spam" / "Empty trash": GET asks to confirm, POST deletes that queue only."""
    if queue not in QUEUES or not QUEUES[queue].emptiable:
        raise Http404
    if not permissions.can_empty(request.user):
        raise PermissionDenied
    doomed = Comment.objects.queue(queue)
    list_url = f"{reverse('admin:comments_comment_changelist')}?status={queue}"
    if request.method == "POST":
        count = actions.delete(doomed, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d comment deleted permanently.",
                "%(count)d comments deleted permanently.",
                count,
            )
            % {"count": count},
        )
        return redirect(list_url)
    context = {
        **admin.site.each_context(request),
        "opts": Comment._meta,
        "title": QUEUES[queue].empty_title,
        "queue": queue,
        "count": doomed.count(),
        "list_url": list_url,
    }
    return TemplateResponse(request, "admin/comments/comment/empty_queue.html", context)


def check_for_spam(queryset, *, by) -> tuple[int, str]:
    """Re-check the pending comments among `queryset` with Akismet, oldest first, within the
    time budget; returns the message level and what exactly was done."""
    if not spam.is_enabled():
        return messages.WARNING, _(
            "Nothing was checked: Akismet is not configured (AKISMET_API_KEY is empty)."
        )
    pending = list(queryset.pending().order_by("created_at")[:100])
    if not pending:
        return messages.INFO, _("None of the selected comments is pending: nothing to check.")
    deadline = time.monotonic() + settings.AKISMET_REQUEST_BUDGET
    checked = caught = failed = 0
    for comment in pending:
        if time.monotonic() >= deadline or failed:
            break  # the time is up, or Akismet is failing: the rest wait for the next try
        result = moderation.recheck(comment, reason="recheck_queue", by=by)
        checked += 1
        caught += comment.status == Comment.Status.SPAM
        failed += result.verdict == spam.Verdict.ERROR
    message = _(
        "Akismet checked %(checked)d of %(total)d pending comments: %(caught)d caught as spam, "
        "%(failed)d failed."
    ) % {"checked": checked, "total": len(pending), "caught": caught, "failed": failed}
    if checked < len(pending):
        message += " " + _("The others were not checked; run the check again later.")
    return (messages.WARNING if failed or checked < len(pending) else messages.SUCCESS), message

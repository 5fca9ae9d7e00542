"""The desk's buttons on an opened comment that act on its writer (ban, suspend 7 days, always
pre-moderate, trust, back to normal, block this address) and the moderators' notes about them.
CommentAdmin.get_urls() wraps these in admin_view (login, staff, CSRF); what they change is
comments.standing_actions'."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments import permissions, standing_actions
from comments.models import Comment

REASON_LENGTH = 500


def _allowed(user, key: str) -> bool:
    if key == "block_address":
        return permissions.can_block(user)
    return permissions.can_change_standing(user)


@require_POST
def commenter_action(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.POST.get("do", "")
    if key != "block_address" and key not in standing_actions.DESK_LEVELS:
        key = ""
    if not _allowed(request.user, key or "ban"):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    back = reverse("admin:comments_comment_change", args=[pk]) + "#commenter"
    reason = request.POST.get("reason", "").strip()[:REASON_LENGTH]
    if not key:
        messages.error(request, _("Unknown action."))
        return redirect(back)
    if key == "block_address" and not comment.ip:
        messages.error(request, _("This comment has no address to block."))
        return redirect(back)
    trash_past = request.POST.get("trash_past") == "on" and key in ("ban", "suspend")
    done = standing_actions.from_comment(
        comment, key, by=request.user, reason=reason, trash_past=trash_past
    )
    if key == "block_address":
        messages.success(request, _("Blocked: %(value)s.") % {"value": done.value})
    else:
        messages.success(
            request,
            _("The commenter's standing is now: %(level)s.") % {"level": done.get_level_display()},
        )
    if trash_past:
        trashed = getattr(done, "trashed", 0)
        messages.info(
            request,
            ngettext(
                "%(count)d past comment moved to the trash.",
                "%(count)d past comments moved to the trash.",
                trashed,
            )
            % {"count": trashed},
        )
    return redirect(back)


@require_POST
def commenter_note(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_change_standing(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    standing = standing_actions.standing_for_comment(comment)
    standing_actions.set_note(standing, request.POST.get("note", "").strip(), by=request.user)
    messages.success(request, _("Notes saved."))
    return redirect(reverse("admin:comments_comment_change", args=[pk]) + "#commenter")

"""The moderation desk: WordPress's Comments screen, in the Django admin.

The queues, their counts and the moderator actions are defined in comments.models; who may do
what in comments.permissions; the desk's own pages (one-click actions, replies, emptying a
queue) in comments.desk. This module arranges them on the list and the detail page.
"""

import json
import logging

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import desk, permissions, privacy
from comments.models import ACTIONS, QUEUES, Comment, CommentEvent, ModerationWord
from comments.rendering import link_targets, render_comment_text
from newsroom.arabic import normalize

Status = Comment.Status
logger = logging.getLogger(__name__)

# The status links above the list, as WordPress shows them (keys of comments.models.QUEUES).
QUEUE_LABELS = {
    "all": _("All"),
    "pending": _("Pending"),
    "approved": _("Approved"),
    "spam": _("Spam"),
    "blatant": _("Blatant spam"),
    "trash": _("Trash"),
}


def current_queue(request) -> str:
    key = request.GET.get("status", "all")
    return key if key in QUEUES else "all"


class StatusFilter(admin.SimpleListFilter):
    """Accepts ?status=<queue>; the status links above the list show it, so not the sidebar."""

    title = _("status")
    parameter_name = "status"
    template = "admin/comments/comment/hidden_filter.html"

    def lookups(self, request, model_admin):
        return [(key, label) for key, label in QUEUE_LABELS.items() if key != "all"]

    def queryset(self, request, queryset):
        return queryset  # DeskChangeList already narrowed the list to the queue


class DeskChangeList(ChangeList):
    """The list's root queryset is the queue, so "N results (M total)" counts within it and
    M agrees with the queue's status link."""

    def get_queryset(self, request, exclude_parameters=None):
        self.root_queryset = self.root_queryset.queue(current_queue(request))
        return super().get_queryset(request, exclude_parameters)


def approved_count_subquery():
    """How many approved comments share the author's e-mail, whatever its capitals."""
    return Subquery(
        Comment.objects.approved()
        .filter(author_email__iexact=OuterRef("author_email"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n"),
        output_field=IntegerField(),
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_column", "comment_column", "status_column", "akismet_column", "date"]
    list_display_links = None
    list_filter = [
        StatusFilter,
        "akismet_result",
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article"]
    # One folded column (Comment.search_text): get_search_results folds the query the same way.
    search_fields = ["search_text"]
    search_help_text = _("Name, e-mail, IP address or words of the comment, however spelt.")
    date_hierarchy = "created_at"
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    actions = [
        "approve",
        "unapprove",
        "mark_spam",
        "mark_not_spam",
        "trash",
        "restore",
        "check_for_spam",
        "export_commenter_data",
        "erase_commenter_data",
    ]
    change_list_template = "admin/comments/comment/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(approved_count=approved_count_subquery())

    def get_changelist(self, request, **kwargs):
        return DeskChangeList

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize(search_term))

    def get_list_display(self, request):
        """Those who moderate get the one-click actions under each comment."""
        if permissions.can_moderate(request.user):
            return ["author_column", "desk_comment_column", *self.list_display[2:]]
        return self.list_display

    def has_add_permission(self, request):
        return False  # comments come from readers; staff answer with a reply from the desk

    def has_moderate_permission(self, request):
        return permissions.can_moderate(request.user)

    def has_export_personal_data_permission(self, request):
        return permissions.can_export_personal_data(request.user)

    def has_erase_personal_data_permission(self, request):
        return permissions.can_erase_personal_data(request.user)

    def has_delete_permission(self, request, obj=None):
        """Moderators and editors, and only what is in the spam queues or the trash."""
        return permissions.can_delete(request.user, obj)

    def get_deleted_objects(self, objs, request):
        """The history goes with its comment: no separate permission is needed for it."""
        deleted, counts, needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, needed - {str(CommentEvent._meta.verbose_name)}, protected

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- columns ---

    @admin.display(description=_("author"), ordering="author_name")
    def author_column(self, obj):
        return render_to_string("admin/comments/comment/_author_cell.html", {"comment": obj})

    @admin.display(description=_("comment"))
    def comment_column(self, obj):
        return render_to_string("admin/comments/comment/_comment_cell.html", {"comment": obj})

    @admin.display(description=_("comment"))
    def desk_comment_column(self, obj):
        context = {"comment": obj, "actions": obj.available_actions(), "with_actions": True}
        return render_to_string("admin/comments/comment/_comment_cell.html", context)

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, obj):
        return format_html(
            '<span class="comment-status comment-status--{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description=_("Akismet"), ordering="akismet_result")
    def akismet_column(self, obj):
        return format_html(
            '<span class="akismet akismet--{}">{}</span>',
            obj.akismet_result,
            obj.get_akismet_result_display(),
        )

    @admin.display(description=_("date"), ordering="created_at")
    def date(self, obj):
        return render_to_string("admin/comments/comment/_date_cell.html", {"comment": obj})

    # --- bulk actions (the checkboxes and the drop-down) ---

    def _bulk(self, request, queryset, key, done_message):
        ids = list(queryset.values_list("pk", flat=True))
        changed = sum(
            comment.moderate(key, by=request.user) for comment in Comment.objects.filter(pk__in=ids)
        )
        self.message_user(request, done_message(changed) % {"count": changed}, messages.SUCCESS)
        desk.send_reports(request, Comment.objects.filter(pk__in=ids))

    @admin.action(description=_("Approve"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "approve",
            lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
        )

    @admin.action(description=_("Unapprove"), permissions=["moderate"])
    def unapprove(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "unapprove",
            lambda n: ngettext(
                "%(count)d comment sent back to moderation.",
                "%(count)d comments sent back to moderation.",
                n,
            ),
        )

    @admin.action(description=_("Mark as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "spam",
            lambda n: ngettext(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n
            ),
        )

    @admin.action(description=_("Not spam"), permissions=["moderate"])
    def mark_not_spam(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "not_spam",
            lambda n: ngettext(
                "%(count)d comment taken out of spam, back where it was before.",
                "%(count)d comments taken out of spam, back where they were before.",
                n,
            ),
        )

    @admin.action(description=_("Move to trash"), permissions=["moderate"])
    def trash(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "trash",
            lambda n: ngettext(
                "%(count)d comment moved to the trash.", "%(count)d comments moved to the trash.", n
            ),
        )

    @admin.action(description=_("Restore from the trash"), permissions=["moderate"])
    def restore(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "restore",
            lambda n: ngettext(
                "%(count)d comment restored from the trash.",
                "%(count)d comments restored from the trash.",
                n,
            ),
        )

    @admin.action(description=_("Check for spam"), permissions=["moderate"])
    def check_for_spam(self, request, queryset):
        level, message = desk.check_for_spam(queryset, by=request.user)
        self.message_user(request, message, level)

    # --- readers' personal data (comments/privacy.py) ---

    @admin.action(
        description=_("Export this commenter's data"), permissions=["export_personal_data"]
    )
    def export_commenter_data(self, request, queryset):
        """A JSON file with every comment and all personal data of the selected comments'
        writers (by e-mail address), as `manage.py comment_data export` gives."""
        addresses = privacy.addresses_of(queryset)
        if not addresses:
            self.message_user(
                request, _("The selected comments have no e-mail address to export."), messages.INFO
            )
            return None
        exports = [privacy.export(email) for email in addresses]
        logger.info(
            "Personal data exported from the desk by user %s: %d address(es), %d comment(s)",
            request.user.pk,
            len(exports),
            sum(len(export["comments"]) for export in exports),
        )
        data = {"exported_at": timezone.now().isoformat(), "commenters": exports}
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="commenter-data-{stamp}.json"'
        return response

    @admin.action(description=_("Erase this commenter's data"), permissions=["erase_personal_data"])
    def erase_commenter_data(self, request, queryset):
        """Asks to confirm first; then privacy.erase() anonymises every comment of the selected
        comments' writers (by e-mail address), wherever they are on the site."""
        addresses = privacy.addresses_of(queryset)
        if not addresses:
            self.message_user(
                request, _("The selected comments have no e-mail address to erase."), messages.INFO
            )
            return None
        if request.POST.get("confirm") == "yes":
            erased = sum(privacy.erase(email) for email in addresses)
            self.message_user(
                request,
                ngettext(
                    "Personal data erased: %(count)d comment anonymised.",
                    "Personal data erased: %(count)d comments anonymised.",
                    erased,
                )
                % {"count": erased},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Erase commenters' personal data"),
            "commenters": [
                {"email": email, "count": privacy.comments_of(email).count()} for email in addresses
            ],
            "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "erased_name": privacy.ERASED_NAME,
            "action": "erase_commenter_data",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "list_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/comments/comment/erase_personal_data.html", context)

    # --- the desk's own pages ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/moderate/",
                view(desk.moderate_comment),
                name="comments_comment_moderate",
            ),
            path("<int:pk>/reply/", view(desk.reply), name="comments_comment_reply"),
            path("empty/<str:queue>/", view(desk.empty_queue), name="comments_comment_empty"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = get_object_or_404(
            self.get_queryset(request).select_related("article", "parent", "user"),
            pk=object_id,
        )
        if not self.has_view_or_change_permission(request, comment):
            raise PermissionDenied
        rendered = render_comment_text(comment.content)
        moderates = self.has_moderate_permission(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Comment by %(name)s") % {"name": comment.author_name},
            "comment": comment,
            "rendered": rendered,
            "links": link_targets(rendered),
            "events": comment.events.select_related("actor"),
            "can_moderate": moderates,
            "moderate_actions": comment.available_actions() if moderates else [],
            "can_reply": permissions.can_reply(request.user)
            and comment.status in (Status.PENDING, Status.APPROVED),
        }
        return TemplateResponse(request, "admin/comments/comment/detail.html", context)

    def changelist_view(self, request, extra_context=None):
        counts = Comment.objects.desk_counts()
        current = current_queue(request)
        base = reverse("admin:comments_comment_changelist")
        links = [
            {
                "key": key,
                "label": label,
                "count": counts[key],
                "url": base if key == "all" else f"{base}?status={key}",
                "current": key == current,
            }
            for key, label in QUEUE_LABELS.items()
        ]
        can_empty = (
            current in desk.EMPTIABLE and counts[current] and permissions.can_empty(request.user)
        )
        context = {
            "status_links": links,
            "queue": current,
            "empty_url": reverse("admin:comments_comment_empty", args=[current])
            if can_empty
            else "",
            "shortcuts": [action for action in ACTIONS.values() if action.shortcut],
            "can_moderate": self.has_moderate_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    list_display = ["phrase", "action", "created_at"]
    list_filter = ["action"]
    search_fields = ["phrase"]


@admin.register(CommentEvent)
class CommentEventAdmin(admin.ModelAdmin):
    """The whole history, newest first; append-only, so nothing here can be edited."""

    list_display = ["at", "event", "comment", "actor", "details"]
    list_filter = ["event", "at"]
    list_select_related = ["comment", "actor"]
    search_fields = ["detail", "comment__author_name", "comment__author_email"]
    date_hierarchy = "at"
    ordering = ["-at", "-pk"]

    @admin.display(description=_("detail"))
    def details(self, obj):
        return obj.describe()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_export_personal_data_permission(self, request):
        return permissions.can_export_personal_data(request.user)

    def has_erase_personal_data_permission(self, request):
        return permissions.can_erase_personal_data(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

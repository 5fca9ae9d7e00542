"""CommentAdmin: the desk's list (columns, search, the queue's status links) and the detail
page with the comment's history; the bulk actions are admin.bulk's."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Func, IntegerField, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from comments import actions, desk, desk_standing, identity, permissions
from comments.admin import bulk
from comments.admin.queues import (
    CommentedArticleFilter,
    DeskChangeList,
    DeskPaginator,
    StatusFilter,
    current_queue,
    status_links,
)
from comments.drawer import commenter_drawer
from comments.models import Comment, CommentEvent
from comments.rendering import link_targets, render_comment_text
from comments.states import ACTIONS, ARABIC_KEYS, QUEUES, Status
from newsroom.arabic import normalize


def approved_count_subquery():
    """How many approved comments share the author's e-mail, whatever its capitals. COUNT(*),
    not of a column: comment_author_idx answers it alone (an index-only scan)."""
    return Subquery(
        Comment.objects.visible()
        .filter(author_email__iexact=OuterRef("author_email"))
        .order_by()
        .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
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
        ("article", CommentedArticleFilter),
        "created_at",
    ]
    list_select_related = ["article"]
    # One folded column (Comment.search_text): get_search_results folds the query the same way.
    # `contains`, not `icontains`: the text is casefolded already, and a plain LIKE can use the
    # trigram index on it (UPPER(search_text) could not).
    search_fields = ["search_text__contains"]
    search_help_text = _("Name, e-mail, IP address or words of the comment, however spelt.")
    # No date_hierarchy: its year links are a DISTINCT over every comment of the queue (seconds
    # in a daily's archive, on every desk page); the created_at filter offers the usual ranges.
    list_per_page = 50
    paginator = DeskPaginator  # a search's matches counted up to the desk's cap
    # DeskChangeList gives the total from the status links' counts instead of counting again.
    show_full_result_count = False
    ordering = ["-created_at", "-pk"]
    actions = [
        *bulk.MODERATOR_BULK_ACTIONS,
        bulk.check_for_spam,
        bulk.export_commenter_data,
        bulk.erase_commenter_data,
    ]
    change_list_template = "admin/comments/comment/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(approved_count=approved_count_subquery())

    def get_changelist(self, request, **kwargs):
        return DeskChangeList

    def get_paginator(self, request, queryset, per_page, **kwargs):
        """With the list's size when DeskChangeList knows it (nothing narrows the queue)."""
        paginator = super().get_paginator(request, queryset, per_page, **kwargs)
        known = getattr(request, "desk_list_count", None)
        if known is not None:
            paginator.count = known
        return paginator

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
        offered = super().get_actions(request)
        offered.pop("delete_selected", None)  # deleting is one comment at a time, confirmed
        return offered

    def delete_model(self, request, obj):
        actions.delete(Comment.objects.filter(pk=obj.pk), by=request.user)

    def delete_queryset(self, request, queryset):
        actions.delete(queryset, by=request.user)

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
            path(
                "<int:pk>/commenter/",
                view(desk_standing.commenter_action),
                name="comments_comment_commenter",
            ),
            path(
                "<int:pk>/commenter/note/",
                view(desk_standing.commenter_note),
                name="comments_comment_commenter_note",
            ),
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
            "staff_name": identity.staff_name(request.user),
            "commenter": commenter_drawer(comment),
            "can_change_standing": permissions.can_change_standing(request.user),
            "can_block": permissions.can_block(request.user),
        }
        return TemplateResponse(request, "admin/comments/comment/detail.html", context)

    def changelist_view(self, request, extra_context=None):
        counts = Comment.objects.desk_counts()
        request.desk_counts = counts  # DeskChangeList's totals
        current = current_queue(request)
        base = reverse("admin:comments_comment_changelist")
        can_empty = (
            QUEUES[current].emptiable and counts[current] and permissions.can_empty(request.user)
        )
        context = {
            "status_links": status_links(request, counts, base),
            "queue": current,
            "empty_url": reverse("admin:comments_comment_empty", args=[current])
            if can_empty
            else "",
            "empty_label": QUEUES[current].empty_label,
            "shortcuts": [
                (action, ARABIC_KEYS.get(action.shortcut, ""))
                for action in ACTIONS.values()
                if action.shortcut
            ],
            "arabic_keys": ARABIC_KEYS,
            "can_moderate": self.has_moderate_permission(request),
            "staff_name": identity.staff_name(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

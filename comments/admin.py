"""The moderation desk: WordPress's comment screen, in the Django admin."""

import time

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments import moderation
from comments.conf import conf
from comments.models import AkismetResult, Comment, CommentEvent, ModerationWord
from comments.rendering import link_targets, render_comment_text
from comments.rules import can_moderate

Status = Comment.Status

# The status links above the list, as WordPress shows them.
STATUS_VIEWS = [
    ("all", _("All")),
    ("pending", _("Pending")),
    ("approved", _("Approved")),
    ("spam", _("Spam")),
    ("trash", _("Trash")),
]


def status_counts(request):
    """The number of comments in each view, counted once per request."""
    if hasattr(request, "_comment_status_counts"):
        return request._comment_status_counts
    counts = Comment.objects.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        spam=Count("pk", filter=Q(status=Status.SPAM) & ~Q(akismet_result=AkismetResult.DISCARD)),
        discarded=Count("pk", filter=Q(status=Status.SPAM, akismet_result=AkismetResult.DISCARD)),
        trash=Count("pk", filter=Q(status=Status.TRASH)),
    )
    counts["all"] = counts["pending"] + counts["approved"]
    request._comment_status_counts = counts
    return counts


class StatusFilter(admin.SimpleListFilter):
    """All (pending and approved) by default; spam hides blatant spam unless asked."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        self.request = request
        counts = status_counts(request)
        return [
            (key, f"{label} ({counts[key]})") for key, label in STATUS_VIEWS if key != "all"
        ] + [("discarded", f"{_('Blatant spam')} ({counts['discarded']})")]

    def choices(self, changelist):
        counts = status_counts(self.request)
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": f"{_('All')} ({counts['all']})",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.filter(status__in=[Status.PENDING, Status.APPROVED])
        if value == "spam":
            return queryset.filter(status=Status.SPAM).exclude(akismet_result=AkismetResult.DISCARD)
        if value == "discarded":
            return queryset.filter(status=Status.SPAM, akismet_result=AkismetResult.DISCARD)
        return queryset.filter(status=value)


def approved_count_subquery():
    """How many approved comments share the author's e-mail, whatever its capitals."""
    return Subquery(
        Comment.objects.filter(
            author_email__iexact=OuterRef("author_email"), status=Status.APPROVED
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n"),
        output_field=IntegerField(),
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "author_column",
        "comment_column",
        "status_column",
        "akismet_column",
        "created_at",
    ]
    list_filter = [
        StatusFilter,
        "akismet_result",
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article"]
    search_fields = ["author_name", "author_email", "ip", "content"]
    date_hierarchy = "created_at"
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    actions = ["approve", "unapprove", "mark_spam", "mark_not_spam", "trash", "check_for_spam"]
    change_list_template = "admin/comments/comment/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(approved_count=approved_count_subquery())

    def has_add_permission(self, request):
        return False  # comments come from readers

    def has_moderate_permission(self, request):
        return can_moderate(request.user)

    def has_delete_permission(self, request, obj=None):
        """History is kept: only comments already in the trash or the spam queue may go."""
        if obj is not None and obj.status not in (Status.TRASH, Status.SPAM):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- columns ---

    @admin.display(description=_("author"), ordering="author_name")
    def author_column(self, obj):
        return format_html(
            '<bdi class="comment-author">{}</bdi><br><span dir="ltr">{}</span><br>'
            '<span dir="ltr">{}</span><br><small>{}</small>',
            obj.author_name,
            obj.author_email,
            obj.ip or "",
            ngettext("%(n)d approved", "%(n)d approved", obj.approved_count or 0)
            % {"n": obj.approved_count or 0},
        )

    @admin.display(description=_("comment"))
    def comment_column(self, obj):
        return format_html(
            '<a href="{}"><bdi dir="auto">{}</bdi></a><br><small>{} <a href="{}">{}</a></small>',
            reverse("admin:comments_comment_change", args=[obj.pk]),
            Truncator(obj.content).chars(140),
            _("On:"),
            obj.article.get_absolute_url(),
            Truncator(obj.article.title).chars(60),
        )

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

    # --- bulk actions ---

    def _bulk(self, request, queryset, action, done_message):
        ids = list(queryset.values_list("pk", flat=True))
        changed = sum(
            moderation.moderate(comment, action, by=request.user)
            for comment in Comment.objects.filter(pk__in=ids)
        )
        self.message_user(request, done_message(changed) % {"count": changed}, messages.SUCCESS)
        self._send_reports(request, Comment.objects.filter(pk__in=ids))

    def _send_reports(self, request, queryset):
        """The worker tells Akismet about these decisions; the request does not wait."""
        owed = queryset.exclude(akismet_report="").values_list("pk", flat=True)
        moderation.queue_reports(owed, by=request.user)

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
                "%(count)d comment restored from spam and approved.",
                "%(count)d comments restored from spam and approved.",
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

    @admin.action(description=_("Check for spam"), permissions=["moderate"])
    def check_for_spam(self, request, queryset):
        """Re-check the selected pending comments, oldest first, within the time budget."""
        pending = list(queryset.filter(status=Status.PENDING).order_by("created_at")[:100])
        deadline = time.monotonic() + conf.AKISMET_REQUEST_BUDGET
        checked = caught = 0
        for comment in pending:
            if time.monotonic() >= deadline:
                break
            result = moderation.recheck(comment, reason="recheck_queue", by=request.user)
            checked += 1
            caught += comment.status == Status.SPAM
            if result.verdict == "error":
                self.message_user(
                    request, _("Akismet could not be reached; try again later."), messages.WARNING
                )
                break
        self.message_user(
            request,
            _("%(checked)d of %(total)d pending comments checked, %(caught)d caught as spam.")
            % {"checked": checked, "total": len(pending), "caught": caught},
            messages.SUCCESS,
        )

    # --- the detail page ---

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(require_POST(self.moderate_view)),
                name="comments_comment_moderate",
            ),
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Comment by %(name)s") % {"name": comment.author_name},
            "comment": comment,
            "rendered": rendered,
            "links": link_targets(rendered),
            "events": comment.events.select_related("actor"),
            "can_moderate": self.has_moderate_permission(request),
            "moderate_actions": self.detail_actions(comment),
        }
        return TemplateResponse(request, "admin/comments/comment/detail.html", context)

    def detail_actions(self, comment):
        actions = {
            Status.PENDING: ["approve", "spam", "trash"],
            Status.APPROVED: ["unapprove", "spam", "trash"],
            Status.SPAM: ["not_spam", "trash"],
            Status.TRASH: ["approve", "unapprove"],
        }[comment.status]
        labels = {
            "approve": _("Approve"),
            "unapprove": _("Unapprove"),
            "spam": _("Mark as spam"),
            "not_spam": _("Not spam"),
            "trash": _("Move to trash"),
        }
        return [(action, labels[action]) for action in actions]

    def moderate_view(self, request, pk):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        action = request.POST.get("action", "")
        if action not in moderation.ACTIONS:
            messages.error(request, _("Unknown action."))
        elif moderation.moderate(comment, action, by=request.user):
            messages.success(
                request, _("Done: %(status)s.") % {"status": comment.get_status_display()}
            )
            self._send_reports(request, Comment.objects.filter(pk=comment.pk))
        return redirect("admin:comments_comment_change", comment.pk)

    def changelist_view(self, request, extra_context=None):
        counts = status_counts(request)
        current = request.GET.get("status", "all")
        base = reverse("admin:comments_comment_changelist")
        links = [
            {
                "label": label,
                "count": counts[key],
                "url": base if key == "all" else f"{base}?status={key}",
                "current": key == current,
            }
            for key, label in STATUS_VIEWS
        ]
        return super().changelist_view(request, {"status_links": links, **(extra_context or {})})


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    list_display = ["phrase", "action", "created_at"]
    list_filter = ["action"]
    search_fields = ["phrase"]


@admin.register(CommentEvent)
class CommentEventAdmin(admin.ModelAdmin):
    """The whole history, newest first; append-only, so nothing here can be edited."""

    list_display = ["at", "event", "comment", "actor", "detail"]
    list_filter = ["event", "at"]
    list_select_related = ["comment", "actor"]
    search_fields = ["detail", "comment__author_name", "comment__author_email"]
    date_hierarchy = "at"
    ordering = ["-at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

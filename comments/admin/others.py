"""The moderation words, and the whole history of every comment (read-only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from comments.models import CommentEvent, ModerationWord


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

    def has_delete_permission(self, request, obj=None):
        return False

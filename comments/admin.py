from django.contrib import admin

from comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "article", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article"]
    search_fields = ["author_name", "author_email", "ip", "content"]
    raw_id_fields = ["article", "parent", "user"]
    date_hierarchy = "created_at"

"""Old addresses and where they lead (articles/redirects.py); an import fills most of them."""

from django.contrib import admin

from articles.models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "target", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["old_path", "target"]
    readonly_fields = ["created_at"]

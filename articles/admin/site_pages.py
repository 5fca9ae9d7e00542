"""Static pages (about, privacy policy, terms, contact): articles/pages.py."""

from django.contrib import admin

from articles.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "footer_position", "updated_at"]
    list_editable = ["published", "footer_position"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    readonly_fields = ["updated_at"]

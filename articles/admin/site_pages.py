"""Static pages (about, privacy policy, terms, contact): articles/pages.py. Their form keeps the
articles' promises: a save based on an older version is refused (articles/conflicts.py), the
form autosaves (articles/autosave.py), and every admin save is a version (django-reversion),
which says who saved."""

from django.contrib import admin
from reversion.admin import VersionAdmin

from articles import conflicts
from articles.admin.editing import AutosavedAdmin
from articles.admin.forms import PageAdminForm
from articles.models import Page


@admin.register(Page)
class PageAdmin(AutosavedAdmin, VersionAdmin):
    form = PageAdminForm
    fields = [*conflicts.PAGE_FIELDS, "updated_at"]
    list_display = ["title", "slug", "published", "footer_position", "updated_at"]
    list_editable = ["published", "footer_position"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    readonly_fields = ["updated_at"]
    change_form_template = "admin/articles/page/change_form.html"

    class Media:
        css = {"all": ["articles/admin.css"]}
        js = ["js/editing.js"]

    def save_model(self, request, obj, form, change):
        if change and "version" not in form.fields:
            # A row of the list (published, footer position): only its changed columns, so a
            # text saved meanwhile is never written back; still a version, so a form opened
            # before is refused.
            obj.save(update_fields=[*form.changed_data, "updated_at"])
            return
        self.forget_autosave(request, obj, change)
        super().save_model(request, obj, form, change)

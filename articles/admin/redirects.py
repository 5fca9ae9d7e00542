"""Old addresses and where they lead (articles/redirects.py); an import fills most of them."""

from urllib.parse import unquote

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Redirect


def _address(value: str):
    """An address as people read it (Arabic, not %D8%…), kept left to right inside the
    right-to-left page so that its slashes stay where they are."""
    return format_html('<bdi dir="ltr" class="redirect-address">{}</bdi>', unquote(value))


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "target", "source"]
        widgets = {
            "old_path": forms.TextInput(attrs={"dir": "ltr", "class": "vTextField"}),
            "target": forms.TextInput(attrs={"dir": "ltr", "class": "vTextField"}),
        }


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_address", "new_address", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["old_path", "target"]
    readonly_fields = ["created_at"]

    class Media:
        css = {"all": ["articles/admin.css"]}

    @admin.display(description=_("old address"), ordering="old_path")
    def old_address(self, obj):
        return _address(obj.old_path)

    @admin.display(description=_("new address"), ordering="target")
    def new_address(self, obj):
        return _address(obj.target)

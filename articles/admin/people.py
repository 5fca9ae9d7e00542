"""Journalists' pages (author profiles), and staff as the admin's pickers name them."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from articles import permissions
from articles.images import CheckedImageField
from articles.models import AuthorProfile
from newsroom.site import display_name


class StaffChoiceField(forms.ModelChoiceField):
    """A staff picker labelled as readers see the person (newsroom.site.display_name)."""

    def label_from_instance(self, obj):
        return display_name(obj)


class AuthorProfileForm(forms.ModelForm):
    class Meta:
        model = AuthorProfile
        fields = ["user", "slug", "bio", "photo"]
        field_classes = {"photo": CheckedImageField}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "dir": "auto"})}


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    """Editors keep every journalist's page; anyone else with access, only their own."""

    form = AuthorProfileForm
    list_display = ["__str__", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["slug", "user__username", "user__first_name", "user__last_name"]

    def manages_everyone(self, request):
        return permissions.manages_every_author(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if self.manages_everyone(request) else queryset.filter(user=request.user)

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        own = AuthorProfile.objects.filter(user=request.user).exists()
        return self.manages_everyone(request) or not own

    def get_readonly_fields(self, request, obj=None):
        return [] if self.manages_everyone(request) else ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.manages_everyone(request):
            obj.user = request.user
        super().save_model(request, obj, form, change)

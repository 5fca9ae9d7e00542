"""Commenters' standing and the blocks, editable by Moderators and Editors; their history
read-only. Saving and deleting go through comments.standing_actions, which write the history."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from comments import standing_actions
from comments.standing import CommenterBlock, CommenterStanding, StandingChange


class StandingForm(forms.ModelForm):
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)
    trash_past = forms.BooleanField(
        label=_("Also move their past comments to the trash"), required=False
    )

    class Meta:
        model = CommenterStanding
        fields = ["email", "user", "level", "until", "note"]


class ChangeInline(admin.TabularInline):
    model = StandingChange
    fields = ["at", "action", "level", "detail", "reason", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommenterStanding)
class CommenterStandingAdmin(admin.ModelAdmin):
    form = StandingForm
    list_display = ["email", "user", "level", "until", "updated_at"]
    list_filter = ["level"]
    search_fields = ["email", "user__username", "note"]
    raw_id_fields = ["user"]
    inlines = [ChangeInline]

    def save_model(self, request, obj, form, change):
        standing_actions.set_standing(
            obj,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
            trash_past=form.cleaned_data.get("trash_past", False),
        )

    def has_delete_permission(self, request, obj=None):
        return False  # set the standing back to normal instead: the history stays


@admin.register(CommenterBlock)
class CommenterBlockAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "expires_at", "reason", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "reason"]
    fields = ["kind", "value", "expires_at", "reason"]

    def save_model(self, request, obj, form, change):
        standing_actions.block(obj, by=request.user)

    def delete_model(self, request, obj):
        standing_actions.unblock(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for block in queryset:
            standing_actions.unblock(block, by=request.user)


@admin.register(StandingChange)
class StandingChangeAdmin(admin.ModelAdmin):
    """Every change of a standing or a block, newest first; append-only."""

    list_display = ["at", "subject", "action", "level", "detail", "reason", "actor"]
    list_filter = ["action", "level"]
    search_fields = ["subject", "reason"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

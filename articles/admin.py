from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.html import sanitize_article_html
from articles.images import CheckedImageField, refresh_renditions
from articles.models import Article, AuthorProfile, Category, Correction, Tag

BREAKING_HOURS = (1, 2, 3, 6, 12, 24)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "lead", "body", "image", "image_alt", "image_caption",
            "image_credit", "tags", "see_also", "status", "published_at", "author",
            "comments_open",
        ]  # fmt: skip
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "dir": "auto"})}
        field_classes = {"image": CheckedImageField}

    breaking_hours = forms.TypedChoiceField(
        label=_("Breaking news"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Shows the article in the breaking-news bar on every page for this long."),
    )

    def __init__(self, *args, can_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_publish = can_publish
        if "breaking_hours" in self.fields:
            if can_publish:
                self.fields["breaking_hours"].choices = breaking_choices()
            else:
                del self.fields["breaking_hours"]
        if not can_publish and "status" in self.fields:
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] != Article.Status.PUBLISHED
            ]

    def clean_body(self):
        return str(sanitize_article_html(self.cleaned_data["body"]))

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Article.Status.PUBLISHED and not self.can_publish:
            self.add_error("status", _("Only editors can publish articles."))
        if status == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


def breaking_choices():
    hours = [
        (str(n), ngettext("for %(hours)d hour", "for %(hours)d hours", n) % {"hours": n})
        for n in BREAKING_HOURS
    ]
    return [("", _("Leave as it is")), ("0", _("Not breaking (end now)")), *hours]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created_at", "text", "created_by"]
    readonly_fields = ["created_by"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "category", "author", "status", "published_at", "is_live"]
    list_filter = ["status", "category", "published_at", "comments_open"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags", "see_also"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish_now", "return_to_draft"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "lead", "body"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (_("Links"), {"fields": ["tags", "see_also"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "author",
                    "comments_open",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_change_permission(self, request, obj=None):
        """Published articles are the editors' (publishers'): others may only read them."""
        if (
            obj is not None
            and obj.status == Article.Status.PUBLISHED
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(boolean=True, description=_("live"))
    def is_live(self, obj):
        return obj.is_published

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        can_publish = self.has_publish_permission(request)

        class RestrictedForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, can_publish=can_publish, **inner)

        return RestrictedForm

    # Breaking news and corrections: editors only (the publish permission).
    def get_fieldsets(self, request, obj=None):
        fieldsets = [*super().get_fieldsets(request, obj)]
        if self.has_publish_permission(request):
            fieldsets.append((_("Breaking news"), {"fields": ["breaking_hours", "breaking_until"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "breaking_until"]

    def get_inlines(self, request, obj):
        if obj is not None and obj.is_published and self.has_publish_permission(request):
            return [CorrectionInline]
        return []

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        corrections = formset.save(commit=False)
        for correction in corrections:
            if correction.created_by_id is None:
                correction.created_by = request.user
            correction.save()
        for correction in formset.deleted_objects:
            correction.delete()
        if corrections:
            form.instance.note_content_change(["corrections"])
            form.instance.save(update_fields=["content_updated_at"])

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        if change and Article.objects.published().filter(pk=obj.pk).exists():
            obj.note_content_change(form.changed_data)
        hours = form.cleaned_data.get("breaking_hours")
        if hours is not None and self.has_publish_permission(request):
            obj.mark_breaking(hours)
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            refresh_renditions(obj)

    @admin.action(description=_("Publish the selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED, published_at__lte=now):
            article.publish(at=now if not article.is_scheduled else article.published_at)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT, updated_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d article returned to draft.",
                "%(count)d articles returned to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class AuthorProfileForm(forms.ModelForm):
    class Meta:
        model = AuthorProfile
        fields = ["user", "bio", "photo"]
        field_classes = {"photo": CheckedImageField}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "dir": "auto"})}


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    """Editors keep every journalist's page; anyone else with access, only their own."""

    form = AuthorProfileForm
    list_display = ["__str__", "user"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def manages_everyone(self, request):
        return request.user.has_perm("articles.publish_article")

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

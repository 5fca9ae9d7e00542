from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.html import sanitize_article_html
from articles.models import Article, Category, Tag


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
            "tags", "see_also", "status", "published_at", "author", "comments_open",
        ]  # fmt: skip
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "dir": "auto"})}

    def __init__(self, *args, can_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_publish = can_publish
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
        (_("Image"), {"fields": ["image", "image_alt", "image_caption"]}),
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

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

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

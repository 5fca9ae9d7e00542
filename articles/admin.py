from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import path, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from reversion.admin import VersionAdmin

from articles import admin_views
from articles import search as search_engine
from articles.html import outside_images, plain_text, sanitize_article_html
from articles.images import CheckedImageField, refresh_renditions, size_body_images
from articles.models import READING_WPM, Article, AuthorProfile, Category, Correction, Tag
from articles.people import StaffChoiceField
from newsroom.site import display_name

BREAKING_HOURS = (1, 2, 3, 6, 12, 24)
MODEL_FIELDS = {field.name for field in Article._meta.get_fields()}

# The body editor (django-prose-editor): what journalists can make is what the allow-list in
# articles/html.py keeps; the form still sanitises whatever arrives.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Figure": {"pickerUrl": reverse_lazy("admin:articles_article_body_image")},
        "Caption": True,
        "Image": True,
        "HardBreak": True,
        "History": True,
    }
}


def dropped_images_message(sources: list[str]) -> str:
    return ngettext(
        "An image from another site was removed from the text: %(images)s. Only images "
        "uploaded with the editor's image button (or from our CDN) are kept.",
        "%(count)d images from other sites were removed from the text: %(images)s. Only "
        "images uploaded with the editor's image button (or from our CDN) are kept.",
        len(sources),
    ) % {"count": len(sources), "images": ", ".join(src[:80] for src in sources[:5])}


class StateFilter(admin.SimpleListFilter):
    """Draft, in review (the queue, oldest first), scheduled, published, with counts."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        articles = model_admin.get_queryset(request)
        return [
            (state, f"{label} ({articles.in_state(state).count()})")
            for state, label in Article.State.choices
        ]

    def queryset(self, request, queryset):
        if self.value() in Article.State.values:
            return queryset.in_state(self.value())
        return queryset


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
    body = ProseEditorFormField(
        label=_("body"),
        config=BODY_EDITOR,
        widget=AdminProseEditorWidget,
        help_text=_(
            "Headings, bold, italic, links, quotes, lists and images with captions. A line "
            "holding only a YouTube, X or other video or post link is shown as a link card."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "lead", "body", "image", "image_alt", "image_caption",
            "image_credit", "tags", "see_also", "status", "published_at", "author",
            "comments_open",
        ]  # fmt: skip
        widgets = {
            # Two growing lines, so a long Arabic headline is read whole, on a phone too.
            "title": forms.Textarea(attrs={"class": "article-wide", "dir": "auto", "rows": 2}),
            "slug": forms.TextInput(attrs={"class": "article-wide", "dir": "auto"}),
            "lead": forms.Textarea(attrs={"rows": 3, "dir": "auto", "class": "article-wide"}),
        }
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

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())  # a headline is one line

    def clean_body(self):
        # Images from other sites (a tracking pixel, a picture pasted from another page) are
        # dropped by the sanitiser; the admin tells the journalist after saving (save_model).
        self.dropped_images = outside_images(self.cleaned_data["body"])
        body = size_body_images(str(sanitize_article_html(self.cleaned_data["body"])))
        if not plain_text(body) and "<img" not in body:
            raise forms.ValidationError(_("Write the text of the article."), code="required")
        return body

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
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    list_display = ["title", "category", "author_name", "state_label", "published_at"]
    list_filter = [StateFilter, "category", "published_at", "comments_open"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags", "see_also"]
    readonly_fields = ["created_at", "updated_at", "author_name"]
    actions = ["publish_now", "return_to_draft"]
    object_history_template = "admin/articles/article/object_history.html"
    change_list_template = "admin/articles/article/change_list.html"
    history_latest_first = True
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

    class Media:
        css = {"all": ["articles/admin.css"]}
        js = ["articles/admin-stats.js"]

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

    @admin.display(description=_("author"), ordering="author__first_name")
    def author_name(self, obj):
        return display_name(obj.author)

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, obj):
        return render_to_string("articles/_state.html", {"article": obj, "with_note": True})

    def get_fieldsets(self, request, obj=None):
        """Journalists sign as themselves: the author is shown, not chosen. Breaking news is
        for editors only (the publish permission)."""
        fieldsets = [*super().get_fieldsets(request, obj)]
        if self.has_publish_permission(request):
            fieldsets.append((_("Breaking news"), {"fields": ["breaking_hours", "breaking_until"]}))
            return fieldsets
        return [
            (name, {**opts, "fields": [
                "author_name" if field == "author" else field for field in opts["fields"]
            ]})
            for name, opts in fieldsets
        ]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            staff = get_user_model().objects.filter(is_staff=True, is_active=True)
            kwargs["queryset"] = staff.order_by("first_name", "last_name", "username")
            kwargs["form_class"] = StaffChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """The desk's search folds Arabic spelling as the readers' search does (hamza forms,
        ة/ه, ى/ي, diacritics, the article ال), on top of the admin's own substring search."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        terms, _shortened = search_engine.query_terms(search_term)
        if not terms:
            return found, may_have_duplicates
        folded = search_engine.search_articles(queryset, terms).values("pk")
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=folded)), False

    def get_ordering(self, request):
        if request.GET.get(StateFilter.parameter_name) == Article.State.REVIEW:
            return [F("submitted_at").asc(nulls_first=True), "pk"]
        return super().get_ordering(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        can_publish = self.has_publish_permission(request)

        class RestrictedForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, can_publish=can_publish, **inner)
                if self.instance.author_id is None:
                    self.instance.author = request.user  # shown on a journalist's new article

        return RestrictedForm

    # Breaking news and corrections: editors only (the publish permission).
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
        if obj.author_id is None or (not change and not self.has_publish_permission(request)):
            obj.author = request.user
        obj.status_changed(form.initial.get("status") if change else None)
        if change and Article.objects.published().filter(pk=obj.pk).exists():
            obj.note_content_change(form.changed_data)
        hours = form.cleaned_data.get("breaking_hours")
        if hours is not None and self.has_publish_permission(request):
            obj.mark_breaking(hours)
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            refresh_renditions(obj)
        dropped = getattr(form, "dropped_images", [])
        if dropped:
            self.message_user(request, dropped_images_message(dropped), messages.WARNING)

    def construct_change_message(self, request, form, formsets, add=False):
        """Name changed fields by their model verbose names, which the catalogue translates
        when the history is read (the form's capitalised labels are not in it)."""
        message = super().construct_change_message(request, form, formsets, add)
        with translation.override(None):
            names = [
                str(Article._meta.get_field(name).verbose_name)
                if name in MODEL_FIELDS
                else str(form.fields[name].label)  # a form-only field, such as breaking_hours
                for name in form.changed_data
            ]
        for part in message:
            if "changed" in part:
                part["changed"]["fields"] = names
        return message

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            reading_wpm=READING_WPM,
            can_send_back=obj is not None
            and obj.status != Article.Status.DRAFT
            and self.has_publish_permission(request),
            editor_note_by=display_name(obj.editor_note_by) if obj else "",
            can_see_history=obj is not None and obj.history_visible_to(request.user),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        queue = (
            Article.objects.in_review().count() if self.has_publish_permission(request) else None
        )
        return super().changelist_view(request, {"review_count": queue, **(extra_context or {})})

    # Versions (django-reversion): editors and the article's own journalist.
    def get_urls(self):
        views = [
            path(
                "<int:pk>/send-back/",
                self.admin_site.admin_view(admin_views.send_back),
                name="articles_article_send_back",
            ),
            path(
                "body-image/",
                self.admin_site.admin_view(admin_views.body_image),
                name="articles_article_body_image",
            ),
            path(
                "<int:pk>/history/compare/",
                self.admin_site.admin_view(admin_views.compare_versions),
                name="articles_article_compare",
            ),
        ]
        return views + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        article = admin_views.article_with_history(request, object_id)
        return super().history_view(
            request,
            object_id,
            {"versions": admin_views.version_rows(article), **(extra_context or {})},
        )

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        admin_views.article_with_history(request, object_id)
        return super().revision_view(request, object_id, version_id, extra_context)

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
        count = 0
        for article in queryset.exclude(status=Article.Status.DRAFT):
            article.status = Article.Status.DRAFT
            article.save(update_fields=["status", "updated_at"])  # one version each
            count += 1
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

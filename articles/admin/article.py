"""The articles' admin: the list with its state filter and review queue, the change form, the
versions, the corrections; each change of editorial state goes through articles.workflow."""

from datetime import timedelta
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from articles import locks, note_actions, permissions, workflow
from articles import search as search_engine
from articles.admin.editing import AutosavedAdmin, heartbeat, take_over
from articles.admin.forms import ArticleAdminForm, dropped_images_message
from articles.admin.notes import NoteForm, add_note, resolve_note
from articles.admin.pages import (
    article_with_history,
    body_image,
    compare_versions,
    scheduled,
    send_back,
    unpublish,
    version_rows,
)
from articles.admin.people import StaffChoiceField
from articles.models import READING_WPM, Article, ArticleAuthor, Correction
from newsroom.site import display_name

MODEL_FIELDS = {field.name for field in Article._meta.get_fields()}


class StateFilter(admin.SimpleListFilter):
    """Draft, in review (the queue, oldest first), scheduled, published, with counts."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        articles = model_admin.get_queryset(request)
        counts = articles.aggregate(
            **{
                state: Count("pk", filter=Q(pk__in=articles.in_state(state).values("pk")))
                for state in Article.State.values
            }
        )  # one query for every state
        return [(state, f"{label} ({counts[state]})") for state, label in Article.State.choices]

    def queryset(self, request, queryset):
        if self.value() in Article.State.values:
            return queryset.in_state(self.value())
        return queryset


class MineFilter(admin.SimpleListFilter):
    """The articles the signed-in person is an author of (first or co-author)."""

    title = _("mine")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("My articles"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.by_author(request.user)
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    """By author: the staff who sign an article of this list (first or co-author)."""

    title = _("author")
    parameter_name = "by"

    def lookups(self, request, model_admin):
        articles = model_admin.get_queryset(request)
        people = get_user_model().objects.filter(
            Q(pk__in=articles.values("author"))
            | Q(pk__in=ArticleAuthor.objects.filter(article__in=articles).values("user"))
        )
        people = people.order_by("first_name", "last_name", "username")
        return [(str(person.pk), display_name(person)) for person in people]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.by_author(get_user_model()(pk=int(self.value())))
        return queryset


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created_at", "text", "created_by"]
    readonly_fields = ["created_by"]


class CoauthorInline(admin.TabularInline):
    """Further bylines after the author, in order: editors choose them (as the author)."""

    model = ArticleAuthor
    extra = 0
    fields = ["user", "position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            staff = get_user_model().objects.filter(is_staff=True, is_active=True)
            kwargs["queryset"] = staff.order_by("first_name", "last_name", "username")
            kwargs["form_class"] = StaffChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Article)
class ArticleAdmin(AutosavedAdmin, VersionAdmin):
    form = ArticleAdminForm
    list_display = ["title", "category", "author_name", "state_label", "published_at"]
    list_filter = [
        StateFilter,
        MineFilter,
        AuthorFilter,
        "category",
        "published_at",
        "comments_open",
    ]
    save_on_top = True
    list_select_related = ["category", "author"]
    search_fields = ["title", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags", "see_also"]
    readonly_fields = ["created_at", "updated_at", "author_name", "image_preview"]
    actions = ["publish_now", "republish_as_new", "return_to_draft"]
    object_history_template = "admin/articles/article/object_history.html"
    change_list_template = "admin/articles/article/change_list.html"
    history_latest_first = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "lead", "body"]}),
        (
            _("Image"),
            {"fields": ["image", "image_preview", "image_alt", "image_caption", "image_credit"]},
        ),
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
        js = ["articles/admin-stats.js", "js/editing.js"]

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_queryset(self, request):
        """Journalists list their own articles and the published ones (articles.permissions)."""
        return permissions.visible_to(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        """An article this user may not open is a 404 (not the admin's "does not exist"
        redirect, which a POST would also answer with a 302)."""
        article = super().get_object(request, object_id, from_field)
        if article is None and not permissions.can_publish(request.user):
            raise Http404
        return article

    def has_view_permission(self, request, obj=None):
        if not permissions.can_view(request.user, obj):
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        """Editors change every article; a journalist only their own unpublished ones, and
        reads the published ones."""
        if not permissions.can_edit(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not permissions.can_edit(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("author"), ordering="author__first_name")
    def author_name(self, obj):
        return display_name(obj.author)

    @admin.display(description=_("saved image"))
    def image_preview(self, obj):
        """The saved lead image as a thumbnail with its description, not a file name."""
        if not obj or not obj.image:
            return "—"
        return format_html(
            '<figure class="image-preview"><img src="{}" alt="{}" width="240" loading="lazy">'
            '<figcaption dir="auto">{}: {}</figcaption></figure>',
            obj.image.url,
            obj.image_alt,
            _("image description"),
            obj.image_alt or "—",
        )

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
                status = self.fields.get("status")
                if status is not None and self.instance.status != Article.Status.WITHDRAWN:
                    # Unpublishing has its own page, which says what readers will get.
                    status.choices = [
                        choice for choice in status.choices
                        if choice[0] != Article.Status.WITHDRAWN
                    ]  # fmt: skip

        return RestrictedForm

    # Breaking news and corrections: editors only (the publish permission).
    def get_readonly_fields(self, request, obj=None):
        if getattr(request, "article_read_only", False):
            shown = flatten_fieldsets(self.get_fieldsets(request, obj))
            return [name for name in shown if name in MODEL_FIELDS or hasattr(self, name)]
        return [*super().get_readonly_fields(request, obj), "breaking_until"]

    def get_inlines(self, request, obj):
        if not self.has_publish_permission(request):
            return []
        if obj is not None and obj.is_published:
            return [CoauthorInline, CorrectionInline]
        return [CoauthorInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is ArticleAuthor:  # each link reindexes its article (bylines' names)
            return super().save_formset(request, form, formset, change)
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        saved = formset.save(commit=False)
        workflow.record_corrections(
            form.instance, by=request.user, saved=saved, deleted=formset.deleted_objects
        )

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        self.forget_autosave(request, obj, change)
        workflow.save_edited(
            obj,
            by=request.user,
            is_new=not change,
            previous_status=form.initial.get("status"),
            changed_fields=form.changed_data,
            breaking_hours=form.cleaned_data.get("breaking_hours"),
        )
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
            and workflow.can_send_back(obj)
            and self.has_publish_permission(request),
            can_unpublish=obj is not None
            and obj.status == Article.Status.PUBLISHED
            and self.has_publish_permission(request),
            editor_note_by=display_name(obj.editor_note_by) if obj else "",
            can_see_history=obj is not None and permissions.can_see_versions(request.user, obj),
            **self.notes_context(request, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def notes_context(self, request, obj) -> dict:
        """The editors' notes panel beside the form (articles/admin/notes.py), for whoever may
        read them (articles.permissions.note_access)."""
        if obj is None or permissions.note_access(request.user, obj) != "read":
            return {}
        notes = note_actions.thread(obj)
        return {
            "notes": notes,
            "note_form": NoteForm()
            if permissions.note_may(request.user, obj, permissions.NOTE_ADD)
            else None,
            "can_resolve_notes": permissions.note_may(request.user, obj, permissions.NOTE_RESOLVE),
        }

    def get_prepopulated_fields(self, request, obj=None):
        if getattr(request, "article_read_only", False):
            return {}  # nothing to fill in a form shown read only
        return super().get_prepopulated_fields(request, obj)

    # Edit locks (articles/locks.py) beside the autosave (AutosavedAdmin, articles/autosave.py).
    def script_context(self, request, article):
        return {
            **super().script_context(request, article),
            "heartbeat_every": locks.HEARTBEAT_SECONDS,
        }

    def editing_context(self, request, article):
        """Who else edits the article (the lock, taken here if free), the read-only choice,
        and the user's autosave (AutosavedAdmin)."""
        context = super().editing_context(request, article)
        if article is not None and not self.has_change_permission(request, article):
            context.update(cannot_edit=True)  # the admin shows it read only anyway
            return context
        if article is None:
            return context
        if request.GET.get("readonly") == "1":
            request.article_read_only = True
            context.update(
                article_read_only=True,
                show_save=False,
                show_save_and_continue=False,
                show_save_and_add_another=False,
                show_delete=False,
            )
        lock = locks.holder(article, request.user)
        if lock is None and not getattr(request, "article_read_only", False):
            locks.open_form(article, request.user)
        context.update(
            edit_lock=lock,
            edit_lock_name=display_name(lock.user) if lock else "",
            edit_lock_just_now=lock is not None
            and timezone.now() - lock.since < timedelta(minutes=1),
        )
        return context

    def changelist_view(self, request, extra_context=None):
        queue = (
            Article.objects.in_review().count() if self.has_publish_permission(request) else None
        )
        return super().changelist_view(request, {"review_count": queue, **(extra_context or {})})

    # Versions (django-reversion): editors and the article's own journalist. The autosave's
    # endpoints come from AutosavedAdmin.
    def get_urls(self):
        views = [
            path(
                "<int:pk>/send-back/",
                self.admin_site.admin_view(send_back),
                name="articles_article_send_back",
            ),
            path(
                "scheduled/",
                self.admin_site.admin_view(scheduled),
                name="articles_article_scheduled",
            ),
            path(
                "<int:pk>/unpublish/",
                self.admin_site.admin_view(unpublish),
                name="articles_article_unpublish",
            ),
            path(
                "body-image/",
                self.admin_site.admin_view(body_image),
                name="articles_article_body_image",
            ),
            path(
                "<int:pk>/lock/heartbeat/",
                self.admin_site.admin_view(partial(heartbeat, model_admin=self)),
                name="articles_article_heartbeat",
            ),
            path(
                "<int:pk>/lock/take-over/",
                self.admin_site.admin_view(partial(take_over, model_admin=self)),
                name="articles_article_take_over",
            ),
            path(
                "<int:pk>/notes/add/",
                self.admin_site.admin_view(add_note),
                name="articles_article_add_note",
            ),
            path(
                "<int:pk>/notes/<int:note_pk>/resolve/",
                self.admin_site.admin_view(resolve_note),
                name="articles_article_resolve_note",
            ),
            path(
                "<int:pk>/history/compare/",
                self.admin_site.admin_view(compare_versions),
                name="articles_article_compare",
            ),
        ]
        return views + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        article = article_with_history(request, object_id)
        return super().history_view(
            request,
            object_id,
            {"versions": version_rows(article), **(extra_context or {})},
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
        article_with_history(request, object_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    @admin.action(description=_("Publish the selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        count = workflow.publish_now(queryset)
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Republish the selected articles as new (dated now)"),
        permissions=["publish"],
    )
    def republish_as_new(self, request, queryset):
        count = workflow.publish_now(queryset, as_new=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d article republished as new.",
                "%(count)d articles republished as new.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        count = workflow.return_to_draft(queryset)  # one version each
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

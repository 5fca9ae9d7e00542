"""The article admin's own pages: send back with a note, and compare two versions."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from articles import conflicts, permissions, workflow
from articles.images import CheckedImageField, body_image_content
from articles.models import Article
from articles.revisions import compare, versions_of
from articles.uploads import unguessable_name
from newsroom.site import display_name


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the journalist"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=gettext_lazy("What to fix before the article can be published."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # articles/conflicts.py


def _context(request: HttpRequest, article: Article, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": title,
        **extra,
    }


@transaction.atomic  # the version check locks the article's row until the note is saved
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor returns an article to draft with a note its journalist will see."""
    if not permissions.can_publish(request.user):
        raise PermissionDenied
    article = get_object_or_404(Article, pk=pk)
    if article.status == Article.Status.DRAFT:
        messages.info(request, _("This article is already a draft."))
        return redirect("admin:articles_article_change", article.pk)
    if not workflow.can_send_back(article):
        messages.info(request, _("Only an article in review can be sent back."))
        return redirect("admin:articles_article_change", article.pk)
    form = SendBackForm(request.POST or None, initial={"version": article.version})
    stale = request.method == "POST" and stale_version(request, article)
    if stale:
        article.refresh_from_db()
        fresh = {**request.POST.dict(), "version": article.version}
        form = SendBackForm(fresh, initial={"version": article.version})
    elif request.method == "POST" and form.is_valid():
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(
                _("Sent back to the journalist: %(note)s") % {"note": form.cleaned_data["note"]}
            )
            workflow.send_back(article, by=request.user, note=form.cleaned_data["note"])
        messages.success(
            request,
            _("“%(title)s” was sent back to %(author)s.")
            % {"title": article.title, "author": display_name(article.author) or "—"},
        )
        return redirect(reverse("admin:articles_article_changelist") + "?state=review")
    status = 409 if stale else 400 if request.method == "POST" else 200
    title = _("Send back to the journalist")
    context = _context(request, article, title, form=form, stale=stale)
    return TemplateResponse(
        request, "admin/articles/article/send_back.html", context, status=status
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason shown to readers"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy("Readers opening the article's address see it on the removal page."),
    )


def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor takes a published or scheduled article offline, after a page that says what
    readers will get (a 410 page with the reason) and where it disappears from."""
    if not permissions.can_publish(request.user):
        raise PermissionDenied
    article = get_object_or_404(Article, pk=pk)
    if article.status != Article.Status.PUBLISHED:
        messages.info(request, _("Only a published or scheduled article can be unpublished."))
        return redirect("admin:articles_article_change", article.pk)
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Unpublished: %(reason)s") % {"reason": reason})
            workflow.withdraw(article, by=request.user, reason=reason)
        messages.success(
            request,
            _("“%(title)s” was unpublished: readers now get the removal page.")
            % {"title": article.title},
        )
        return redirect("admin:articles_article_change", article.pk)
    status = 400 if request.method == "POST" else 200
    context = _context(request, article, _("Unpublish the article"), form=form)
    return TemplateResponse(
        request, "admin/articles/article/unpublish.html", context, status=status
    )


def scheduled(request: HttpRequest) -> HttpResponse:
    """What will appear when: the scheduled articles this user may see, by local day."""
    if not request.user.has_perm(permissions.VIEW):
        raise PermissionDenied
    articles = permissions.visible_to(request.user, Article.objects.scheduled())
    articles = articles.select_related("category", "author").order_by("published_at", "pk")
    days: dict = {}
    for article in articles.defer("body", "search_vector"):
        days.setdefault(timezone.localdate(article.published_at), []).append(article)
    context = {
        **admin.site.each_context(request),
        "opts": Article._meta,
        "title": _("Scheduled articles"),
        "days": list(days.items()),
    }
    return TemplateResponse(request, "admin/articles/article/scheduled.html", context)


def stale_version(request: HttpRequest, article: Article) -> bool:
    """The page was opened on an older version of the article (articles/conflicts.py)."""
    base = conflicts.parse_version(request.POST.get("version"))
    return conflicts.check(article.pk, base) is not None


def article_with_history(request: HttpRequest, object_id) -> Article:
    """The article whose versions this user may see: editors, and the article's own author."""
    article = get_object_or_404(Article, pk=object_id)
    user = request.user
    if not user.has_perm(permissions.VIEW) or not permissions.can_see_versions(user, article):
        raise PermissionDenied
    return article


def version_rows(article: Article) -> list[dict]:
    rows = []
    for version in versions_of(article):
        data = version.field_dict
        rows.append(
            {
                "version": version,
                "who": display_name(version.revision.user),
                "when": version.revision.date_created,
                "comment": version.revision.get_comment(),
                "title": data.get("title", ""),
                "status": dict(Article.Status.choices).get(data.get("status"), ""),
                "restore_url": reverse(
                    "admin:articles_article_revision", args=[article.pk, version.pk]
                ),
            }
        )
    return rows


def compare_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed in the text between two versions (?old=<id>&new=<id>)."""
    article = article_with_history(request, pk)
    versions = Version.objects.get_for_object(article).select_related("revision__user")
    try:
        old = versions.get(pk=int(request.GET.get("old", "")))
        new = versions.get(pk=int(request.GET.get("new", "")))
    except (ValueError, Version.DoesNotExist):
        context = _context(request, article, _("Compare versions"), error=True)
        return TemplateResponse(request, "admin/articles/article/compare.html", context, status=400)
    if old.revision.date_created > new.revision.date_created:
        old, new = new, old
    labels = {"title": _("headline"), "lead": _("lead"), "body": _("body")}
    context = _context(
        request,
        article,
        _("Compare versions"),
        old=old,
        new=new,
        old_who=display_name(old.revision.user),
        new_who=display_name(new.revision.user),
        changes=compare(old, new, labels),
    )
    return TemplateResponse(request, "admin/articles/article/compare.html", context)


BODY_IMAGE_MAX_BYTES = 10 * 1024 * 1024


class BodyImageForm(forms.Form):
    image = CheckedImageField(label=gettext_lazy("image"))
    alt = forms.CharField(
        label=gettext_lazy("image description"),
        max_length=250,
        help_text=gettext_lazy("What the image shows, for readers who cannot see it."),
    )
    caption = forms.CharField(label=gettext_lazy("image caption"), max_length=300, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > BODY_IMAGE_MAX_BYTES:
            raise forms.ValidationError(
                _("The image is larger than %(size)d MB.")
                % {"size": BODY_IMAGE_MAX_BYTES // (1024 * 1024)}
            )
        return image


def body_image(request: HttpRequest) -> HttpResponse:
    """The editor's image picker: upload an image, then hand its URL to the editor's dialog."""
    if not permissions.can_upload_images(request.user):
        raise PermissionDenied
    form = BodyImageForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": _("Insert an image"), "form": form}
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data["image"]
        content, extension = body_image_content(image)
        name = default_storage.save(unguessable_name("articles/body/%Y/%m/", extension), content)
        context["chosen"] = {
            "callback": request.GET.get("CKEditorFuncNum", ""),
            "url": default_storage.url(name),
            "alternative_text": form.cleaned_data["alt"],
            "caption": form.cleaned_data["caption"],
        }
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return TemplateResponse(
        request, "admin/articles/article/body_image.html", context, status=status
    )

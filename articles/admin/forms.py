"""The article's and the page's admin forms: the body editor, the breaking-news choice, what an
editor may set, and the version check both share (`VersionCheckedForm`)."""

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import conflicts
from articles.html import outside_images, plain_text, sanitize_article_html
from articles.images import CheckedImageField, size_body_images
from articles.models import Article, Page

BREAKING_HOURS = (1, 2, 3, 6, 12, 24)

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
        # Ours (static/articles/prose-editor-extensions.js): Enter, ArrowDown and a click below
        # leave an image's caption; the toolbar's texts in the admin's language.
        "FigureExit": True,
        "MenuLabels": True,
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


class VersionField(forms.IntegerField):
    """Bookkeeping, not an edit: never among a save's changed fields."""

    def has_changed(self, initial, data):
        return False


class BaseField(forms.CharField):
    """What the form was opened on (conflicts.fingerprint): bookkeeping, not an edit."""

    def has_changed(self, initial, data):
        return False


class VersionCheckedForm(forms.ModelForm):
    """A change form whose save is refused when someone saved after it was opened
    (articles/conflicts.py); `edited` says for which model, and with which words."""

    edited = conflicts.ARTICLE

    # The version the form was opened on (articles/conflicts.py): rendered by the change form's
    # template (admin/articles/_version_check.html), checked when the form comes back.
    version = VersionField(widget=forms.HiddenInput, required=False, min_value=0)
    base = BaseField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
            self.fields["base"].initial = conflicts.fingerprint(self.instance, self.edited)

    def clean(self):
        cleaned = super().clean()
        self.refuse_stale_version(cleaned)
        return cleaned

    def refuse_stale_version(self, cleaned):
        """Someone saved after this form was opened: refuse, show what changed and keep the
        user's values with the current version, so saving again applies them."""
        if self.instance.pk is None or "version" not in self.data:
            return
        base = conflicts.parse_version(self.data.get("version"))
        submitted = {name: self.data.get(name, "") for name in self.edited.labels()}
        conflict = conflicts.check(
            self.instance.pk,
            base,
            submitted=submitted,
            opened=self.data.get("base", ""),
            edited=self.edited,
        )
        if conflict is None:
            return
        self.conflict = conflict
        self.data = conflicts.merged_data(conflict, self.data, cleaned)
        self.add_error(None, forms.ValidationError(self.edited.refused, code="conflict"))


class ArticleAdminForm(VersionCheckedForm):
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


class PageAdminForm(VersionCheckedForm):
    edited = conflicts.PAGE

    class Meta:
        model = Page
        fields = list(conflicts.PAGE_FIELDS)
        widgets = {
            "title": forms.TextInput(attrs={"class": "article-wide", "dir": "auto"}),
            "slug": forms.TextInput(attrs={"class": "article-wide", "dir": "auto"}),
            "body": forms.Textarea(attrs={"class": "article-wide page-body", "dir": "auto"}),
        }
        labels = {"body": _("page text")}  # the model's "body" reads "the article's text"

    def clean_body(self):
        # As the page will store it (Page.save), so an untouched body compares equal to the
        # saved one (a browser sends a textarea's line breaks as CR LF).
        return str(sanitize_article_html(self.cleaned_data["body"].replace("\r\n", "\n")))


def breaking_choices():
    hours = [
        (str(n), ngettext("for %(hours)d hour", "for %(hours)d hours", n) % {"hours": n})
        for n in BREAKING_HOURS
    ]
    return [("", _("Leave as it is")), ("0", _("Not breaking (end now)")), *hours]

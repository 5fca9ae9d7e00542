from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from comments.states import MAX_COMMENT_LENGTH, REPORT_DETAILS_LENGTH, ReportReason
from newsroom.arabic import strip_bidi_controls


class WebsiteField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.Form):
    """The reader's form. Field names are a contract (docs/comments.md): WordPress's own."""

    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto", "maxlength": MAX_COMMENT_LENGTH}),
        error_messages={"required": _("Please write your comment.")},
    )
    author = forms.CharField(
        label=_("Name"),
        max_length=245,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("Your name is too long: at most %(limit_value)d characters."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=100,
        help_text=_("Your email address will not be published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address."),
            "max_length": _("Your email address is too long: at most %(limit_value)d characters."),
        },
    )
    url = WebsiteField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "dir": "ltr"}),
        error_messages={
            "invalid": _("Please enter a website address that starts with http:// or https://."),
            "max_length": _(
                "Your website address is too long: at most %(limit_value)d characters."
            ),
        },
    )
    comment_parent = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, initial=0
    )
    cookies_consent = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )
    # Reply notifications (comments.subscribing): unchecked by default, remembered nowhere.
    notify_replies = forms.BooleanField(
        label=_("Notify me of replies to my comment"), required=False
    )
    # The honeypot: hidden from people by CSS, filled in by bots that fill every field.
    ak_hp_textarea = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"cols": 45, "rows": 8, "maxlength": 100, "tabindex": "-1", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["comment_parent"].error_messages["invalid"] = _(
            "The comment you are replying to was not found."
        )
        for name in ("comment", "author", "email", "url"):
            self.fields[name].widget.attrs.setdefault("aria-describedby", f"{name}-errors")

    def clean_comment(self):
        content = self.cleaned_data["comment"]
        if len(content.encode("utf-8")) > MAX_COMMENT_LENGTH:
            raise forms.ValidationError(
                _(
                    "Your comment is too long: at most %(limit)s bytes "
                    "(about %(letters)s Arabic letters)."
                ),
                code="max_length",
                params={
                    "limit": f"{MAX_COMMENT_LENGTH:,}",
                    "letters": f"{MAX_COMMENT_LENGTH // 2:,}",
                },
            )
        return content

    def clean_author(self):
        name = " ".join(strip_bidi_controls(self.cleaned_data["author"]).split())
        if not name:
            raise forms.ValidationError(
                self.fields["author"].error_messages["required"], "required"
            )
        return name

    def clean_comment_parent(self):
        """A reply must answer a published comment of the same article, not too deep in a thread."""
        parent_id = self.cleaned_data.get("comment_parent") or 0
        if not parent_id:
            return None
        parent = (
            Comment.objects.visible()
            .filter(article=self.article, pk=parent_id)
            .only("pk", "depth", "article_id")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to was not found."), code="invalid_parent"
            )
        if parent.depth >= settings.COMMENTS_MAX_DEPTH:
            raise forms.ValidationError(
                _("This conversation is too deep for more replies; reply higher up instead."),
                code="too_deep",
            )
        return parent


class ReportForm(forms.Form):
    """A reader's report of a comment (POST /comments/<id>/report/)."""

    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=REPORT_DETAILS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class EditForm(forms.Form):
    """Its writer's new text, within the edit window (GET/POST /comments/<id>/edit/)."""

    comment = CommentForm.base_fields["comment"]
    clean_comment = CommentForm.clean_comment

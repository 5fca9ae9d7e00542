from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Category


class SearchForm(forms.Form):
    """The reader's search: the words (anything goes, see articles.search) and the filters."""

    q = forms.CharField(label=_("Search for"), required=False)
    category = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and "\x00" in data.get("q", ""):
            # A NUL in the words is noise to drop, not an error to show.
            data = data.copy()
            data["q"] = data["q"].replace("\x00", "")
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filter(self, queryset):
        """Narrow published articles to the chosen section and days (inclusive, local time)."""
        data = self.cleaned_data
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("since"):
            queryset = queryset.filter(published_at__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(published_at__date__lte=data["until"])
        return queryset

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Category

ARCHIVE_FIRST_YEAR = 2000  # the oldest year the search form offers


class DayMonthYear(forms.SelectDateWidget):
    """A date as three selects, day, month (by name) and year, in the order of the language's
    DATE_FORMAT (day first in Arabic and in English), each labelled for screen readers: the
    browser's own date input shows its locale's mm/dd/yyyy to Arabic readers. Old links with
    one ISO value (?since=2026-12-01) still work (SelectDateWidget reads them)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, empty_label=(_("Year"), _("Month"), _("Day")))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        for subwidget in context["widget"]["subwidgets"]:
            part = subwidget["name"].rsplit("_", 1)[-1]
            subwidget["attrs"]["aria-label"] = labels[part]
            subwidget["attrs"]["class"] = f"date-select__{part}"
        return context


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
    since = forms.DateField(label=_("From"), required=False, widget=DayMonthYear)
    until = forms.DateField(label=_("To"), required=False, widget=DayMonthYear)

    def __init__(self, data=None, **kwargs):
        if data is not None and "\x00" in data.get("q", ""):
            # A NUL in the words is noise to drop, not an error to show.
            data = data.copy()
            data["q"] = data["q"].replace("\x00", "")
        super().__init__(data, **kwargs)
        years = range(timezone.localdate().year, ARCHIVE_FIRST_YEAR - 1, -1)
        for name in ("since", "until"):
            self.fields[name].widget.years = years

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

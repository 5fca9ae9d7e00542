"""Staff pickers in the admin, labelled as readers see the person (newsroom.site.display_name)."""

from django import forms

from newsroom.site import display_name


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)

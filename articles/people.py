"""How staff are named to readers and colleagues: full name, else the username."""

from django import forms


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)

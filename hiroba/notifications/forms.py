from django import forms

from hiroba.notifications.messages import Category


class SettingsForm(forms.Form):
    """One checkbox per category: also send these by e-mail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.BooleanField(label=category.label, required=False)

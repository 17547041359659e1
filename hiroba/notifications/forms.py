from django import forms

from hiroba.notifications.messages import CHOOSABLE, Category


class SettingsForm(forms.Form):
    """One checkbox per category: also send these by e-mail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in CHOOSABLE:
            self.fields[category] = forms.BooleanField(
                label=Category(category).label, required=False
            )

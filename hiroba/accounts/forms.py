from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from hiroba.accounts.models import HANDLE_RE, Member
from hiroba.accounts.regions import Region
from hiroba.accounts.selectors import members_with_handle
from hiroba.core.forms import ImageUploadField


def _guidelines_label():
    # One sentence with the link as a placeholder: Japanese puts the link first.
    link = format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse_lazy("community:guidelines"),
        _("community guidelines"),
    )
    return format_html(_("I have read and accept the {link}."), link=link)


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks besides e-mail and password."""

    display_name = forms.CharField(label=_("Display name"), max_length=50)
    handle = forms.RegexField(
        label=_("Handle"),
        regex=HANDLE_RE,
        max_length=30,
        help_text=_("3–30 letters, digits or underscores. Shown as @handle."),
        error_messages={"invalid": _("Use 3–30 letters, digits or underscores.")},
    )
    accept_guidelines = forms.BooleanField(
        label=lazy(_guidelines_label, str)(),
        required=True,
        error_messages={"required": _("Please read and accept the community guidelines.")},
    )

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise ValidationError(_("Please enter a display name."))
        return name

    def clean_handle(self):
        handle = self.cleaned_data["handle"]
        if members_with_handle(handle).exists():
            raise ValidationError(_("This handle is already taken."))
        return handle

    def signup(self, request, user):
        """allauth calls this after save_user; our adapter already saved everything."""


class ProfileForm(forms.ModelForm):
    icon_upload = ImageUploadField(
        label=_("Icon"), help_text=_("A square crop is made from the centre.")
    )

    class Meta:
        model = Member
        fields = ["display_name", "bio", "birth_year", "region", "language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *Region.choices]
        # Each language in its own words, as the footer's links name them.
        self.fields["language"].choices = [
            ("", _("Automatic")),
            *((code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES),
        ]

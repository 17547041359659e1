from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Community, Space
from hiroba.core.forms import ImageUploadField


class CommunitySettingsForm(forms.ModelForm):
    logo_upload = ImageUploadField(label=_("Logo"))

    class Meta:
        model = Community
        fields = [
            "name",
            "description",
            "language",
            "time_zone",
            "is_open",
            "show_idea_stats",
            "default_ideas_space",
            "guidelines",
        ]
        widgets = {"guidelines": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_ideas_space"].empty_label = _("None (the member chooses)")


class SpaceForm(forms.ModelForm):
    class Meta:
        model = Space
        fields = [
            "slug",
            "name",
            "description",
            "visibility",
            "position",
            "allows_ideas",
            "is_archived",
        ]


class InviteForm(forms.Form):
    handle = forms.CharField(label=_("Member's handle"), max_length=31)

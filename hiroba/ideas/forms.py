import re
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiroba.community.selectors import get_community
from hiroba.core.forms import BodyField, MultipleImageField
from hiroba.core.text import MAX_TITLE
from hiroba.ideas.models import Color, Status
from hiroba.ideas.services import MAX_NOTE, default_revisit_at
from hiroba.ideas.styles import status_styles
from hiroba.posts.services.common import MAX_BODY


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Your idea in one line"), max_length=MAX_TITLE)
    body = BodyField(
        label=_("Details"),
        max_length=MAX_BODY,
        help_text=_("What would it change, and for whom? Markdown works."),
    )
    photos = MultipleImageField(label=_("Photos or sketches (up to 10)"))


class IdeaInSpaceForm(IdeaForm):
    """Proposing from the board: the space is chosen here.

    It starts on the space the member came from (``initial["space"]``, a slug), else on the
    community's default space for ideas; with neither, and more than one space to choose from,
    on an empty choice, so that no space is picked for the member by its place in the list.
    """

    space = forms.ChoiceField(label=_("Space"))

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        offered = [s for s in spaces if s.allows_ideas]
        choices = [(s.slug, s.name) for s in offered]
        default_id = get_community().default_ideas_space_id
        candidates = [
            self.initial.get("space"),
            *(s.slug for s in offered if s.pk == default_id),
        ]
        chosen = next((slug for slug in candidates if slug in dict(choices)), None)
        self.initial["space"] = chosen
        if chosen is None and len(choices) > 1:
            choices.insert(0, ("", _("Choose a space")))
        self.fields["space"].choices = choices
        self.order_fields(["space", "title", "body", "photos"])


class StatusForm(forms.Form):
    """Staff move an idea to a status with a note; parking sets the date it comes back."""

    status = forms.ChoiceField(label=_("New status"))
    note = BodyField(
        label=_("Note for members"),
        max_length=MAX_NOTE,
        rows=3,
        help_text=_("Shown in the idea's history and sent to its author and voters."),
    )
    park = forms.BooleanField(
        label=_("Park it: bring it back to the review queue later"), required=False
    )
    revisit_on = forms.DateField(
        label=_("Review again on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the default period from today."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.status, s.label) for s in status_styles().values() if s.status != Status.DUPLICATE
        ]

    def clean(self):
        data = super().clean()
        data["revisit_at"] = None
        if data.get("park") or data.get("revisit_on"):
            day = data.get("revisit_on")
            if day is None:
                data["revisit_at"] = default_revisit_at()
            else:
                moment = datetime.combine(day, time(9, 0))
                data["revisit_at"] = timezone.make_aware(moment)
        return data


_IDEA_NUMBER = re.compile(r"(\d{1,18})/?$")


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("Original idea"),
        max_length=300,
        help_text=_("Its number or the address of its page."),
    )
    note = BodyField(label=_("Note for members"), max_length=MAX_NOTE, rows=2)

    def clean_original(self) -> int:
        match = _IDEA_NUMBER.search(self.cleaned_data["original"].strip().lstrip("#"))
        if not match:
            raise forms.ValidationError(_("Enter the number of an idea or its address."))
        return int(match.group(1))


class StatusStylesForm(forms.Form):
    """Label, color and order of each status, one row per status."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styles = status_styles()
        for status in Status:
            style = styles[status.value]
            self.fields[f"{status.value}-label"] = forms.CharField(
                label=_("Label"),
                max_length=40,
                required=False,
                initial=style.custom_label,
                widget=forms.TextInput(
                    attrs={"placeholder": status.label, "class": "form-control form-control-sm"}
                ),
            )
            self.fields[f"{status.value}-color"] = forms.ChoiceField(
                label=_("Color"),
                choices=Color.choices,
                initial=style.color,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"{status.value}-position"] = forms.IntegerField(
                label=_("Order"),
                min_value=0,
                max_value=1000,
                initial=style.position,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        """(status, its default label, label field, color field, order field) for the template."""
        return [
            (
                status.value,
                status.label,
                self[f"{status.value}-label"],
                self[f"{status.value}-color"],
                self[f"{status.value}-position"],
            )
            for status in Status
        ]

    def styles(self) -> dict[str, dict]:
        return {
            status.value: {
                "label": self.cleaned_data[f"{status.value}-label"],
                "color": self.cleaned_data[f"{status.value}-color"],
                "position": self.cleaned_data[f"{status.value}-position"],
            }
            for status in Status
        }

"""The builder's forms (staff). Members' answers are read from the POST by the view and checked
by the service (answers.py), so the page and the API share every rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space
from hiroba.surveys.models import CHOICE_KINDS, TEXT_KINDS, AudienceKind, Kind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the questions: why you ask and how the answers are used."),
    )
    audience_kind = forms.ChoiceField(
        label=_("Who is asked"), choices=AudienceKind.choices, widget=forms.RadioSelect
    )
    audience_space = forms.ModelChoiceField(
        label=_("Space"),
        queryset=Space.objects.filter(is_archived=False).order_by("position", "id"),
        required=False,
        help_text=_("For “Members of a space”: the members who have joined it."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: answers are stored without the member"),
        required=False,
        help_text=_(
            "Results and the export show no names. Members can still answer only once, and "
            "cannot change anonymous answers later."
        ),
    )
    allow_edit = forms.BooleanField(
        label=_("Members may change their answers until the survey closes"), required=False
    )
    is_nps_round = forms.BooleanField(
        label=_("Part of the NPS series"),
        required=False,
        help_text=_(
            "Rounds of the series are compared in the NPS trend. A round has exactly one NPS "
            "question."
        ),
    )

    def __init__(self, *args, published: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if published:
            # After publishing only the wording may change (see the builder's explanation).
            for name in ("audience_kind", "audience_space", "is_anonymous", "allow_edit",
                         "is_nps_round"):  # fmt: skip
                self.fields[name].disabled = True


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Explanation (optional)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice questions."),
    )
    is_reason = forms.BooleanField(
        label=_("Asks the reason for the NPS answer"),
        required=False,
        help_text=_(
            "For a text question: its answers are listed beside the NPS score, grouped by the "
            "same member's score."
        ),
    )

    def __init__(
        self, *args, published: bool = False, editing: bool = False, kind: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["kind"].disabled = True
            # An existing question shows only the fields that apply to its kind.
            if kind not in CHOICE_KINDS:
                del self.fields["choices"]
            if kind not in TEXT_KINDS:
                del self.fields["is_reason"]
        if published:
            for name in ("kind", "required", "is_reason"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def choice_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines()]


class PublishForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        required=False,
        widget=DATETIME,
        help_text=_("Empty: now. Members see the survey from this moment."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=DATETIME,
        help_text=_("Empty: open until you close it."),
    )


class CloseDateForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("New close date"),
        required=False,
        widget=DATETIME,
        help_text=_("Empty: open until you close it."),
    )

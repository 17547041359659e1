"""The builder's forms (staff). Members' answers are read from the POST by the view and checked
by the service (answers.py), so the page and the API share every rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space
from hiroba.surveys.audiences import AUDIENCES, audience_choices
from hiroba.surveys.models import CHOICE_KINDS, TEXT_KINDS, Kind

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
    # Surveys' own kinds and those registered by apps above (audiences.py).
    audience_kind = forms.ChoiceField(
        label=_("Who is asked"), choices=audience_choices, widget=forms.RadioSelect
    )
    audience_space = forms.ModelChoiceField(
        label=_("Space"),
        queryset=Space.objects.filter(is_archived=False).order_by("position", "id"),
        required=False,
        help_text=_("For “Members of a space”: the members who have joined it."),
    )
    # The target of a registered audience that names one (an event for its attendees), as
    # "kind:id", grouped by kind; clean() keeps the id when it belongs to the kind chosen.
    audience_target = forms.ChoiceField(
        label=_("Target of the audience"),
        required=False,
        help_text=_("For an audience that names something, such as the attendees of an event."),
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
        # The target already chosen stays offered, even where the list would no longer hold it
        # (an older event): a published survey's disabled field must still be valid.
        current_kind, _sep, current = str(self.initial.get("audience_target") or "").partition(":")
        targets = [
            (
                str(audience.label),
                [
                    (f"{kind}:{pk}", text)
                    for pk, text in audience.target_choices(
                        current=int(current) if kind == current_kind and current.isdigit() else None
                    )
                ],
            )
            for kind, audience in AUDIENCES.items()
            if audience.has_target
        ]
        if targets:
            self.fields["audience_target"].choices = [("", "---------"), *targets]
        else:
            del self.fields["audience_target"]
        if published:
            # After publishing only the wording may change (see the builder's explanation).
            for name in ("audience_kind", "audience_space", "audience_target", "is_anonymous",
                         "allow_edit", "is_nps_round"):  # fmt: skip
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        kind, target = data.get("audience_kind"), data.get("audience_target") or ""
        data["audience_target_id"] = None
        audience = AUDIENCES.get(kind)
        if audience is not None and audience.has_target:
            target_kind, _sep, pk = target.partition(":")
            if target_kind != kind or not pk.isdigit():
                self.add_error(
                    "audience_target" if "audience_target" in self.fields else None,
                    _("Choose the target of this audience."),
                )
            else:
                data["audience_target_id"] = int(pk)
        return data


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

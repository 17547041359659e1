"""The segment builder: one fieldset per kind of condition; an empty fieldset is no condition.

The form only turns fields into the conditions' JSON and back; checking them is the conditions'
own work (hiroba.segments.rules), whose messages come back beside the fields they are about.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hiroba.accounts.regions import Region
from hiroba.activity.models import Level
from hiroba.community.models import Space
from hiroba.segments.rules import parse_rules
from hiroba.segments.rules.profile import AGE_BAND_LABELS
from hiroba.segments.rules.surveys import LATEST, NPS_CATEGORY_LABELS
from hiroba.surveys.models import CHOICE_KINDS, NUMBER_KINDS, Choice, Kind, Question, Status, Survey

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT_KINDS = (("posts", _("Posts")), ("answers", _("Answers")), ("ideas", _("Ideas")))
# Where each kind of condition shows its messages (the first field of its fieldset).
ERROR_FIELDS = {
    "level": "levels",
    "score": "score_min",
    "warming": "warming",
    "last_active": "active_within_days",
    "region": "regions",
    "age_band": "age_bands",
    "joined": "joined_from",
    "spaces": "spaces",
    "posts": "posts_min",
    "answers": "answers_min",
    "ideas": "ideas_min",
    "nps": "nps_survey",
    "survey_answer": "answer_question",
}


def _count(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=1_000_000)


def _survey_label(survey: Survey) -> str:
    if survey.is_anonymous:
        return _("%(title)s (anonymous: cannot pick members)") % {"title": survey.title}
    return survey.title


def _days(label, help_text):
    return forms.IntegerField(
        label=label, required=False, min_value=1, max_value=3650, help_text=help_text
    )


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the segment is for, so that others reuse it rightly."),
    )
    levels = forms.MultipleChoiceField(
        label=_("Activity level (any of)"),
        required=False,
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    score_min = forms.FloatField(label=_("Health score: at least"), required=False, min_value=0)
    score_max = forms.FloatField(label=_("Health score: below"), required=False, min_value=0)
    warming = forms.BooleanField(label=_("Warming up now"), required=False)
    active_within_days = _days(
        _("Visited or active within the last … days"), _("1 is today, 7 is the last week.")
    )
    inactive_days = _days(
        _("Not visited or active in the last … days"),
        _("Members who were never active count as not active."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Region (any of)"),
        required=False,
        choices=Region.choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Age band (any of)"),
        required=False,
        choices=list(AGE_BAND_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Age is this year minus the birth year members give."),
    )
    joined_from = forms.DateField(label=_("Joined on or after"), required=False, widget=DATE)
    joined_to = forms.DateField(label=_("Joined on or before"), required=False, widget=DATE)
    spaces = forms.MultipleChoiceField(
        label=_("Joined any of these spaces"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    posts_min = _count(_("Posts: at least"))
    posts_max = _count(_("Posts: at most"))
    answers_min = _count(_("Answers to questions: at least"))
    answers_max = _count(_("Answers to questions: at most"))
    ideas_min = _count(_("Ideas: at least"))
    ideas_max = _count(_("Ideas: at most"))
    nps_survey = forms.ChoiceField(label=_("NPS answered in"), required=False)
    nps_categories = forms.MultipleChoiceField(
        label=_("NPS category (any of)"),
        required=False,
        choices=list(NPS_CATEGORY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    answer_question = forms.ChoiceField(label=_("Answered the question"), required=False)
    answer_choices = forms.MultipleChoiceField(
        label=_("with any of these choices"), required=False, widget=forms.CheckboxSelectMultiple
    )
    answer_min = forms.IntegerField(label=_("with a number from"), required=False)
    answer_max = forms.IntegerField(
        label=pgettext_lazy("the upper end of a number range", "to"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spaces = Space.objects.order_by("position", "id").values_list("pk", "name")
        self.fields["spaces"].choices = [(str(pk), name) for pk, name in spaces]
        surveys = list(
            Survey.objects.exclude(status=Status.DRAFT).order_by("-opens_at", "-id")[:200]
        )
        with_nps = set(
            Question.objects.filter(survey__in=surveys, kind=Kind.NPS).values_list(
                "survey_id", flat=True
            )
        )
        self.fields["nps_survey"].choices = [
            ("", _("— no NPS condition —")),
            (LATEST, _("The latest NPS round (followed as new rounds open)")),
            *[(str(s.pk), _survey_label(s)) for s in surveys if s.pk in with_nps],
        ]
        titles = {s.pk: _survey_label(s) for s in surveys}
        questions = Question.objects.filter(
            survey__in=surveys, kind__in=[*CHOICE_KINDS, *NUMBER_KINDS]
        ).order_by("survey_id", "position", "id")
        groups: dict[int, list] = {}
        for q in questions.values("pk", "survey_id", "text"):
            groups.setdefault(q["survey_id"], []).append((str(q["pk"]), q["text"]))
        self.fields["answer_question"].choices = [
            ("", _("— no survey answer condition —")),
            *[(titles[s.pk], groups[s.pk]) for s in surveys if s.pk in groups],
        ]
        chosen = (
            self.data.get("answer_question")
            if self.is_bound
            else self.initial.get("answer_question")
        )
        self.question = None
        if chosen and str(chosen).isdigit():
            self.question = Question.objects.filter(pk=int(chosen)).first()
        if self.question is not None and self.question.kind in CHOICE_KINDS:
            self.fields["answer_choices"].choices = [
                (str(pk), text)
                for pk, text in Choice.objects.filter(question=self.question).values_list(
                    "pk", "text"
                )
            ]

    @classmethod
    def initial_from(cls, segment) -> dict:
        """The fields of a saved segment's conditions."""
        initial = {"name": segment.name, "description": segment.description}
        for rule in segment.rules:
            kind = rule.get("type")
            if kind == "level":
                initial["levels"] = rule["levels"]
            elif kind == "score":
                initial["score_min"], initial["score_max"] = rule.get("min"), rule.get("max")
            elif kind == "warming":
                initial["warming"] = True
            elif kind == "last_active":
                initial["active_within_days"] = rule.get("within_days")
                initial["inactive_days"] = rule.get("not_within_days")
            elif kind == "region":
                initial["regions"] = rule["regions"]
            elif kind == "age_band":
                initial["age_bands"] = rule["bands"]
            elif kind == "joined":
                initial["joined_from"] = rule.get("from")
                initial["joined_to"] = rule.get("to")
            elif kind == "spaces":
                initial["spaces"] = [str(pk) for pk in rule["spaces"]]
            elif kind in ("posts", "answers", "ideas"):
                initial[f"{kind}_min"] = rule.get("min")
                initial[f"{kind}_max"] = rule.get("max")
            elif kind == "nps":
                initial["nps_survey"] = str(rule["survey"])
                initial["nps_categories"] = rule["categories"]
            elif kind == "survey_answer":
                initial["answer_question"] = str(rule["question"])
                initial["answer_choices"] = [str(pk) for pk in rule.get("choices", [])]
                initial["answer_min"] = rule.get("min")
                initial["answer_max"] = rule.get("max")
        return initial

    def rules(self) -> list[dict]:
        """The conditions the filled fieldsets describe (call after is_valid)."""
        data = self.cleaned_data
        rules: list[dict] = []
        if data.get("levels"):
            rules.append({"type": "level", "levels": data["levels"]})
        if data.get("score_min") is not None or data.get("score_max") is not None:
            rules.append(
                {"type": "score", "min": data.get("score_min"), "max": data.get("score_max")}
            )
        if data.get("warming"):
            rules.append({"type": "warming"})
        within, inactive = data.get("active_within_days"), data.get("inactive_days")
        if within is not None or inactive is not None:
            rules.append(
                {"type": "last_active", "within_days": within, "not_within_days": inactive}
            )
        if data.get("regions"):
            rules.append({"type": "region", "regions": data["regions"]})
        if data.get("age_bands"):
            rules.append({"type": "age_band", "bands": data["age_bands"]})
        if data.get("joined_from") or data.get("joined_to"):
            start, end = data.get("joined_from"), data.get("joined_to")
            rules.append(
                {
                    "type": "joined",
                    "from": start.isoformat() if start else None,
                    "to": end.isoformat() if end else None,
                }
            )
        if data.get("spaces"):
            rules.append({"type": "spaces", "spaces": [int(pk) for pk in data["spaces"]]})
        for kind, _label in COUNT_KINDS:
            low, high = data.get(f"{kind}_min"), data.get(f"{kind}_max")
            if low is not None or high is not None:
                rules.append({"type": kind, "min": low, "max": high})
        if data.get("nps_survey") or data.get("nps_categories"):
            rules.append(
                {
                    "type": "nps",
                    "survey": data.get("nps_survey") or LATEST,
                    "categories": data.get("nps_categories") or [],
                }
            )
        if data.get("answer_question"):
            rule = {"type": "survey_answer", "question": int(data["answer_question"])}
            if self.question is not None and self.question.kind in CHOICE_KINDS:
                rule["choices"] = [int(pk) for pk in data.get("answer_choices") or []]
            else:
                rule["min"], rule["max"] = data.get("answer_min"), data.get("answer_max")
            rules.append(rule)
        return rules

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.parsed = parse_rules(self.rules())
        except ValidationError as error:
            self.add_rule_errors(error)
        return cleaned

    def add_rule_errors(self, error: ValidationError) -> None:
        """A ValidationError keyed by condition type (or by field: name, description)."""
        for key, messages in error.message_dict.items():
            field = ERROR_FIELDS.get(key, key)
            self.add_error(field if field in self.fields else None, messages)

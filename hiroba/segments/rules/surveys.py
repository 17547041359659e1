"""Conditions on survey answers: the NPS category, and a chosen answer to a chosen question.

Only identified surveys can pick members. An anonymous survey promised its respondents that
nothing links them to what they answered, so a condition on one is refused with a clear message
(code ``anonymous_survey``). Conditions are checked again each time a segment is read (see
hiroba.segments.selectors), so "the latest NPS round" is found anew, and refused if it is anonymous.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.segments.rules.base import (
    Rule,
    range_words,
    read_choices,
    read_ids,
    read_int,
    read_range,
    refuse,
    register,
)
from hiroba.surveys.models import (
    NUMBER_RANGES,
    Answer,
    Choice,
    Kind,
    Question,
    Status,
    Survey,
)
from hiroba.surveys.nps import DETRACTOR_MAX, PROMOTER_MIN

LATEST = "latest"
NPS_CATEGORIES = {
    "promoter": range(PROMOTER_MIN, 11),
    "passive": range(DETRACTOR_MAX + 1, PROMOTER_MIN),
    "detractor": range(0, DETRACTOR_MAX + 1),
}
NPS_CATEGORY_LABELS = {
    "promoter": gettext_lazy("Promoters (9–10)"),
    "passive": gettext_lazy("Passives (7–8)"),
    "detractor": gettext_lazy("Detractors (0–6)"),
}


def anonymous_refusal(survey: Survey):
    return refuse(
        _(
            "“%(title)s” is anonymous: its answers cannot be used to pick members. Choose an "
            "identified survey."
        )
        % {"title": survey.title},
        code="anonymous_survey",
    )


def check_answerable(survey: Survey) -> None:
    """A survey whose answers may pick members: identified, and published (or closed)."""
    if survey.is_anonymous:
        raise anonymous_refusal(survey)
    if survey.status == Status.DRAFT:
        raise refuse(
            _("“%(title)s” is a draft: it has no answers yet.") % {"title": survey.title},
            code="draft_survey",
        )


def latest_nps_round(now=None) -> Survey | None:
    """The NPS round opened most recently (published or closed, already open), or None."""
    return (
        Survey.objects.filter(
            is_nps_round=True,
            status__in=[Status.PUBLISHED, Status.CLOSED],
            opens_at__lte=now or timezone.now(),
        )
        .order_by("-opens_at", "-id")
        .first()
    )


def nps_question_of(survey: Survey) -> Question:
    """The survey's NPS question (the first, if a survey outside the series asks two)."""
    question = Question.objects.filter(survey=survey, kind=Kind.NPS).order_by("position", "id")
    found = question.first()
    if found is None:
        raise refuse(
            _("“%(title)s” has no NPS question.") % {"title": survey.title}, code="no_nps_question"
        )
    return found


def respondents(answers) -> Q:
    """Members whose (identified) response holds one of ``answers``."""
    return Q(pk__in=answers.filter(response__member__isnull=False).values("response__member_id"))


@register
@dataclass(frozen=True)
class NPSCategory(Rule):
    """Answered a survey's NPS question in one of the categories (promoter 9–10, passive 7–8,
    detractor 0–6). ``survey`` is an id, or "latest": the NPS round opened most recently, found
    again each time the segment is read."""

    type = "nps"
    label = gettext_lazy("NPS category")
    fields = ("survey", "categories")

    survey: int | str
    categories: tuple[str, ...]
    # Found by parse: the NPS question read, and the survey's title for describe().
    question: int = 0
    title: str = ""

    @classmethod
    def parse(cls, data):
        categories = tuple(read_choices(data, "categories", NPS_CATEGORIES))
        chosen = data.get("survey", LATEST)
        if chosen in (None, "", LATEST):
            survey = latest_nps_round()
            if survey is None:
                raise refuse(_("There is no NPS round yet."), code="no_nps_round")
            chosen = LATEST
        else:
            pk = read_ids({"survey": [chosen]}, "survey")[0]
            survey = Survey.objects.filter(pk=pk).first()
            if survey is None:
                raise refuse(_("No such survey: %(id)s.") % {"id": pk}, code="unknown_survey")
            chosen = pk
        check_answerable(survey)
        return cls(chosen, categories, nps_question_of(survey).pk, survey.title)

    def q(self, *, now):
        numbers = sorted(n for c in self.categories for n in NPS_CATEGORIES[c])
        return respondents(Answer.objects.filter(question_id=self.question, number__in=numbers))

    def as_dict(self):
        return {"type": self.type, "survey": self.survey, "categories": list(self.categories)}

    def describe(self):
        names = ", ".join(str(NPS_CATEGORY_LABELS[c]) for c in self.categories)
        if self.survey == LATEST:
            where = _("the latest NPS round (now “%(title)s”)") % {"title": self.title}
        else:
            where = f"“{self.title}”"
        return _("NPS in %(where)s: %(names)s") % {"where": where, "names": names}


@register
@dataclass(frozen=True)
class SurveyAnswer(Rule):
    """Answered a question of an identified survey with one of the choices (choice questions),
    or with a number in a range (scale 1–5 and NPS 0–10 questions). Text answers are not
    conditions: they are free text, better read than matched."""

    type = "survey_answer"
    label = gettext_lazy("Survey answer")
    fields = ("question", "choices", "min", "max")

    question: int
    choices: tuple[int, ...] = ()
    low: int | None = None
    high: int | None = None
    text: str = ""

    @classmethod
    def parse(cls, data):
        pk = read_int(data, "question", minimum=1, maximum=2**63 - 1)
        if pk is None:
            raise refuse(_("Choose a question."), code="empty")
        question = Question.objects.select_related("survey").filter(pk=pk).first()
        if question is None:
            raise refuse(_("No such question: %(id)s.") % {"id": pk}, code="unknown_question")
        check_answerable(question.survey)
        text = f"{question.survey.title} — {question.text}"
        if question.has_choices:
            if data.get("min") is not None or data.get("max") is not None:
                raise refuse(_("A choice question is matched by its choices, not a range."))
            choices = read_ids(data, "choices")
            known = dict(Choice.objects.filter(question=question).values_list("pk", "text"))
            unknown = [c for c in choices if c not in known]
            if unknown:
                raise refuse(
                    _("These choices are not choices of the question: %(ids)s.")
                    % {"ids": ", ".join(map(str, unknown))},
                    code="unknown_choice",
                )
            text += ": " + ", ".join(known[c] for c in choices)
            return cls(pk, tuple(choices), text=text)
        if question.is_number:
            if data.get("choices"):
                raise refuse(_("A number question is matched by a range, not choices."))
            first, last = NUMBER_RANGES[question.kind]
            low, high = read_range(data, minimum=first, maximum=last)
            return cls(pk, (), low, high, f"{text}: {range_words(low, high)}")
        raise refuse(
            _("Text answers cannot be conditions; choose a choice, scale or NPS question."),
            code="text_question",
        )

    def q(self, *, now):
        answers = Answer.objects.filter(question_id=self.question)
        if self.choices:
            return respondents(answers.filter(choice_id__in=self.choices))
        if self.low is not None:
            answers = answers.filter(number__gte=self.low)
        if self.high is not None:
            answers = answers.filter(number__lte=self.high)
        return respondents(answers)

    def as_dict(self):
        if self.choices:
            return {"type": self.type, "question": self.question, "choices": list(self.choices)}
        return {"type": self.type, "question": self.question, "min": self.low, "max": self.high}

    def describe(self):
        return self.text

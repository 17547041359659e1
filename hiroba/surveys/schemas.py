"""What the surveys API reads and writes."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StrictInt, StrictStr

from hiroba.posts.schemas import MAX_PAGE_SIZE
from hiroba.surveys import selectors

# An answer: a choice id (single choice), a list of choice ids (multiple choice), a number
# (scale 1–5, NPS 0–10), a text, or null / absent for an optional question left blank.
AnswerValue = StrictInt | list[StrictInt] | StrictStr | None


class SurveyListParams(Schema):
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    status: str = Field(description="draft, published or closed")
    phase: str = Field(description="draft, scheduled, open or closed (now)")
    is_anonymous: bool
    allow_edit: bool
    is_nps_round: bool
    opens_at: datetime | None
    closes_at: datetime | None
    responded: bool = Field(description="Whether the caller has answered")
    url: str

    @staticmethod
    def resolve_responded(obj) -> bool:
        return bool(getattr(obj, "responded", False))

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("surveys:detail", args=[obj.pk]))


class SurveyPageOut(Schema):
    items: list[SurveyOut]
    next_cursor: str | None


class SurveyChoiceOut(Schema):
    id: int
    text: str


class SurveyQuestionOut(Schema):
    id: int
    kind: str = Field(description="single, multiple, scale, nps, short_text or long_text")
    text: str
    help_text: str
    required: bool
    min: int | None = Field(description="Smallest number (scale and NPS)")
    max: int | None = Field(description="Largest number (scale and NPS)")
    max_length: int | None = Field(description="Longest text (text questions)")
    choices: list[SurveyChoiceOut]
    reason_for: int | None = Field(
        description="The NPS question whose reason this text question asks"
    )

    @staticmethod
    def resolve_min(obj):
        return obj.number_range[0] if obj.number_range else None

    @staticmethod
    def resolve_max(obj):
        return obj.number_range[1] if obj.number_range else None

    @staticmethod
    def resolve_choices(obj):
        return list(obj.choices.all())

    @staticmethod
    def resolve_reason_for(obj):
        return obj.reason_for_id


class SurveyDetailOut(SurveyOut):
    questions: list[SurveyQuestionOut]
    can_answer: bool = Field(description="Whether the caller may send (or change) answers now")
    refusal: str | None = Field(description="Why not, when can_answer is false")
    refusal_code: str | None
    can_edit: bool = Field(description="Whether a response, once sent, can be changed")
    my_answers: dict[str, AnswerValue] | None = Field(
        description="The caller's answers by question id (identified surveys only)"
    )

    @staticmethod
    def resolve_questions(obj):
        return obj.question_list


class ResponseIn(Schema):
    answers: dict[str, AnswerValue] = Field(
        description="Question id → choice id, [choice ids], number or text"
    )


class ResponseOut(Schema):
    survey: int
    submitted: bool
    edited: bool


class NPSOut(Schema):
    score: float | None = Field(
        description="% promoters − % detractors, one decimal, half away from zero; null: no answers"
    )
    total: int
    promoters: int
    passives: int
    detractors: int
    promoter_percent: float | None
    passive_percent: float | None
    detractor_percent: float | None


class BarOut(Schema):
    label: str
    count: int
    percent: float | None
    choice_id: int | None
    number: int | None


class QuestionResultOut(Schema):
    question: int
    kind: str
    text: str
    answered: int
    bars: list[BarOut]
    average: float | None
    nps: NPSOut | None


class ResultsOut(Schema):
    survey: int
    respondents: int
    filter: dict | None
    questions: list[QuestionResultOut]


class RoundOut(Schema):
    survey: int
    title: str
    opens_at: datetime | None
    nps: NPSOut


class NPSSummaryOut(Schema):
    rounds: list[RoundOut] = Field(description="The NPS series, oldest round first")
    latest: NPSOut | None


class ResultParams(Schema):
    q: int | None = Field(None, description="Filter: only respondents who answered question q")
    choice: int | None = Field(None, description="... with this choice")
    number: int | None = Field(None, description="... or with this number")

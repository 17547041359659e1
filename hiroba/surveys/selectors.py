"""Reads for the survey pages, the API and the export: members' lists, results, NPS and its trend.

Results are aggregated by the database (GROUP BY question, choice, number), never by loading
answers into Python: a survey with 100,000 responses costs the same few queries as one with ten.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hiroba.accounts.permissions import is_member
from hiroba.core.generations import Snapshot, bump
from hiroba.core.pagination import Page, keyset_page
from hiroba.core.prepared import values_rows
from hiroba.surveys.audiences import addressed_to, audience_of
from hiroba.surveys.models import (
    Answer,
    Kind,
    Question,
    Respondent,
    Response,
    Status,
    Survey,
)
from hiroba.surveys.nps import DETRACTOR_MAX, NPS, PROMOTER_MIN, nps_from_counts

PAGE_SIZE = 20
TEXT_PAGE_SIZE = 20
HOME_LIMIT = 3


def open_surveys_for(actor, *, now=None) -> QuerySet:
    """Published surveys open now and addressed to ``actor``, each with ``responded``."""
    if not is_member(actor):
        return Survey.objects.none()
    now = now or timezone.now()
    return (
        Survey.objects.filter(status=Status.PUBLISHED, opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .filter(addressed_to(actor))
        .annotate(
            responded=Exists(
                Respondent.objects.filter(survey_id=OuterRef("pk"), member_id=actor.pk)
            )
        )
    )


def list_open_surveys(actor, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """A page of the surveys open to ``actor`` (answered or not), newest opened first."""
    return keyset_page(
        open_surveys_for(actor),
        order=("-opens_at", "-id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


# The home page's box is read from each process's copy of the published surveys that have not
# closed; services that publish, edit or close one call surveys_written in their transaction.
SURVEYS_TOPIC = "surveys"
PUBLISHED_KEPT = 100


def _published_surveys() -> tuple[list[Survey], bool]:
    """The PUBLISHED_KEPT published surveys opened last that have not closed, and whether there
    are more."""
    surveys = list(
        Survey.objects.filter(status=Status.PUBLISHED)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))
        .order_by("-opens_at", "-id")[: PUBLISHED_KEPT + 1]
    )
    return surveys[:PUBLISHED_KEPT], len(surveys) > PUBLISHED_KEPT


_published = Snapshot(_published_surveys, SURVEYS_TOPIC)


def surveys_written() -> None:
    """A survey was published, edited or closed: call in its transaction."""
    bump(SURVEYS_TOPIC)


def surveys_for_home(actor, *, limit: int = HOME_LIMIT) -> list[Survey]:
    """The home page's box: open surveys addressed to ``actor`` not answered yet, the latest
    opened first. No query while none is open; else one for the reader's answers (and one per
    survey for a space's or a segment's audience)."""
    if not is_member(actor):
        return []
    published, more = _published.get()
    if more:
        return list(
            open_surveys_for(actor).filter(responded=False).order_by("-opens_at", "-id")[:limit]
        )
    now = timezone.now()
    open_now = [survey for survey in published if survey.is_open(now)]
    if not open_now:
        return []
    # One statement per process and set of open surveys, the member's id put in.
    open_ids = tuple(survey.pk for survey in open_now)
    answered = {
        row["survey_id"]
        for row in values_rows(
            ("answered of", open_ids),
            lambda member: Respondent.objects.filter(
                member_id=member, survey_id__in=open_ids
            ).values("survey_id"),
            member=actor.pk,
        )
    }
    shown = []
    for survey in open_now:
        if survey.pk not in answered and audience_of(survey).includes(survey, actor):
            shown.append(survey)
            if len(shown) == limit:
                break
    return shown


def list_staff_surveys(*, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """Every survey for the builder's list, newest created first (drafts, open, closed)."""
    return keyset_page(
        Survey.objects.select_related("audience_space"),
        order=("-created_at", "-id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


def get_questions(survey: Survey) -> list[Question]:
    """The survey's questions in order, with their choices (two queries)."""
    return list(
        Question.objects.filter(survey=survey)
        .prefetch_related("choices")
        .order_by("position", "id")
    )


def has_responded(actor, survey: Survey) -> bool:
    return (
        is_member(actor) and Respondent.objects.filter(survey=survey, member_id=actor.pk).exists()
    )


def my_response_values(actor, survey: Survey) -> dict[int, object] | None:
    """One's own answers as {question id: choice id | [choice ids] | number | text}; None when
    there is no response to show (not answered, or anonymous)."""
    if not is_member(actor) or survey.is_anonymous:
        return None
    response = Response.objects.filter(survey=survey, member_id=actor.pk).first()
    if response is None:
        return None
    values: dict[int, object] = {}
    rows = Answer.objects.filter(response=response).select_related("question")
    for answer in rows.order_by("id"):
        question = answer.question
        if question.kind == Kind.MULTIPLE:
            values.setdefault(question.pk, []).append(answer.choice_id)
        elif question.kind == Kind.SINGLE:
            values[question.pk] = answer.choice_id
        elif question.is_number:
            values[question.pk] = answer.number
        else:
            values[question.pk] = answer.text
    return values


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerFilter:
    """ "Respondents who chose X in Q": a choice of a choice question, or a number of a scale."""

    question: Question
    choice_id: int | None = None
    number: int | None = None

    def response_ids(self) -> QuerySet:
        answers = Answer.objects.filter(question=self.question)
        if self.choice_id is not None:
            answers = answers.filter(choice_id=self.choice_id)
        else:
            answers = answers.filter(number=self.number)
        return answers.values("response_id")

    @property
    def label(self) -> str:
        if self.choice_id is not None:
            for choice in self.question.choices.all():
                if choice.pk == self.choice_id:
                    return choice.text
        return str(self.number)

    def as_params(self) -> dict:
        if self.choice_id is not None:
            return {"q": self.question.pk, "choice": self.choice_id}
        return {"q": self.question.pk, "number": self.number}


def make_filter(questions: list[Question], params) -> AnswerFilter | None:
    """An AnswerFilter from ?q=<question>&choice=<id> or &number=<n>; None when not one of this
    survey's questions and answers (an unknown filter shows every respondent)."""
    try:
        question_id = int(params.get("q", ""))
    except (TypeError, ValueError):
        return None
    question = next((q for q in questions if q.pk == question_id), None)
    if question is None:
        return None
    try:
        if question.has_choices:
            choice_id = int(params.get("choice", ""))
            if choice_id in {c.pk for c in question.choices.all()}:
                return AnswerFilter(question, choice_id=choice_id)
        elif question.is_number:
            number = int(params.get("number", ""))
            low, high = question.number_range
            if low <= number <= high:
                return AnswerFilter(question, number=number)
    except (TypeError, ValueError):
        return None
    return None


@dataclass
class Bar:
    label: str
    count: int
    percent: float | None
    choice_id: int | None = None
    number: int | None = None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    average: float | None = None
    nps: NPS | None = None

    def chart(self) -> dict:
        return {"labels": [b.label for b in self.bars], "counts": [b.count for b in self.bars]}


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    questions: list[QuestionResult]
    answer_filter: AnswerFilter | None


def _answers(answer_filter: AnswerFilter | None) -> QuerySet:
    answers = Answer.objects.all()
    if answer_filter is not None:
        answers = answers.filter(response_id__in=answer_filter.response_ids())
    return answers


def _percent(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def get_results(
    survey: Survey, questions: list[Question], answer_filter: AnswerFilter | None = None
) -> SurveyResults:
    """Counts per choice and number, answered per question, averages and NPS: at most three
    GROUP BY queries, each on a covering index (question, choice | number, response)."""
    answers = _answers(answer_filter)
    choice_ids = [q.pk for q in questions if q.has_choices]
    number_ids = [q.pk for q in questions if q.is_number]
    # Multiple choice questions have a row per chosen choice, and text rows have no choice or
    # number: how many answered those is counted apart (the others sum their counts).
    apart_ids = [q.pk for q in questions if q.kind == Kind.MULTIPLE or q.is_text]
    counts: dict[int, dict] = defaultdict(dict)
    if choice_ids:
        rows = (
            answers.filter(question_id__in=choice_ids)
            .values_list("question_id", "choice_id")
            .annotate(n=Count("*"))
            .order_by()
        )
        for question_id, choice_id, n in rows:
            counts[question_id][(choice_id, None)] = n
    if number_ids:
        rows = (
            answers.filter(question_id__in=number_ids)
            .values_list("question_id", "number")
            .annotate(n=Count("*"))
            .order_by()
        )
        for question_id, number, n in rows:
            counts[question_id][(None, number)] = n
    answered = {q: sum(by_key.values()) for q, by_key in counts.items()}
    if apart_ids:
        answered |= dict(
            answers.filter(question_id__in=apart_ids)
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
            .values_list("question_id", "n")
        )
    if answer_filter is None:
        respondents = survey.response_count
    else:
        respondents = (
            Response.objects.filter(survey=survey, pk__in=answer_filter.response_ids())
            .order_by()
            .count()
        )
    results = [_question_result(q, counts.get(q.pk, {}), answered.get(q.pk, 0)) for q in questions]
    return SurveyResults(survey, respondents, results, answer_filter)


def _question_result(question: Question, counts: dict, answered: int) -> QuestionResult:
    result = QuestionResult(question=question, answered=answered)
    if question.has_choices:
        for choice in question.choices.all():
            n = counts.get((choice.pk, None), 0)
            result.bars.append(Bar(choice.text, n, _percent(n, answered), choice_id=choice.pk))
    elif question.is_number:
        low, high = question.number_range
        by_number = {number: n for (_c, number), n in counts.items() if number is not None}
        for number in range(low, high + 1):
            n = by_number.get(number, 0)
            result.bars.append(Bar(str(number), n, _percent(n, answered), number=number))
        total = sum(by_number.values())
        if total:
            result.average = round(sum(k * v for k, v in by_number.items()) / total, 2)
        if question.kind == Kind.NPS:
            result.nps = nps_from_counts(by_number)
    return result


def _nps_counts() -> dict:
    return {
        "promoters": Count("id", filter=Q(number__gte=PROMOTER_MIN)),
        "passives": Count("id", filter=Q(number__gt=DETRACTOR_MAX, number__lt=PROMOTER_MIN)),
        "detractors": Count("id", filter=Q(number__lte=DETRACTOR_MAX)),
    }


def nps_of(question: Question, answer_filter: AnswerFilter | None = None) -> NPS:
    """One NPS question's score, counted by the database (one query)."""
    answers = Answer.objects.filter(question=question, number__isnull=False)
    if answer_filter is not None:
        answers = answers.filter(response_id__in=answer_filter.response_ids())
    return NPS(**answers.aggregate(**_nps_counts()))


@dataclass
class Round:
    survey_id: int
    title: str
    opens_at: datetime
    nps: NPS


def nps_trend(*, until: datetime | None = None) -> list[Round]:
    """NPS per round of the NPS series (published surveys marked is_nps_round), oldest first.

    One GROUP BY over those surveys' NPS answers, read from the covering (question, number)
    index, then the rounds' titles and dates (a round has exactly one NPS question). Rounds
    without answers are left out. ``until``: only the rounds opened before it, counting only
    the responses submitted before it (the NPS as it stood then; an anonymous response keeps
    its day, so it counts up to the end of that day); each answer's response is then read too.
    """
    rounds = Question.objects.filter(
        kind=Kind.NPS,
        survey__is_nps_round=True,
        survey__status__in=[Status.PUBLISHED, Status.CLOSED],
    )
    answers = Answer.objects.filter(number__isnull=False)
    if until is not None:
        rounds = rounds.filter(survey__opens_at__lt=until)
        answers = answers.filter(response__submitted_at__lt=until)
    questions = {
        q["pk"]: q for q in rounds.values("pk", "survey_id", "survey__title", "survey__opens_at")
    }
    if not questions:
        return []
    rows = (
        answers.filter(question_id__in=list(questions))
        .values("question_id")
        .annotate(**_nps_counts())
        .order_by()
    )
    rounds = [
        Round(
            survey_id=questions[row["question_id"]]["survey_id"],
            title=questions[row["question_id"]]["survey__title"],
            opens_at=questions[row["question_id"]]["survey__opens_at"],
            nps=NPS(row["promoters"], row["passives"], row["detractors"]),
        )
        for row in rows
    ]
    return sorted(rounds, key=lambda r: (r.opens_at, r.survey_id))


CATEGORY_RANGES = {
    "promoter": (PROMOTER_MIN, 10),
    "passive": (DETRACTOR_MAX + 1, PROMOTER_MIN - 1),
    "detractor": (0, DETRACTOR_MAX),
}


def nps_reasons(
    reason_question: Question,
    nps_question: Question,
    category: str,
    *,
    cursor: str | None = None,
    size: int = 5,
    answer_filter: AnswerFilter | None = None,
) -> Page:
    """Written reasons of the respondents in one NPS category, newest first (keyset on id).

    Each item is an Answer with ``score``: the same response's NPS answer. The reasons are walked
    newest first on the text index, kept when their response is in the category (a list the
    database builds once from the covering number index); the score is looked up for the rows
    shown only.
    """
    low, high = CATEGORY_RANGES[category]
    in_category = Answer.objects.filter(
        question_id=nps_question.pk, number__gte=low, number__lte=high
    ).values("response_id")
    score = Answer.objects.filter(
        response_id=OuterRef("response_id"), question_id=nps_question.pk
    ).values("number")[:1]
    answers = (
        Answer.objects.filter(question=reason_question, response_id__in=in_category)
        .exclude(text="")
        .annotate(score=Subquery(score))
    )
    if answer_filter is not None:
        answers = answers.filter(response_id__in=answer_filter.response_ids())
    return _keyset(answers, cursor, size)


def text_answers(
    question: Question,
    *,
    cursor: str | None = None,
    size: int = TEXT_PAGE_SIZE,
    answer_filter: AnswerFilter | None = None,
) -> Page:
    """A text question's answers, newest first, keyset on id."""
    answers = Answer.objects.filter(question=question).exclude(text="")
    if answer_filter is not None:
        answers = answers.filter(response_id__in=answer_filter.response_ids())
    return _keyset(answers, cursor, size)


def _keyset(answers: QuerySet, cursor: str | None, size: int) -> Page:
    return keyset_page(
        answers.only("id", "text", "response_id"),
        order=("-id",),
        kinds=(int,),
        cursor=cursor,
        size=size,
    )


# --- export -----------------------------------------------------------------------------------

EXPORT_CHUNK = 1000
_RESPONSE_FIELDS = ("id", "submitted_at", "updated_at", "member_id", "member__handle")


def iter_responses(survey: Survey, *, chunk: int | None = None) -> Iterator[tuple[dict, dict]]:
    """Every response of ``survey`` with its answers, ``chunk`` responses at a time (two queries
    per chunk): (response values, {question id: [(choice id, number, text)]}).

    Identified surveys come in id order. Anonymous ones come by day, and within a day in the order
    of a keyed hash of the id, so that the rows do not follow the order members answered in (which
    their activity could tell).
    """
    chunk = chunk or EXPORT_CHUNK
    if survey.is_anonymous:
        for ids in _anonymous_batches(survey, chunk):
            responses = Response.objects.filter(pk__in=ids).values(*_RESPONSE_FIELDS)
            by_id = {r["id"]: r for r in responses}
            yield from _with_answers([by_id[pk] for pk in ids if pk in by_id])
        return
    last = 0
    while True:
        responses = list(
            Response.objects.filter(survey=survey, id__gt=last)
            .order_by("id")
            .values(*_RESPONSE_FIELDS)[:chunk]
        )
        if not responses:
            return
        yield from _with_answers(responses)
        last = responses[-1]["id"]


def _with_answers(responses: list[dict]) -> Iterator[tuple[dict, dict]]:
    answers: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    # No join and no ORDER BY: the caller puts choices in their order from the questions.
    rows = Answer.objects.filter(response_id__in=[r["id"] for r in responses]).values_list(
        "response_id", "question_id", "choice_id", "number", "text"
    )
    for response_id, question_id, choice_id, number, text in rows:
        answers[response_id][question_id].append((choice_id, number, text))
    for response in responses:
        yield response, answers.get(response["id"], {})


def anonymous_order_key(survey_id: int, response_id: int) -> bytes:
    """Where a response of an anonymous survey sorts within its day: a hash keyed with the
    secret key, so that the order says nothing about when it was sent."""
    return salted_hmac("hiroba.surveys.export", f"{survey_id}:{response_id}").digest()


def _anonymous_batches(survey: Survey, chunk: int) -> Iterator[list[int]]:
    """The ids of an anonymous survey's responses in export order, ``chunk`` at a time; only one
    day's ids are held at once."""
    rows = (
        Response.objects.filter(survey=survey)
        .order_by("submitted_at", "id")
        .values_list("submitted_at", "id")
        .iterator(chunk_size=chunk)
    )
    for _day, group in groupby(rows, key=itemgetter(0)):
        ids = sorted((pk for _when, pk in group), key=lambda pk: anonymous_order_key(survey.pk, pk))
        for start in range(0, len(ids), chunk):
            yield ids[start : start + chunk]

"""Surveys built by staff, answered by their audience; NPS and its trend.

Members list the surveys open to them, read one and send (or change) their response. Staff read
results and the NPS series. The same services and rules as the pages: a second response is 409,
answers outside the audience, before the opening or after the close are 403 with a code.
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from hiroba.accounts.permissions import require_login
from hiroba.core.api.body import JsonBody
from hiroba.core.api.params import MAX_ID
from hiroba.core.api.schemas import ERRORS, ErrorOut
from hiroba.surveys import selectors, services
from hiroba.surveys.permissions import (
    access_survey,
    access_survey_for_staff,
    answer_refusal,
    can_edit_response,
    require_survey_staff,
)
from hiroba.surveys.schemas import (
    NPSSummaryOut,
    ResponseIn,
    ResponseOut,
    ResultParams,
    ResultsOut,
    SurveyDetailOut,
    SurveyListParams,
    SurveyPageOut,
)

router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
WRITE_ERRORS = {**ERRORS, 409: ErrorOut}


@router.get("", response={200: SurveyPageOut, **ERRORS}, summary="Surveys open to me")
def list_surveys(request: HttpRequest, params: Query[SurveyListParams]):
    actor = request.auth
    require_login(actor)
    page = selectors.list_open_surveys(actor, cursor=params.cursor, size=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/nps",
    response={200: NPSSummaryOut, **ERRORS},
    summary="The NPS series: the score of each round, oldest first (staff)",
)
def nps_summary(request: HttpRequest):
    require_survey_staff(request.auth)
    rounds = selectors.nps_trend()
    return {
        "rounds": [
            {
                "survey": r.survey_id,
                "title": r.title,
                "opens_at": r.opens_at,
                "nps": r.nps.as_dict(),
            }
            for r in rounds
        ],
        "latest": rounds[-1].nps.as_dict() if rounds else None,
    }


@router.get("/{survey_id}", response={200: SurveyDetailOut, **ERRORS}, summary="A survey")
def get_survey(request: HttpRequest, survey_id: Id):
    actor = request.auth
    survey = access_survey(actor, survey_id)
    return _detail(actor, survey)


def _detail(actor, survey):
    responded = selectors.has_responded(actor, survey)
    refusal = answer_refusal(actor, survey)
    editable = can_edit_response(survey)
    mine = selectors.my_response_values(actor, survey) if responded else None
    survey.responded = responded
    survey.question_list = selectors.get_questions(survey)
    survey.can_answer = refusal is None and (not responded or editable)
    survey.refusal = refusal.message if refusal else None
    survey.refusal_code = refusal.code if refusal else None
    survey.can_edit = editable
    survey.my_answers = {str(k): v for k, v in mine.items()} if mine is not None else None
    return survey


@router.post(
    "/{survey_id}/response",
    response={201: ResponseOut, **WRITE_ERRORS},
    summary="Send my answers (once; 409 if already answered)",
)
def submit_response(request: HttpRequest, survey_id: Id, payload: JsonBody[ResponseIn]):
    actor = request.auth
    require_login(actor)
    survey = access_survey(actor, survey_id)
    services.submit_response(actor=actor, survey=survey, answers=payload.answers)
    return Status(201, {"survey": survey.pk, "submitted": True, "edited": False})


@router.put(
    "/{survey_id}/response",
    response={200: ResponseOut, **WRITE_ERRORS},
    summary="Change my answers (until the close, where the survey allows it)",
)
def change_response(request: HttpRequest, survey_id: Id, payload: JsonBody[ResponseIn]):
    actor = request.auth
    require_login(actor)
    survey = access_survey(actor, survey_id)
    services.change_response(actor=actor, survey=survey, answers=payload.answers)
    return {"survey": survey.pk, "submitted": True, "edited": True}


@router.get(
    "/{survey_id}/results",
    response={200: ResultsOut, **ERRORS},
    summary="Results: counts per answer, averages, NPS; optionally of one answer's respondents",
)
def survey_results(request: HttpRequest, survey_id: Id, params: Query[ResultParams]):
    survey = access_survey_for_staff(request.auth, survey_id)
    questions = selectors.get_questions(survey)
    given = {k: v for k, v in params.dict().items() if v is not None}
    answer_filter = selectors.make_filter(questions, given) if given else None
    found = selectors.get_results(survey, questions, answer_filter)
    return {
        "survey": survey.pk,
        "respondents": found.respondents,
        "filter": answer_filter.as_params() if answer_filter else None,
        "questions": [
            {
                "question": r.question.pk,
                "kind": r.question.kind,
                "text": r.question.text,
                "answered": r.answered,
                "bars": r.bars,
                "average": r.average,
                "nps": r.nps.as_dict() if r.nps else None,
            }
            for r in found.questions
        ],
    }

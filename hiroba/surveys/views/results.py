"""Results (staff): counts and charts per question, NPS with its reasons and trend, free text,
a filter by one answer, and the CSV export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hiroba.surveys import selectors, services
from hiroba.surveys.export import stream_csv
from hiroba.surveys.models import Kind, Status
from hiroba.surveys.permissions import access_survey_for_staff

REASON_PREVIEW = 5
TEXT_PREVIEW = 5
CATEGORIES = ("promoter", "passive", "detractor")


def _results_survey(request, survey_id):
    survey = access_survey_for_staff(request.user, survey_id)
    if survey.status == Status.DRAFT:
        raise Http404("A draft has no results")
    return survey


@login_required
@require_GET
def results(request, survey_id):
    survey = _results_survey(request, survey_id)
    questions = selectors.get_questions(survey)
    answer_filter = selectors.make_filter(questions, request.GET)
    found = selectors.get_results(survey, questions, answer_filter)
    by_id = {q.pk: q for q in questions}
    charts = {}
    for result in found.questions:
        question = result.question
        if question.has_choices or question.is_number:
            charts[f"chart-{question.pk}"] = result.chart()
        if question.is_text:
            result.texts = selectors.text_answers(
                question, size=TEXT_PREVIEW, answer_filter=answer_filter
            )
        if question.kind == Kind.NPS:
            reason = next((q for q in questions if q.reason_for_id == question.pk), None)
            result.reason_question = reason
            result.reasons = (
                [
                    (
                        category,
                        selectors.nps_reasons(
                            reason,
                            question,
                            category,
                            size=REASON_PREVIEW,
                            answer_filter=answer_filter,
                        ),
                    )
                    for category in CATEGORIES
                ]
                if reason
                else []
            )
    trend = selectors.nps_trend() if survey.is_nps_round else []
    if trend:
        charts["nps-trend"] = {
            "labels": [r.title for r in trend],
            "scores": [float(r.nps.score) for r in trend],
        }
    context = {
        "survey": survey,
        "results": found,
        "answer_filter": answer_filter,
        "charts": charts,
        "trend": trend,
        "questions_by_id": by_id,
        "filter_params": answer_filter.as_params() if answer_filter else {},
    }
    return render(request, "surveys/manage/results.html", context)


@login_required
@require_GET
def text_list(request, survey_id, question_id):
    """All answers of one text question (or one NPS category's reasons), newest first, a page at
    a time; htmx asks for the next page."""
    survey = _results_survey(request, survey_id)
    questions = selectors.get_questions(survey)
    question = next((q for q in questions if q.pk == question_id and q.is_text), None)
    if question is None:
        raise Http404("No such question")
    answer_filter = selectors.make_filter(questions, request.GET)
    category = request.GET.get("category")
    nps_question = next((q for q in questions if q.pk == question.reason_for_id), None)
    if category in CATEGORIES and nps_question is not None:
        page = selectors.nps_reasons(
            question,
            nps_question,
            category,
            cursor=request.GET.get("cursor"),
            size=selectors.TEXT_PAGE_SIZE,
            answer_filter=answer_filter,
        )
    else:
        category = None
        page = selectors.text_answers(
            question, cursor=request.GET.get("cursor"), answer_filter=answer_filter
        )
    context = {
        "survey": survey,
        "question": question,
        "page": page,
        "category": category,
        "answer_filter": answer_filter,
        "filter_params": answer_filter.as_params() if answer_filter else {},
    }
    if request.htmx and request.GET.get("cursor"):
        return render(request, "surveys/manage/_text_page.html", context)
    return render(request, "surveys/manage/texts.html", context)


@login_required
@require_GET
def export(request, survey_id):
    """Every response as CSV, streamed; the export itself is audited before the first byte."""
    survey = _results_survey(request, survey_id)
    services.record_export(actor=request.user, survey=survey)
    questions = selectors.get_questions(survey)
    # The header and the time zone are taken now: the body is produced after this view returns.
    body = stream_csv(survey, questions, zone=timezone.get_current_timezone())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response

"""Members' pages: the surveys open to them, and answering one (or changing the answers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hiroba.core.errors import Refused
from hiroba.surveys import selectors, services
from hiroba.surveys.answers import field_name
from hiroba.surveys.audiences import audience_of
from hiroba.surveys.models import Kind
from hiroba.surveys.permissions import (
    access_survey,
    answer_refusal,
    can_edit_response,
    is_survey_staff,
)


@login_required
@require_GET
def survey_list(request):
    page = selectors.list_open_surveys(request.user, cursor=request.GET.get("cursor"))
    context = {"page": page}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "surveys/_list_page.html", context)
    return render(request, "surveys/list.html", context)


@login_required
def survey_detail(request, survey_id):
    survey = access_survey(request.user, survey_id)
    questions = selectors.get_questions(survey)
    responded = selectors.has_responded(request.user, survey)
    if request.method != "POST":
        return _page(request, survey, questions, responded)
    raw = {
        q.pk: request.POST.getlist(field_name(q))
        if q.kind == Kind.MULTIPLE
        else request.POST.get(field_name(q), "")
        for q in questions
    }
    editing = responded and can_edit_response(survey)
    try:
        if editing:
            services.change_response(actor=request.user, survey=survey, answers=raw)
        else:
            services.submit_response(actor=request.user, survey=survey, answers=raw)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return _page(request, survey, questions, responded, values=raw, errors=errors, status=422)
    except Refused as refusal:
        return _page(
            request,
            survey,
            questions,
            responded,
            values=raw,
            refusal=refusal,
            status=refusal.status,
        )
    messages.success(
        request, _("Your answers are changed.") if editing else _("Thank you for answering!")
    )
    return redirect("surveys:detail", survey_id=survey.pk)


def _page(
    request,
    survey,
    questions,
    responded: bool,
    *,
    values=None,
    errors=None,
    refusal=None,
    status=200,
):
    user = request.user
    staff = is_survey_staff(user)
    editable = responded and can_edit_response(survey)
    refusal = refusal or answer_refusal(user, survey)
    mine = None
    if responded and not survey.is_anonymous:
        mine = selectors.my_response_values(user, survey)
    if values is None and editable:
        values = mine
    # Staff see a draft's questions as members will, without a way to send them.
    preview = survey.is_draft and staff
    show_form = preview or (refusal is None and (not responded or editable))
    if refusal is not None and refusal.code == "not_in_audience" and status == 200:
        status = 403
    context = {
        "survey": survey,
        "items": _items(questions, values or {}, errors or {}),
        "answered": _answered(questions, mine) if mine and not show_form else None,
        "responded": responded,
        "editable": editable,
        "show_form": show_form,
        "preview": preview,
        # A draft's "not published yet" says nothing new beside the preview note.
        "refusal": None if preview and refusal and refusal.code == "not_published" else refusal,
        "form_errors": (errors or {}).get("__all__", []),
        # Staff see the space's name; others only a space they can see.
        "audience": audience_of(survey).describe(survey, None if staff else user),
        "is_staff": staff,
    }
    return render(request, "surveys/detail.html", context, status=status)


def _as_strings(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _items(questions, values: dict, errors: dict) -> list[dict]:
    """What the template needs per question: its field name, the chosen values, its errors."""
    items = []
    for number, question in enumerate(questions, start=1):
        chosen = _as_strings(values.get(question.pk))
        low_high = question.number_range
        items.append(
            {
                "number": number,
                "question": question,
                "name": field_name(question),
                "chosen": chosen,
                "text": chosen[0] if chosen and question.is_text else "",
                "numbers": [str(n) for n in range(low_high[0], low_high[1] + 1)]
                if low_high
                else [],
                "errors": errors.get(field_name(question), []),
            }
        )
    return items


def _answered(questions, mine: dict) -> list[tuple]:
    """One's own answers to show read-only: (question, shown text)."""
    shown = []
    for question in questions:
        value = mine.get(question.pk)
        if question.has_choices:
            ids = set(value if isinstance(value, list) else [value])
            text = ", ".join(c.text for c in question.choices.all() if c.pk in ids)
        else:
            text = "" if value is None else str(value)
        shown.append((question, text))
    return shown

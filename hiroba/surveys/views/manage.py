"""The builder (staff): list, create, edit settings and questions, publish, extend, close.

Thin: each POST calls one service; a refusal or a validation error shows on the same page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hiroba.core.errors import Refused
from hiroba.core.forms import handle_form
from hiroba.surveys import selectors, services
from hiroba.surveys.audiences import audience_of
from hiroba.surveys.forms import CloseDateForm, PublishForm, QuestionForm, SurveyForm
from hiroba.surveys.models import Kind, Status
from hiroba.surveys.permissions import access_survey_for_staff, is_survey_staff


def _require_staff(request) -> None:
    if not is_survey_staff(request.user):
        raise Http404("No such page")


@login_required
@require_GET
def manage_list(request):
    _require_staff(request)
    page = selectors.list_staff_surveys(cursor=request.GET.get("cursor"))
    # Who each survey asks, in a few words (no query beyond the list's: audiences.py).
    for survey in page.items:
        survey.audience_label = audience_of(survey).short_label(survey)
    context = {"page": page}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "surveys/manage/_list_page.html", context)
    return render(request, "surveys/manage/list.html", context)


def _settings(form: SurveyForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "audience_kind": data["audience_kind"],
        "audience_space": data["audience_space"],
        "audience_target_id": data["audience_target_id"],
        "is_anonymous": data["is_anonymous"],
        "allow_edit": data["allow_edit"],
        "is_nps_round": data["is_nps_round"],
    }


@login_required
def manage_new(request):
    _require_staff(request)
    form = SurveyForm(request.POST or None, initial={"audience_kind": "all"})

    def created(survey):
        messages.success(request, _("The draft is saved. Now add its questions."))
        return redirect("surveys:manage_edit", survey_id=survey.pk)

    return handle_form(
        form,
        act=lambda _data: services.create_survey(actor=request.user, **_settings(form)),
        done=created,
        page=lambda status: render(
            request, "surveys/manage/new.html", {"form": form}, status=status
        ),
    )


def _survey_initial(survey) -> dict:
    return {
        "title": survey.title,
        "description": survey.description,
        "audience_kind": survey.audience_kind,
        "audience_space": survey.audience_space_id,
        "audience_target": (
            f"{survey.audience_kind}:{survey.audience_target_id}"
            if survey.audience_target_id is not None
            else ""
        ),
        "is_anonymous": survey.is_anonymous,
        "allow_edit": survey.allow_edit,
        "is_nps_round": survey.is_nps_round,
    }


def _question_form(question, published: bool) -> QuestionForm:
    return QuestionForm(
        initial={
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "choices": "\n".join(c.text for c in question.choices.all()),
            "is_reason": question.reason_for_id is not None,
        },
        prefix=f"q{question.pk}",
        published=published,
        editing=True,
        kind=question.kind,
    )


@login_required
def manage_edit(request, survey_id):
    survey = access_survey_for_staff(request.user, survey_id)
    published = survey.status != Status.DRAFT
    form = SurveyForm(request.POST or None, initial=_survey_initial(survey), published=published)
    return handle_form(
        form,
        act=lambda _data: services.update_survey(
            actor=request.user, survey=survey, **_settings(form)
        ),
        done=lambda _survey: _saved(request, survey, _("The survey is saved.")),
        page=lambda status: _builder(request, survey, settings_form=form, status=status),
    )


def _saved(request, survey, message: str, *, to: str | None = None):
    """A change to the survey is saved: back to the builder (at ``to``), saying so."""
    messages.success(request, message)
    return redirect(to or reverse("surveys:manage_edit", args=[survey.pk]))


def _builder(request, survey, *, settings_form=None, add_form=None, edit_forms=None,
             publish_form=None, close_form=None, status=200):  # fmt: skip
    published = survey.status != Status.DRAFT
    questions = selectors.get_questions(survey)
    edit_forms = edit_forms or {}
    rows = [
        (question, edit_forms.get(question.pk) or _question_form(question, published))
        for question in questions
    ]
    context = {
        "survey": survey,
        "published": published,
        "audience": audience_of(survey).describe(survey),
        "settings_form": settings_form
        or SurveyForm(initial=_survey_initial(survey), published=published),
        "rows": rows,
        "add_form": add_form or QuestionForm(prefix="new", initial={"kind": Kind.SINGLE}),
        "publish_form": publish_form or PublishForm(),
        "close_form": close_form or CloseDateForm(initial={"closes_at": survey.closes_at}),
        "has_nps": any(q.kind == Kind.NPS for q in questions),
    }
    return render(request, "surveys/manage/edit.html", context, status=status)


def _nps_question(survey):
    return survey.questions.filter(kind=Kind.NPS).order_by("position", "id").first()


@login_required
@require_POST
def question_add(request, survey_id):
    survey = access_survey_for_staff(request.user, survey_id)
    form = QuestionForm(request.POST, prefix="new")
    return handle_form(
        form,
        act=lambda data: services.add_question(
            actor=request.user,
            survey=survey,
            kind=data["kind"],
            text=data["text"],
            help_text=data["help_text"],
            required=data["required"],
            choices=form.choice_lines(),
            reason_for=_nps_question(survey) if data["is_reason"] else None,
        ),
        done=lambda _question: _saved(request, survey, _("The question is added.")),
        page=lambda status: _builder(request, survey, add_form=form, status=status),
    )


def _question(survey, question_id):
    question = survey.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404("No such question")
    question.survey = survey
    return question


@login_required
@require_POST
def question_edit(request, survey_id, question_id):
    survey = access_survey_for_staff(request.user, survey_id)
    question = _question(survey, question_id)
    published = survey.status != Status.DRAFT
    form = QuestionForm(
        request.POST,
        prefix=f"q{question.pk}",
        published=published,
        editing=True,
        kind=question.kind,
        initial={"kind": question.kind, "required": question.required,
                 "is_reason": question.reason_for_id is not None},
    )  # fmt: skip
    return handle_form(
        form,
        act=lambda data: services.update_question(
            actor=request.user,
            question=question,
            text=data["text"],
            help_text=data["help_text"],
            required=None if published else data["required"],
            choices=form.choice_lines(),
            reason_for=_nps_question(survey) if data.get("is_reason") else None,
        ),
        done=lambda _question: _saved(
            request, survey, _("The question is saved."), to=_anchor(survey, question)
        ),
        page=lambda status: _builder(
            request, survey, edit_forms={question.pk: form}, status=status
        ),
    )


def _anchor(survey, question) -> str:
    return reverse("surveys:manage_edit", args=[survey.pk]) + f"#question-{question.pk}"


@login_required
@require_POST
def question_move(request, survey_id, question_id):
    survey = access_survey_for_staff(request.user, survey_id)
    question = _question(survey, question_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.move_question(actor=request.user, question=question, offset=offset)
    return redirect(_anchor(survey, question))


@login_required
@require_POST
def question_remove(request, survey_id, question_id):
    survey = access_survey_for_staff(request.user, survey_id)
    question = _question(survey, question_id)
    services.remove_question(actor=request.user, question=question)
    messages.success(request, _("The question is removed."))
    return redirect("surveys:manage_edit", survey_id=survey.pk)


@login_required
@require_POST
def publish(request, survey_id):
    survey = access_survey_for_staff(request.user, survey_id)
    form = PublishForm(request.POST)
    return handle_form(
        form,
        act=lambda data: services.publish_survey(
            actor=request.user,
            survey=survey,
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
        ),
        done=lambda _survey: _saved(request, survey, _("The survey is published.")),
        page=lambda status: _builder(request, survey, publish_form=form, status=status),
    )


@login_required
@require_POST
def close_date(request, survey_id):
    survey = access_survey_for_staff(request.user, survey_id)
    form = CloseDateForm(request.POST)
    return handle_form(
        form,
        act=lambda data: services.change_close_date(
            actor=request.user, survey=survey, closes_at=data["closes_at"]
        ),
        done=lambda _survey: _saved(request, survey, _("The close date is changed.")),
        page=lambda status: _builder(request, survey, close_form=form, status=status),
    )


@login_required
@require_POST
def close(request, survey_id):
    survey = access_survey_for_staff(request.user, survey_id)
    try:
        services.close_survey(actor=request.user, survey=survey)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The survey is closed. Its results stay available."))
    return redirect("surveys:manage_edit", survey_id=survey.pk)

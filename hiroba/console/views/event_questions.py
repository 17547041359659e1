"""Console: the questions of an event's application form. Staff edit them all at once (a formset:
add, edit, reorder, remove) and set_event_questions replaces them; once anyone has applied, the
answers name the questions, so the page only shows them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hiroba.console.context import console_context
from hiroba.console.decorators import events_view
from hiroba.console.event_forms import QuestionForm, QuestionFormSet
from hiroba.console.views.events import event_or_404
from hiroba.core.errors import Refused
from hiroba.events.questions import event_questions as list_questions
from hiroba.events.questions import questions_fixed
from hiroba.events.services import set_event_questions

PREFIX = "q"


def _page(request, event, questions, *, formset=None, fixed="", errors=(), status=200):
    return render(
        request,
        "console/events/questions.html",
        console_context(
            request,
            "events",
            event=event,
            questions=questions,
            formset=formset,
            fixed=fixed,
            page_errors=list(errors),
        ),
        status=status,
    )


def _show_errors(formset, error: ValidationError) -> list[str]:
    """Put the service's errors (``questions.<index>.<field>``, indexes in the order sent) beside
    the fields of the form each came from; return those that belong to no form."""
    if not hasattr(error, "error_dict"):
        return error.messages
    sent = formset.questions()
    rest = []
    for key, field_messages in error.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "questions" and parts[1].isdigit():
            index, field = int(parts[1]), parts[2]
            if index < len(sent):
                form = sent[index]
                form.add_error(field if field in form.fields else None, field_messages)
                continue
        rest.extend(field_messages)
    return rest


@require_http_methods(["GET", "POST"])
@events_view
def event_questions(request, event_id: int):
    event = event_or_404(event_id)
    questions = list_questions(event)
    fixed = questions_fixed(event)
    if fixed:
        # Shown, not edited. A POST still gets the reason, with the refusal's status.
        status = 200
        if request.method == "POST":
            status = 403 if fixed == "has_applications" else 422
        return _page(request, event, questions, fixed=fixed, status=status)

    if request.method == "POST":
        formset = QuestionFormSet(request.POST, prefix=PREFIX)
    else:
        formset = QuestionFormSet(
            initial=[QuestionForm.initial_from(q) for q in questions], prefix=PREFIX
        )
    if request.method == "GET" or not formset.is_valid():
        status = 422 if formset.is_bound else 200
        return _page(request, event, questions, formset=formset, status=status)

    try:
        saved = set_event_questions(
            actor=request.user,
            event=event,
            questions=[form.as_question() for form in formset.questions()],
        )
    except Refused as refused:
        if refused.code != "has_applications":
            raise
        # Someone applied while the form was open: the page turns read-only.
        return _page(
            request,
            event,
            list_questions(event),
            fixed=refused.code,
            errors=[refused.message],
            status=refused.status,
        )
    except ValidationError as error:
        errors = _show_errors(formset, error)
        if getattr(error, "code", None) == "not_editable":
            return _page(request, event, questions, fixed="not_editable", errors=errors, status=422)
        return _page(request, event, questions, formset=formset, errors=errors, status=422)
    messages.success(
        request,
        _("The questions are saved. Questions on the application form: %(count)d.")
        % {"count": len(saved)},
    )
    return redirect("console:event_questions", event.pk)


urlpatterns = [
    path("events/<int:event_id>/questions", event_questions, name="event_questions"),
]

"""The questions on an event's application form, and the answers to them.

The kinds are the surveys' (single and multiple choice, scale, NPS, short and long text), and so
are the rules an answer must meet: ``hiroba.surveys.answers.clean_value`` checks each one, so a
survey and an event refuse the same answers with the same messages. Events keep the answers on
the application, as ``{"<question id>": value}``: the choice id, a list of choice ids, the
number or the text; blank optional answers are left out.

The page's form takes ``answer_fields(event)`` (fields named ``q<question id>``, the names
the errors of ``clean_answers`` use too); the API sends the answers by question id. Both reach
``services.apply_to_event``, which calls ``clean_answers``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hiroba.events.models import Application, Event, EventQuestion, EventStatus
from hiroba.surveys.answers import as_int, clean_value
from hiroba.surveys.models import NUMBER_RANGES, TEXT_LIMITS, Kind

MAX_QUESTIONS = 20


def event_questions(event: Event) -> list[EventQuestion]:
    return list(EventQuestion.objects.filter(event=event).order_by("position", "id"))


def questions_fixed(event: Event) -> str:
    """Why the event's questions can no longer change, as a code ("" while they can): the event
    is over for good ("not_editable"), or someone applied ("has_applications", cancelled
    applications too: their answers name the questions and choices by id)."""
    if event.status in (EventStatus.CANCELLED, EventStatus.ARCHIVED):
        return "not_editable"
    if Application.objects.filter(event=event).exists():
        return "has_applications"
    return ""


def field_name(question: EventQuestion) -> str:
    return f"q{question.pk}"


def _question_key(key) -> int | None:
    """A question id from an API key ("12", 12) or a form field's name ("q12")."""
    if isinstance(key, str) and key.startswith("q"):
        key = key[1:]
    return as_int(key)


def clean_answers(event: Event, raw, questions: list[EventQuestion] | None = None) -> dict:
    """The answers to ``event``'s questions in their stored form, or one ValidationError whose
    messages are keyed by field name (``q<id>``; ``__all__`` for keys that name no question)."""
    questions = event_questions(event) if questions is None else questions
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ValidationError({"answers": [_("Send the answers as an object.")]}, code="invalid")
    by_id = {q.pk: q for q in questions}
    values: dict[int, object] = {}
    # Lists of ValidationError, not of strings: each message keeps its code.
    errors: dict[str, list[ValidationError]] = {}
    for key, value in raw.items():
        question_id = _question_key(key)
        if question_id not in by_id:
            errors.setdefault("__all__", []).append(
                ValidationError(
                    _("%(key)s is not a question of this event.") % {"key": str(key)[:20]},
                    code="unknown_question",
                )
            )
            continue
        values[question_id] = value
    answers: dict[str, object] = {}
    for question in questions:
        try:
            value = clean_value(
                kind=question.kind,
                required=question.required,
                choice_ids=question.choice_ids,
                value=values.get(question.pk),
            )
        except ValidationError as error:
            errors[field_name(question)] = error.error_list
            continue
        if value is not None:
            answers[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    return answers


def answer_fields(
    event: Event, questions: list[EventQuestion] | None = None
) -> dict[str, forms.Field]:
    """Form fields for the event's questions, by name (``q<id>``), in order. What they clean is
    checked again by ``clean_answers`` in the service, the one judge; they render and parse."""
    questions = event_questions(event) if questions is None else questions
    return {field_name(q): _field(q) for q in questions}


def _field(question: EventQuestion) -> forms.Field:
    common = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
    }
    if question.kind == Kind.SINGLE:
        return forms.TypedChoiceField(
            choices=list(question.choice_ids.items()),
            coerce=int,
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == Kind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=list(question.choice_ids.items()),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if question.kind in NUMBER_RANGES:
        low, high = NUMBER_RANGES[question.kind]
        return forms.TypedChoiceField(
            choices=[(n, str(n)) for n in range(low, high + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    widget = forms.Textarea(attrs={"rows": 4}) if question.kind == Kind.LONG_TEXT else None
    return forms.CharField(max_length=TEXT_LIMITS[question.kind], widget=widget, **common)


def answers_from_form(cleaned_data: dict, questions: list[EventQuestion]) -> dict:
    """A form's cleaned data as the answers ``apply_to_event`` takes (by question id)."""
    return {str(q.pk): cleaned_data.get(field_name(q)) for q in questions}


def answer_labels(question: EventQuestion, value) -> str:
    """An answer as people read it: the choices' texts, the number or the text."""
    if value is None:
        return ""
    if question.kind == Kind.SINGLE:
        return question.choice_ids.get(value, "")
    if question.kind == Kind.MULTIPLE:
        return ", ".join(question.choice_ids.get(pk, "") for pk in value)
    return str(value)

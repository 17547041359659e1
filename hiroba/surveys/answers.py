"""Checking a member's answers against the survey's questions, whatever door they came in by.

The page sends strings from a form, the API sends JSON numbers, lists and strings; both arrive
here as {question id: value} and leave as unsaved Answer rows, or as a ValidationError whose keys
are the form's field names ("q<question id>").
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiroba.surveys.models import NUMBER_RANGES, TEXT_LIMITS, Answer, Kind, Question


def field_name(question: Question) -> str:
    return f"q{question.pk}"


# ASCII digits only, and few enough for a bigint: str.isdigit() also accepts "²" and "١", which
# int() refuses, and a 5,000-digit string passes Python's limit for int().
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_LIMIT = 10**18


def as_int(value) -> int | None:
    """An int from a JSON int or a decimal string, or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -_LIMIT < value < _LIMIT else None
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER.fullmatch(text):
            return int(text)
    return None


def _is_empty(value) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def clean_answers(questions: list[Question], raw: dict) -> list[Answer]:
    """Unsaved Answer rows (without response) for ``raw``, or a ValidationError naming each field.

    ``questions`` come with their choices prefetched. Keys of ``raw`` may be ints or digit strings;
    a key that is not a question of this survey is refused.
    """
    by_id = {q.pk: q for q in questions}
    values: dict[int, object] = {}
    errors: dict[str, list[str]] = {}
    for key, value in raw.items():
        question_id = as_int(key)
        if question_id not in by_id:
            errors.setdefault("__all__", []).append(
                _("%(key)s is not a question of this survey.") % {"key": str(key)[:20]}
            )
            continue
        values[question_id] = value
    rows: list[Answer] = []
    for question in questions:
        value = values.get(question.pk)
        try:
            rows.extend(_clean_one(question, value))
        except ValidationError as error:
            errors[field_name(question)] = error.messages
    if errors:
        raise ValidationError(errors)
    return rows


def _clean_one(question: Question, value) -> list[Answer]:
    choices = {c.pk: c for c in question.choices.all()} if question.has_choices else {}
    cleaned = clean_value(
        kind=question.kind, required=question.required, choice_ids=choices, value=value
    )
    if cleaned is None:
        return []
    make = lambda **fields: Answer(survey_id=question.survey_id, question=question, **fields)  # noqa: E731
    if question.kind == Kind.SINGLE:
        return [make(choice=choices[cleaned])]
    if question.kind == Kind.MULTIPLE:
        return [make(choice=choices[pk]) for pk in cleaned]
    if question.is_number:
        return [make(number=cleaned)]
    return [make(text=cleaned)]


def clean_value(*, kind: str, required: bool, choice_ids, value):
    """One answer to a question of ``kind``, checked and in its normal form, or a ValidationError.

    The rules of every question kind, apart from where answers are stored: surveys keep Answer
    rows, events keep the values on the application. Returns None for a blank optional answer,
    the choice id (single choice), the choice ids in the order given without repeats (multiple
    choice), the number (scale, NPS) or the text. ``choice_ids`` are the question's choices.
    """
    if _is_empty(value):
        if required:
            raise ValidationError(_("Please answer this question."), code="required")
        return None
    if kind == Kind.SINGLE:
        if isinstance(value, list):
            if len(value) != 1:
                raise ValidationError(_("Choose exactly one answer."), code="one_choice")
            value = value[0]
        return _choice(choice_ids, value)
    if kind == Kind.MULTIPLE:
        items = value if isinstance(value, list | tuple) else [value]
        chosen: list[int] = []
        for item in items:
            pk = _choice(choice_ids, item)
            if pk not in chosen:
                chosen.append(pk)
        return chosen
    if kind in NUMBER_RANGES:
        low, high = NUMBER_RANGES[kind]
        number = as_int(value)
        if number is None or not low <= number <= high:
            raise ValidationError(
                _("Choose a number from %(low)s to %(high)s.") % {"low": low, "high": high},
                code="out_of_range",
            )
        return number
    if not isinstance(value, str):
        raise ValidationError(_("Write your answer as text."), code="not_text")
    text = value.replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise ValidationError(_("The answer contains a character that cannot be saved."))
    limit = TEXT_LIMITS[kind]
    if kind == Kind.SHORT_TEXT and "\n" in text:
        text = " ".join(text.split("\n"))
    if len(text) > limit:
        raise ValidationError(
            ngettext(
                "Keep the answer to %(limit)d character (it has %(length)d).",
                "Keep the answer to %(limit)d characters (it has %(length)d).",
                limit,
            )
            % {"limit": limit, "length": len(text)},
            code="too_long",
        )
    return text


def _choice(choice_ids, value) -> int:
    choice_id = as_int(value)
    if choice_id is not None and choice_id in choice_ids:
        return choice_id
    raise ValidationError(_("Choose one of the answers listed."), code="unknown_choice")

"""Questions on an event's application form: the survey kinds, set by staff until the first
application, answered when applying and kept on the application by question id."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from hiroba.activity.models import Activity, Verb
from hiroba.core.errors import Refused
from hiroba.events.models import Application, EventQuestion
from hiroba.events.questions import answer_fields, answers_from_form, clean_answers
from hiroba.events.services import apply_to_event, cancel_application, set_event_questions
from hiroba.events.tests.helpers import open_event

QUESTIONS = [
    {"kind": "single", "text": "参加方法", "required": True, "choices": ["会場", "オンライン"]},
    {"kind": "multiple", "text": "興味のある製品", "choices": ["トマト", "ケチャップ", "ジュース"]},
    {"kind": "scale", "text": "期待度", "required": True},
    {"kind": "short_text", "text": "アレルギー", "help_text": "なければ空欄で"},
    {"kind": "long_text", "text": "ひとこと"},
]


@pytest.fixture
def event(cm):
    return open_event(cm, capacity=10, companions_allowed=1)


@pytest.fixture
def questions(cm, event):
    return set_event_questions(actor=cm, event=event, questions=QUESTIONS)


def test_staff_set_the_questions_in_order_with_choice_ids(cm, event, questions):
    assert [q.kind for q in questions] == ["single", "multiple", "scale", "short_text", "long_text"]
    assert questions[0].choices == [{"id": 1, "text": "会場"}, {"id": 2, "text": "オンライン"}]
    assert questions[0].required and not questions[1].required
    assert questions[3].help_text == "なければ空欄で"
    assert questions[2].choices == []
    logged = Activity.objects.filter(verb=Verb.EVENT_UPDATE, subject_id=event.pk).last()
    assert logged.data["fields"] == ["questions"]


def test_setting_the_questions_again_replaces_them(cm, event, questions):
    again = set_event_questions(actor=cm, event=event, questions=QUESTIONS[:1])
    assert EventQuestion.objects.filter(event=event).count() == 1
    assert [q.pk for q in again] != [questions[0].pk]


def test_members_may_not_set_questions(event, alice):
    with pytest.raises(Refused):
        set_event_questions(actor=alice, event=event, questions=QUESTIONS)
    assert not EventQuestion.objects.exists()


def test_every_bad_question_is_reported_by_index_and_field(cm, event):
    with pytest.raises(ValidationError) as refused:
        set_event_questions(
            actor=cm,
            event=event,
            questions=[
                {"kind": "single", "text": "一択", "choices": ["ひとつだけ"]},
                {"kind": "dance", "text": "踊る"},
                {"kind": "short_text", "text": ""},
                {"kind": "multiple", "text": "同じ", "choices": ["a", "a"]},
            ],
        )
    assert set(refused.value.message_dict) == {
        "questions.0.choices",
        "questions.1.kind",
        "questions.2.text",
        "questions.3.choices",
    }
    assert not EventQuestion.objects.exists()


def test_questions_are_fixed_once_anyone_applied(cm, alice, event, questions):
    application = apply_to_event(
        actor=alice, event=event, answers={str(questions[0].pk): 1, str(questions[2].pk): 4}
    )
    cancel_application(actor=alice, application=application)

    with pytest.raises(Refused) as refused:
        set_event_questions(actor=cm, event=event, questions=[])
    assert refused.value.code == "has_applications"
    assert EventQuestion.objects.filter(event=event).count() == len(QUESTIONS)


def test_answers_are_stored_by_question_id_in_their_normal_form(alice, event, questions):
    single, multiple, scale, short, long = questions
    application = apply_to_event(
        actor=alice,
        event=event,
        companions=1,
        answers={
            str(single.pk): 2,
            str(multiple.pk): [3, 1, 3],
            str(scale.pk): "5",
            str(short.pk): "  えび\r\nかに ",
            str(long.pk): "",
        },
    )
    stored = Application.objects.get(pk=application.pk).answers
    assert stored == {
        str(single.pk): 2,
        str(multiple.pk): [3, 1],
        str(scale.pk): 5,
        str(short.pk): "えび かに",
    }


def test_wrong_answers_are_refused_field_by_field_and_nothing_is_stored(alice, event, questions):
    single, multiple, scale, short, _long = questions
    with pytest.raises(ValidationError) as refused:
        apply_to_event(
            actor=alice,
            event=event,
            answers={
                str(multiple.pk): [9],
                str(scale.pk): 6,
                str(short.pk): "x" * 201,
                "99999": "?",
            },
        )
    errors = refused.value.message_dict
    assert set(errors) == {
        f"q{single.pk}",
        f"q{multiple.pk}",
        f"q{scale.pk}",
        f"q{short.pk}",
        "__all__",
    }
    codes = {key: [e.code for e in found] for key, found in refused.value.error_dict.items()}
    assert codes[f"q{single.pk}"] == ["required"]
    assert codes[f"q{multiple.pk}"] == ["unknown_choice"]
    assert codes[f"q{scale.pk}"] == ["out_of_range"]
    assert codes[f"q{short.pk}"] == ["too_long"]
    assert not Application.objects.exists()
    event.refresh_from_db()
    assert event.confirmed_seats == 0


def test_an_event_without_questions_takes_no_answers(alice, event):
    with pytest.raises(ValidationError):
        apply_to_event(actor=alice, event=event, answers={"1": "x"})
    assert apply_to_event(actor=alice, event=event).answers == {}


def test_the_form_fields_parse_what_the_service_takes(event, questions):
    fields = answer_fields(event)
    single, multiple, scale, short, long = questions
    assert list(fields) == [f"q{q.pk}" for q in questions]
    assert isinstance(fields[f"q{single.pk}"].widget, forms.RadioSelect)
    assert isinstance(fields[f"q{multiple.pk}"].widget, forms.CheckboxSelectMultiple)
    assert fields[f"q{short.pk}"].max_length == 200
    assert fields[f"q{single.pk}"].required and not fields[f"q{long.pk}"].required

    form = type("ApplyForm", (forms.Form,), dict(fields))(
        data={
            f"q{single.pk}": "1",
            f"q{multiple.pk}": ["2", "3"],
            f"q{scale.pk}": "3",
            f"q{short.pk}": "なし",
        }
    )
    assert form.is_valid(), form.errors
    answers = answers_from_form(form.cleaned_data, questions)
    assert clean_answers(event, answers) == {
        str(single.pk): 1,
        str(multiple.pk): [2, 3],
        str(scale.pk): 3,
        str(short.pk): "なし",
    }


def test_form_field_names_are_read_as_question_ids(event, questions):
    assert clean_answers(event, {f"q{questions[0].pk}": 1, f"q{questions[2].pk}": 2}) == {
        str(questions[0].pk): 1,
        str(questions[2].pk): 2,
    }

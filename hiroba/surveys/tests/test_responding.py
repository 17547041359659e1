"""Answering: validation of every kind, the refusals (audience, dates, twice), anonymity, edits."""

from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.community.services import join_space
from hiroba.core.errors import Refused
from hiroba.surveys.models import AudienceKind, Respondent, Response, Survey
from hiroba.surveys.permissions import AlreadyResponded
from hiroba.surveys.selectors import my_response_values, open_surveys_for, surveys_for_home
from hiroba.surveys.services import change_response, close_survey, submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey, move_opening


def test_a_member_answers_and_every_row_is_written(built, alice):
    survey = built.survey
    assert survey.response_count == 0

    response = submit_response(
        actor=alice,
        survey=survey,
        answers=answers_for(
            built, nps=10, reason="とても便利", multiple=(0, 2), scale=4, short="=SUM(A1)"
        ),
    )

    assert response.member == alice
    assert Survey.objects.get(pk=survey.pk).response_count == 1
    assert Respondent.objects.filter(survey=survey, member=alice).exists()
    stored = {(a.question_id, a.choice_id, a.number, a.text) for a in response.answers.all()}
    assert (built.nps.pk, None, 10, "") in stored
    assert (built.reason.pk, None, None, "とても便利") in stored
    assert {a.choice_id for a in response.answers.filter(question=built.multiple)} == {
        built.choice(built.multiple, 0),
        built.choice(built.multiple, 2),
    }
    activity = Activity.objects.get(verb=Verb.SURVEY_RESPONSE)
    assert activity.actor == alice and activity.subject_id == survey.pk
    assert activity.data == {"anonymous": False, "edit": False}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nps", 11, "Choose a number from 0 to 10."),
        ("nps", -1, "Choose a number from 0 to 10."),
        ("nps", "nine", "Choose a number from 0 to 10."),
        ("nps", None, "Please answer this question."),
        ("scale", 0, "Choose a number from 1 to 5."),
        ("scale", 6, "Choose a number from 1 to 5."),
        ("short", "あ" * 201, "Keep the answer to 200 characters (it has 201)."),
        ("single", 10**9, "Choose one of the answers listed."),
        ("single", None, "Please answer this question."),
        ("multiple", [10**9], "Choose one of the answers listed."),
        ("short", 5, "Write your answer as text."),
    ],
)
def test_invalid_answers_are_refused_with_a_message_on_the_question(
    built, alice, field, value, message
):
    from django.utils import translation

    answers = answers_for(built)
    answers[getattr(built, field).pk] = value

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        submit_response(actor=alice, survey=built.survey, answers=answers)

    assert caught.value.message_dict[f"q{getattr(built, field).pk}"] == [message]
    assert Response.objects.count() == 0 and Respondent.objects.count() == 0


def test_a_choice_of_another_question_is_refused(built, alice):
    answers = answers_for(built)
    answers[built.single.pk] = built.choice(built.multiple, 0)

    with pytest.raises(ValidationError) as caught:
        submit_response(actor=alice, survey=built.survey, answers=answers)

    assert f"q{built.single.pk}" in caught.value.message_dict


def test_a_question_of_another_survey_is_refused(built, cm, alice):
    other = build_survey(cm, title="別のアンケート")
    answers = answers_for(built)
    answers[other.nps.pk] = 5

    with pytest.raises(ValidationError) as caught:
        submit_response(actor=alice, survey=built.survey, answers=answers)

    assert "__all__" in caught.value.message_dict


def test_a_second_response_is_refused(built, alice):
    submit_response(actor=alice, survey=built.survey, answers=answers_for(built))

    with pytest.raises(AlreadyResponded) as caught:
        submit_response(actor=alice, survey=built.survey, answers=answers_for(built, nps=1))

    assert caught.value.status == 409 and caught.value.code == "already_responded"
    assert Response.objects.count() == 1
    assert Survey.objects.get(pk=built.survey.pk).response_count == 1


def test_answers_before_opening_and_after_closing_are_refused(built, alice, bob, cm):
    survey = move_opening(built.survey, opens_in=3600)
    with pytest.raises(Refused) as caught:
        submit_response(actor=alice, survey=survey, answers=answers_for(built))
    assert caught.value.code == "not_open_yet"

    survey = move_opening(built.survey, opens_in=-7200, closes_in=-60)
    with pytest.raises(Refused) as caught:
        submit_response(actor=alice, survey=survey, answers=answers_for(built))
    assert caught.value.code == "closed"

    survey = move_opening(built.survey, closes_in=3600)
    submit_response(actor=bob, survey=survey, answers=answers_for(built))
    close_survey(actor=cm, survey=survey)
    with pytest.raises(Refused) as caught:
        submit_response(actor=alice, survey=survey, answers=answers_for(built))
    assert caught.value.code == "closed"
    assert Response.objects.count() == 1


def test_a_stale_survey_object_cannot_slip_an_answer_past_a_close(built, alice, cm):
    stale = built.survey  # loaded while open
    close_survey(actor=cm, survey=built.survey)

    with pytest.raises(Refused) as caught:
        submit_response(actor=alice, survey=stale, answers=answers_for(built))

    assert caught.value.code == "closed"
    assert Respondent.objects.count() == 0 and Response.objects.count() == 0


def test_a_draft_cannot_be_answered(cm, alice):
    draft = build_survey(cm, publish=False)
    with pytest.raises(Refused) as caught:
        submit_response(actor=alice, survey=draft.survey, answers=answers_for(draft))
    assert caught.value.code == "not_published"


def test_a_space_survey_is_for_the_space_members_only(cm, alice, bob, recipes, inner_circle):
    for_recipes = build_survey(cm, audience_kind=AudienceKind.SPACE, audience_space=recipes)
    join_space(actor=alice, space=recipes)

    with pytest.raises(Refused) as caught:
        submit_response(actor=bob, survey=for_recipes.survey, answers=answers_for(for_recipes))
    assert caught.value.code == "not_in_audience"
    assert "join the space" in caught.value.message
    submit_response(actor=alice, survey=for_recipes.survey, answers=answers_for(for_recipes))

    charlie = make_member("charlie")
    secret = build_survey(cm, audience_kind=AudienceKind.SPACE, audience_space=inner_circle)
    with pytest.raises(Refused) as caught:
        submit_response(actor=charlie, survey=secret.survey, answers=answers_for(secret))
    # An outsider is not told the restricted space's name.
    assert inner_circle.name not in caught.value.message

    # bob is in the inner circle, not in recipes; alice in both; charlie in neither.
    assert [s.pk for s in open_surveys_for(bob)] == [secret.survey.pk]
    assert {s.pk for s in open_surveys_for(alice)} == {for_recipes.survey.pk, secret.survey.pk}
    assert list(open_surveys_for(charlie)) == []
    assert [s.pk for s in surveys_for_home(alice)] == [secret.survey.pk]  # recipes' answered


def test_the_home_box_lists_open_unanswered_surveys_addressed_to_me(cm, alice, bob):
    first = build_survey(cm, title="一つ目")
    build_survey(cm, title="二つ目")
    later = build_survey(cm, title="まだ")
    move_opening(later.survey, opens_in=3600)
    submit_response(actor=alice, survey=first.survey, answers=answers_for(first))

    assert [s.title for s in surveys_for_home(alice)] == ["二つ目"]
    assert {s.title for s in surveys_for_home(bob)} == {"一つ目", "二つ目"}


def test_an_anonymous_response_keeps_no_link_to_the_member(cm, alice):
    anonymous = build_survey(cm, is_anonymous=True)

    response = submit_response(
        actor=alice, survey=anonymous.survey, answers=answers_for(anonymous, reason="匿名の理由")
    )

    assert response.member_id is None
    # The day only, in the community's time zone (Asia/Tokyo)
    stored = Response.objects.get(pk=response.pk).submitted_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert (stored.hour, stored.minute, stored.second) == (0, 0, 0)
    assert Respondent.objects.filter(survey=anonymous.survey, member=alice).exists()
    assert my_response_values(alice, anonymous.survey) is None
    with pytest.raises(AlreadyResponded):
        submit_response(actor=alice, survey=anonymous.survey, answers=answers_for(anonymous))


def test_a_member_edits_their_response_until_close_where_allowed(cm, alice):
    editable = build_survey(cm, allow_edit=True)
    submit_response(actor=alice, survey=editable.survey, answers=answers_for(editable, nps=3))
    assert my_response_values(alice, editable.survey)[editable.nps.pk] == 3

    change_response(actor=alice, survey=editable.survey, answers=answers_for(editable, nps=8))

    assert my_response_values(alice, editable.survey)[editable.nps.pk] == 8
    assert Response.objects.get().updated_at is not None
    assert Survey.objects.get(pk=editable.survey.pk).response_count == 1
    assert Activity.objects.filter(verb=Verb.SURVEY_RESPONSE).count() == 2

    close_survey(actor=cm, survey=editable.survey)
    with pytest.raises(Refused) as caught:
        change_response(actor=alice, survey=editable.survey, answers=answers_for(editable))
    assert caught.value.code == "closed"


def test_edits_are_refused_where_the_survey_does_not_allow_them(built, alice, bob):
    submit_response(actor=alice, survey=built.survey, answers=answers_for(built))
    with pytest.raises(Refused) as caught:
        change_response(actor=alice, survey=built.survey, answers=answers_for(built, nps=0))
    assert caught.value.code == "edit_not_allowed"


def test_suspended_members_cannot_answer(built, alice, mod):
    from hiroba.moderation.services.sanctions import sanction_member

    sanction_member(actor=mod, member=alice, kind="suspend", reason="spam", days=3)
    alice.refresh_from_db()
    with pytest.raises(Refused) as caught:
        submit_response(actor=alice, survey=built.survey, answers=answers_for(built))
    assert caught.value.code == "suspended"

"""What a review found: restricted spaces leaking through their surveys, hostile answers causing
500s, and anonymous exports that could be lined up with members' activity."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.api.tests.conftest import assert_error
from hiroba.surveys.answers import clean_answers
from hiroba.surveys.audiences import audience_of
from hiroba.surveys.models import AudienceKind, Response
from hiroba.surveys.selectors import anonymous_order_key, get_questions
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import answers_for, api_for, build_survey, client_for

HOSTILE_NUMBERS = ["²", "--5", "9" * 5000]


def detail_url(survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


# --- 1. a restricted space's surveys do not reveal it -------------------------------------------


def test_a_survey_for_a_restricted_space_is_404_for_outsiders_like_a_missing_one(
    cm, alice, charlie, inner_circle
):
    inner = build_survey(cm, audience_kind=AudienceKind.SPACE, audience_space=inner_circle)
    survey = inner.survey

    page = client_for(charlie).get(detail_url(survey))
    missing = client_for(charlie).get(reverse("surveys:detail", args=[survey.pk + 1000]))
    assert page.status_code == missing.status_code == 404
    assert "アンバサダー" not in page.content.decode()
    posted = client_for(charlie).post(detail_url(survey), {f"q{inner.nps.pk}": "9"})
    assert posted.status_code == 404

    api = api_for(charlie)
    body = assert_error(api.get(f"/surveys/{survey.pk}"), 404, "not_found")
    assert survey.title not in str(body) and "アンバサダー" not in str(body)
    answers = {"answers": {str(k): v for k, v in answers_for(inner).items()}}
    assert_error(api.post(f"/surveys/{survey.pk}/response", answers), 404, "not_found")
    assert Response.objects.count() == 0

    # Its members still read and answer it, named.
    html = client_for(alice).get(detail_url(survey)).content.decode()
    assert "Members of アンバサダー" in html and "Send my answers" in html
    assert api_for(alice).get(f"/surveys/{survey.pk}").status_code == 200
    # Staff see it whether or not they joined (outside the audience: 403, named).
    staff_page = client_for(cm).get(detail_url(survey))
    assert (
        staff_page.status_code == 403 and "Members of アンバサダー" in staff_page.content.decode()
    )


def test_describe_names_a_space_only_to_those_who_can_see_it(cm, alice, charlie, inner_circle):
    survey = build_survey(cm, audience_kind=AudienceKind.SPACE, audience_space=inner_circle).survey
    audience = audience_of(survey)
    assert audience.describe(survey, charlie) == "Members of a space"
    assert audience.describe(survey, alice) == "Members of アンバサダー"
    assert audience.describe(survey) == "Members of アンバサダー"  # staff


def test_a_members_only_space_not_joined_still_shows_its_survey_and_says_join(cm, bob, lounge):
    survey = build_survey(cm, audience_kind=AudienceKind.SPACE, audience_space=lounge).survey

    response = client_for(bob).get(detail_url(survey))

    assert response.status_code == 403
    html = response.content.decode()
    assert "This survey is for the members of 雑談: join the space to answer it." in html
    assert "Members of 雑談" in html and "Send my answers" not in html
    assert api_for(bob).get(f"/surveys/{survey.pk}").json()["refusal_code"] == ("not_in_audience")


# --- 2. hostile answers are 422, never 500 ------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE_NUMBERS, ids=["superscript", "double-minus", "long"])
def test_hostile_numbers_on_the_page_are_422_with_a_message(built, alice, value):
    data = {f"q{k}": v for k, v in answers_for(built).items()}
    data[f"q{built.nps.pk}"] = value
    data[f"q{built.single.pk}"] = value

    response = client_for(alice).post(detail_url(built.survey), data)

    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose a number from 0 to 10." in html
    assert "Choose one of the answers listed." in html
    assert Response.objects.count() == 0


@pytest.mark.parametrize("value", HOSTILE_NUMBERS, ids=["superscript", "double-minus", "long"])
def test_hostile_numbers_in_the_api_are_422(built, alice, value):
    answers = {str(k): v for k, v in answers_for(built).items()}
    answers[str(built.nps.pk)] = value
    answers[value] = 1

    response = api_for(alice).post(f"/surveys/{built.survey.pk}/response", {"answers": answers})

    body = assert_error(response, 422, "invalid")
    assert body["details"][f"q{built.nps.pk}"] == ["Choose a number from 0 to 10."]
    assert Response.objects.count() == 0


def test_a_json_number_too_long_for_python_is_422(built, alice):
    nines = "9" * 5000
    raw = '{"answers": {"' + str(built.nps.pk) + '": ' + nines + "}}"
    response = api_for(alice).post(f"/surveys/{built.survey.pk}/response", raw=raw)
    assert 400 <= response.status_code < 500


@pytest.fixture
def alice_api(alice):
    return api_for(alice)


# Strings that look like numbers to str.isdigit() but not to int(), and ones too long for it.
number_like = st.from_regex(r"\s?-{0,2}[0-9²١]{1,25}\s?", fullmatch=True) | st.just("9" * 5000)
json_scalars = st.none() | st.booleans() | st.integers() | st.text() | number_like
json_values = json_scalars | st.lists(json_scalars, max_size=4)


@settings(
    deadline=None, max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.dictionaries(st.text() | st.integers() | number_like, json_values, max_size=4),
    fill=st.booleans(),
)
def test_any_answers_give_rows_or_a_validation_error(built, raw, fill):
    questions = get_questions(built.survey)
    answers = {**answers_for(built), **raw} if fill else raw
    try:
        clean_answers(questions, answers)
    except ValidationError as error:
        assert error.messages


@settings(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.dictionaries(
        st.text() | st.integers().map(str) | number_like,
        st.text() | st.integers() | st.none(),
        max_size=3,
    ),
    value=json_values,
)
def test_any_answers_through_the_api_are_never_a_server_error(built, alice_api, raw, value):
    answers = {**{str(k): v for k, v in answers_for(built).items()}, **raw}
    answers[str(built.nps.pk)] = value
    response = alice_api.post(f"/surveys/{built.survey.pk}/response", {"answers": answers})
    assert response.status_code < 500, response.content


# --- 3. anonymous exports cannot be lined up with activity --------------------------------------


def _export(member, survey) -> list[list[str]]:
    response = client_for(member).get(reverse("surveys:export", args=[survey.pk]))
    assert response.status_code == 200
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw, newline="")))


def test_an_anonymous_export_has_no_id_and_does_not_follow_the_order_of_answering(cm, monkeypatch):
    import hiroba.surveys.selectors as selectors

    monkeypatch.setattr(selectors, "EXPORT_CHUNK", 5)  # several batches within a day
    built = build_survey(cm, is_anonymous=True)
    survey = built.survey
    members = [make_member(f"anon{i}") for i in range(14)]
    sent = []
    for i, member in enumerate(members):
        response = submit_response(
            actor=member, survey=survey, answers=answers_for(built, short=f"#{i}")
        )
        sent.append((response.pk, f"#{i}"))
    # The two answered first are moved to the next day: they must come after all the others.
    today = Response.objects.get(pk=sent[0][0]).submitted_at
    later = [pk for pk, _t in sent[:2]]
    Response.objects.filter(pk__in=later).update(submitted_at=today + timedelta(days=1))

    header, *rows = _export(cm, survey)

    assert "Response" not in header and header[0] == "Submitted on"
    assert not any(str(pk) in row[:1] for pk, _t in sent for row in rows)
    shown = [row[-1] for row in rows]
    inserted = [text for _pk, text in sent]
    assert sorted(shown) == sorted(inserted) and shown != inserted
    assert set(shown[-2:]) == {"#0", "#1"}  # by day first
    assert rows[0][0] == timezone.localtime(today).strftime("%Y-%m-%d")
    same_day = sorted(sent[2:], key=lambda pair: anonymous_order_key(survey.pk, pair[0]))
    assert shown[:-2] == [text for _pk, text in same_day]


def test_an_identified_export_still_lists_responses_by_id(cm, alice, bob):
    built = build_survey(cm)
    for member in (bob, alice):
        submit_response(actor=member, survey=built.survey, answers=answers_for(built))
    header, *rows = _export(cm, built.survey)
    assert header[0] == "Response" and [r[4] for r in rows] == ["bob", "alice"]


def test_an_anonymous_response_activity_names_no_survey(cm, alice, bob):
    anonymous = build_survey(cm, is_anonymous=True)
    identified = build_survey(cm, title="記名")
    submit_response(actor=alice, survey=anonymous.survey, answers=answers_for(anonymous))
    submit_response(actor=bob, survey=identified.survey, answers=answers_for(identified))

    rows = {a.actor_id: a for a in Activity.objects.filter(verb=Verb.SURVEY_RESPONSE)}
    assert rows[alice.pk].subject_id is None and rows[alice.pk].subject_type == ""
    assert rows[alice.pk].data["anonymous"] is True
    assert rows[bob.pk].subject_id == identified.survey.pk


def test_an_anonymous_response_leaves_only_its_day_in_activity_and_health(cm, alice):
    """The activity row, and through it the member's last activity and score history, carry the
    start of the community day, never the moment of an anonymous answer."""
    from hiroba.activity.models import MemberHealth
    from hiroba.surveys.services.responding import _start_of_day

    anonymous = build_survey(cm, is_anonymous=True)
    MemberHealth.objects.filter(member=alice).delete()
    submit_response(actor=alice, survey=anonymous.survey, answers=answers_for(anonymous))
    row = Activity.objects.get(verb=Verb.SURVEY_RESPONSE, actor=alice)
    day_start = _start_of_day(timezone.now())
    assert row.created_at == day_start
    assert MemberHealth.objects.get(member=alice).last_active_at == day_start

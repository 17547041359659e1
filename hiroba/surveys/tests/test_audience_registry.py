"""The audience registry: an app above surveys adds a kind of audience with a target of its own,
without an edit in surveys. A kind made for the tests ("one named member") stands in for such an
app's (events registers "attendees of an event": events/tests/test_after.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from hiroba.accounts.models import Member
from hiroba.core.errors import Refused
from hiroba.surveys.audiences import (
    AUDIENCES,
    Audience,
    audience_of,
    register_audience,
)
from hiroba.surveys.forms import SurveyForm
from hiroba.surveys.models import AudienceKind, Survey
from hiroba.surveys.permissions import answer_refusal
from hiroba.surveys.selectors import list_open_surveys, surveys_for_home
from hiroba.surveys.services import create_survey, submit_response, update_survey
from hiroba.surveys.tests.helpers import answers_for, build_survey, client_for

pytestmark = pytest.mark.django_db

KIND = "one_member"


class OneMember(Audience):
    """A survey for one member, named by their id."""

    kind = KIND
    label = "One member"
    has_target = True

    def target_choices(self, current=None):
        return list(Member.objects.order_by("pk").values_list("pk", "handle"))

    def includes(self, survey, member) -> bool:
        return survey.audience_target_id == member.pk

    def addressed_to(self, member) -> Q:
        return Q(audience_kind=self.kind, audience_target_id=member.pk)

    def describe(self, survey, reader=None) -> str:
        return f"Member {survey.audience_target_id}"

    def outsider_message(self, survey, member) -> str:
        return "This survey is for someone else."

    def validate(self, survey) -> None:
        if survey.audience_target_id is None:
            raise ValidationError({"audience_target": "Choose the member."}, code="member")


@pytest.fixture
def one_member():
    register_audience(OneMember())
    yield
    AUDIENCES.pop(KIND, None)


def test_a_registered_kind_addresses_its_target_only(cm, alice, bob, one_member):
    built = build_survey(cm, audience_kind=KIND, audience_target_id=alice.pk)

    assert [s.pk for s in list_open_surveys(alice).items] == [built.survey.pk]
    assert [s.pk for s in surveys_for_home(alice)] == [built.survey.pk]
    assert list_open_surveys(bob).items == []
    refusal = answer_refusal(bob, built.survey)
    assert (refusal.code, refusal.message) == (
        "not_in_audience",
        "This survey is for someone else.",
    )
    with pytest.raises(Refused):
        submit_response(actor=bob, survey=built.survey, answers=answers_for(built))
    submit_response(actor=alice, survey=built.survey, answers=answers_for(built))
    assert audience_of(built.survey).describe(built.survey) == f"Member {alice.pk}"


def test_the_kinds_own_check_refuses_a_missing_target(cm, one_member):
    with pytest.raises(ValidationError) as caught:
        create_survey(actor=cm, title="x", audience_kind=KIND)
    assert "audience_target" in caught.value.message_dict
    assert not Survey.objects.exists()


def test_changing_to_one_of_surveys_own_kinds_drops_the_target(cm, alice, one_member):
    draft = create_survey(actor=cm, title="x", audience_kind=KIND, audience_target_id=alice.pk)

    changed = update_survey(actor=cm, survey=draft, title="x", audience_kind=AudienceKind.ALL)

    assert (changed.audience_kind, changed.audience_target_id) == ("all", None)


def test_surveys_own_kinds_never_carry_a_target_in_the_database(cm, alice):
    survey = create_survey(actor=cm, title="x")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Survey.objects.filter(pk=survey.pk).update(audience_target_id=alice.pk)


def test_without_the_registering_app_a_survey_addresses_nobody(cm, alice, one_member):
    built = build_survey(cm, audience_kind=KIND, audience_target_id=alice.pk)
    AUDIENCES.pop(KIND)

    assert list_open_surveys(alice).items == []
    assert (
        client_for(alice).get(reverse("surveys:detail", args=[built.survey.pk])).status_code == 404
    )
    with pytest.raises(ValidationError):
        create_survey(actor=cm, title="x", audience_kind=KIND, audience_target_id=alice.pk)


def test_a_kind_must_fit_the_column_and_not_take_surveys_own_names():
    class Long(OneMember):
        kind = "x" * 17

    class Impostor(OneMember):
        kind = AudienceKind.ALL

    for audience in (Long(), Impostor()):
        with pytest.raises(ValueError):
            register_audience(audience)
    assert AUDIENCES[AudienceKind.ALL].__class__.__name__ == "AllMembers"


def test_the_builder_lists_registered_kinds_and_their_targets(cm, alice, one_member, client):
    form = SurveyForm()
    assert (KIND, "One member") in form.fields["audience_kind"].choices
    assert (
        "One member",
        [(f"{KIND}:{m.pk}", m.handle) for m in Member.objects.order_by("pk")],
    ) in (form.fields["audience_target"].choices)

    client.force_login(cm)
    # A target of another kind than the one chosen is refused on the form.
    refused = client.post(
        reverse("surveys:manage_new"),
        {"title": "x", "audience_kind": "all", "audience_target": f"{KIND}:{alice.pk}"},
    )
    assert refused.status_code == 302  # surveys' own kind: the target is simply not kept
    assert Survey.objects.get().audience_target_id is None
    made = client.post(
        reverse("surveys:manage_new"),
        {"title": "y", "audience_kind": KIND, "audience_target": f"{KIND}:{alice.pk}"},
    )
    assert made.status_code == 302
    assert Survey.objects.get(title="y").audience_target_id == alice.pk

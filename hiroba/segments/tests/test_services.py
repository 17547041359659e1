"""Creating, changing and deleting segments (managers only, audited), and the interface later
features use: members_of, count_members, iter_member_ids."""

import pytest
from django.core.exceptions import ValidationError

from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.core.errors import Refused
from hiroba.segments import selectors, services
from hiroba.segments.models import Segment

pytestmark = pytest.mark.django_db

OSAKA_PROMOTERS = [
    {"type": "region", "regions": ["27"]},
    {"type": "nps", "survey": "latest", "categories": ["promoter"]},
]


def audits(action) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_manager_creates_changes_and_deletes_a_segment_each_audited(town):
    assert Segment.objects.count() == 0
    segment = services.create_segment(
        actor=town.cm, name="  大阪の推奨者 ", description="秋のNPS", rules=OSAKA_PROMOTERS
    )
    assert segment.name == "大阪の推奨者"
    assert segment.rules == [
        {"type": "region", "regions": ["27"]},
        {"type": "nps", "survey": "latest", "categories": ["promoter"]},
    ]
    [created] = audits(AuditAction.SEGMENT_CREATE)
    assert created.actor == town.cm and created.target_id == segment.pk
    assert created.data["rules"] == segment.rules

    updated = services.update_segment(
        actor=town.cm, segment=segment, name="大阪の推奨者", rules=OSAKA_PROMOTERS[:1]
    )
    assert updated.rules == [{"type": "region", "regions": ["27"]}]
    assert updated.updated_at > segment.updated_at
    [changed] = audits(AuditAction.SEGMENT_CHANGE)
    assert changed.data["before"]["rules"] == segment.rules
    assert changed.data["after"]["rules"] == updated.rules

    services.delete_segment(actor=town.cm, segment=updated)
    assert not Segment.objects.exists()
    [deleted] = audits(AuditAction.SEGMENT_DELETE)
    assert deleted.target_id == segment.pk and deleted.data["name"] == "大阪の推奨者"


def test_an_unchanged_save_writes_no_audit_entry(town):
    segment = services.create_segment(actor=town.cm, name="大阪", rules=OSAKA_PROMOTERS[:1])
    services.update_segment(
        actor=town.cm, segment=segment, name="大阪", rules=[{"type": "region", "regions": ["27"]}]
    )
    assert audits(AuditAction.SEGMENT_CHANGE) == []


@pytest.mark.parametrize("persona", ["alice", "mod", "editor"])
def test_only_managers_use_segments(town, persona, request):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Refused) as caught:
        services.create_segment(actor=actor, name="x", rules=[])
    assert caught.value.code == "managers_only"
    segment = services.create_segment(actor=town.cm, name="大阪", rules=OSAKA_PROMOTERS[:1])
    with pytest.raises(Refused):
        services.update_segment(actor=actor, segment=segment, name="y", rules=[])
    with pytest.raises(Refused):
        services.delete_segment(actor=actor, segment=segment)
    with pytest.raises(Refused):
        services.record_export(actor=actor, segment=segment, fields=["handle"])
    assert Segment.objects.get().name == "大阪"


def test_every_problem_is_reported_at_once_and_nothing_is_saved(town):
    with pytest.raises(ValidationError) as caught:
        services.create_segment(
            actor=town.cm,
            name=" ",
            description="x" * 501,
            rules=[{"type": "region", "regions": []}, {"type": "posts", "min": -3}],
        )
    assert set(caught.value.message_dict) == {"name", "description", "region", "posts"}
    assert not Segment.objects.exists()
    assert audits(AuditAction.SEGMENT_CREATE) == []


def test_members_of_count_and_ids(town):
    segment = services.create_segment(actor=town.cm, name="大阪の推奨者", rules=OSAKA_PROMOTERS)
    members = selectors.members_of(segment)
    assert {m.handle for m in members} == {"alice", "dave"}
    assert selectors.count_members(segment) == 2
    everyone = services.create_segment(actor=town.cm, name="全員", rules=[])
    batches = list(selectors.iter_member_ids(everyone, batch=4))
    assert [len(b) for b in batches] == [4, 1]
    flat = [pk for batch in batches for pk in batch]
    assert flat == sorted(flat)
    assert set(flat) == set(selectors.eligible_members().values_list("pk", flat=True))
    assert town.eve.pk not in flat and town.official.pk not in flat


def test_a_segment_follows_the_latest_round(town, cm):
    from hiroba.surveys.services import submit_response
    from hiroba.surveys.tests.helpers import answers_for, build_survey

    segment = services.create_segment(actor=town.cm, name="大阪の推奨者", rules=OSAKA_PROMOTERS)
    newest = build_survey(cm, title="NPS 2027年春", is_nps_round=True)
    submit_response(actor=town.alice, survey=newest.survey, answers=answers_for(newest, nps=6))
    assert selectors.count_members(segment) == 0


def test_a_segment_whose_survey_became_unusable_is_refused_when_read(town, cm):
    from hiroba.surveys.tests.helpers import build_survey

    segment = services.create_segment(actor=town.cm, name="大阪の推奨者", rules=OSAKA_PROMOTERS)
    build_survey(cm, title="匿名NPS", is_nps_round=True, is_anonymous=True)
    with pytest.raises(ValidationError) as caught:
        selectors.count_members(segment)
    assert caught.value.error_dict["nps"][0].code == "anonymous_survey"


def test_cached_count_is_counted_afresh_after_an_edit(town):
    segment = services.create_segment(actor=town.cm, name="大阪", rules=OSAKA_PROMOTERS[:1])
    assert selectors.cached_count(segment) == 2
    segment = services.update_segment(actor=town.cm, segment=segment, name="大阪", rules=[])
    assert selectors.cached_count(segment) == 5

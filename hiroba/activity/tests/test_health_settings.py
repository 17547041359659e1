"""The level thresholds and the warming rule, set by a community manager in the console.

Definitions checked here: the stored thresholds replace the settings' ones (core / light / low
on the long-term score, warming up's min and ratio); they must keep core > light > low > 0,
ratio ≥ 1, min ≥ 0; only managers change them (editors and members get 403), each change is
audited, the levels read follow at once, and the stored ``level`` column follows with the
recompute queued after the commit.
"""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member
from hiroba.accounts.models import Member
from hiroba.activity import health
from hiroba.activity.models import HealthSettings, Level, MemberHealth, Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.console.services import update_health_settings
from hiroba.core.errors import Refused

pytestmark = pytest.mark.usefixtures("health_settings")
URL = "/console/members/settings/"
PREVIEW = "/console/members/settings/preview/"
VALID = {"core": 50, "light": 12, "low": 2, "warming_min": 2, "warming_ratio": 1.5}


@pytest.fixture
def fans(db):
    """Long-term scores now (test weights: a post 5, a comment 3): hana 60, ken 15, rui 3."""
    for handle, posts, comments in (("hana", 12, 0), ("ken", 3, 0), ("rui", 0, 1)):
        member = make_member(handle)
        for _ in range(posts):
            record_activity(actor=member, verb=Verb.POST)
        for _ in range(comments):
            record_activity(actor=member, verb=Verb.COMMENT)


def levels_of(*handles):
    return {
        handle: next(
            level
            for level in health.LEVEL_ORDER
            if Member.objects.filter(health.level_q([level]), handle=handle).exists()
        )
        for handle in handles
    }


def send(client, viewer, data, url=URL):
    client.force_login(viewer)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def test_with_the_default_thresholds_the_fans_are_light_light_and_low(fans):
    # Test settings: core ≥ 100, light ≥ 10, low ≥ 1.
    assert levels_of("hana", "ken", "rui") == {
        "hana": Level.LIGHT,
        "ken": Level.LIGHT,
        "rui": Level.LOW,
    }


def test_a_manager_sets_the_levels_and_they_hold_at_once(
    client, cm, fans, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, cm, VALID)

    assert response.status_code == 302 and response["Location"] == "/console/members/"
    config = health.current()
    assert config.levels == {"core": 50.0, "light": 12.0, "low": 2.0}
    assert (config.warming_min, config.warming_ratio) == (2.0, 1.5)
    # Read now: core ≥ 50, light ≥ 12, low ≥ 2.
    assert levels_of("hana", "ken", "rui") == {
        "hana": Level.CORE,
        "ken": Level.LIGHT,
        "rui": Level.LOW,
    }
    assert health.level_counts()[Level.CORE] == 1
    # The stored level column was recomputed by the job queued on commit.
    assert MemberHealth.objects.get(member__handle="hana").level == Level.CORE
    entry = AuditEntry.objects.get(action=AuditAction.HEALTH_SETTINGS)
    assert entry.actor == cm
    assert entry.data["before"]["core"] == 100 and entry.data["after"]["core"] == 50


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"core": 12}, "core", "core"),  # core must be above light
        ({"light": 2}, "light", "light"),  # light must be above low
        ({"low": 0}, "low", "low"),
        ({"warming_ratio": 0.9}, "warming_ratio", "ratio"),
        ({"warming_min": -1}, "warming_min", "min"),
    ],
)
def test_bad_thresholds_are_refused_with_a_clear_error(client, cm, fans, change, field, code):
    response = send(client, cm, {**VALID, **change})

    assert response.status_code == 200
    assert response.context["form"].has_error(field, code)
    assert field in response.context["form"].errors
    assert not HealthSettings.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.HEALTH_SETTINGS).exists()
    with pytest.raises(ValidationError) as raised:
        update_health_settings(actor=cm, **{**VALID, **change})
    assert raised.value.error_dict[field][0].code == code


def test_text_and_missing_values_are_form_errors(client, cm, fans):
    response = send(client, cm, {**VALID, "core": "lots", "light": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("core", "invalid") and form.has_error("light", "required")
    assert not HealthSettings.objects.exists()


def test_the_minimum_zero_counts_any_weighted_activity(cm, fans):
    update_health_settings(actor=cm, **{**VALID, "warming_min": 0}, recompute=False)
    assert health.current().warming_min == 0
    health.warming_count()  # a valid query without a minimum (no ln(0))


@pytest.mark.parametrize("role", ["editor", "member"])
def test_editors_and_members_get_403(client, editor, alice, fans, role):
    viewer = {"editor": editor, "member": alice}[role]
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    assert send(client, viewer, VALID).status_code == 403
    assert client.get(PREVIEW, VALID).status_code == 403
    assert not HealthSettings.objects.exists()
    with pytest.raises(Refused):
        update_health_settings(actor=viewer, **VALID)


def test_the_form_shows_the_current_values_and_the_counts_they_give(
    client, cm, fans, django_assert_max_num_queries
):
    client.force_login(cm)
    client.get(URL)  # the visit is recorded once
    # session, viewer, level counts (the ranges, then the outsiders' scores), warming count,
    # notification badge
    with django_assert_max_num_queries(6):
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].initial["core"] == 100
    counts = {row["level"]: row["count"] for row in response.context["preview"]["levels"]}
    assert counts[Level.LIGHT] == 2 and counts[Level.CORE] == 0  # hana, ken (100 / 10 / 1)
    assert "Long-term score 100 or more" in response.content.decode()


def test_the_preview_counts_the_levels_with_the_values_typed(
    client, cm, fans, django_assert_max_num_queries
):
    client.force_login(cm)
    client.get(PREVIEW, VALID)
    with django_assert_max_num_queries(5):
        response = client.get(PREVIEW, VALID, HTTP_HX_REQUEST="true")
    counts = {row["level"]: row["count"] for row in response.context["preview"]["levels"]}
    assert counts[Level.CORE] == 1  # hana at 60 ≥ 50
    assert not HealthSettings.objects.exists()  # nothing saved
    bad = client.get(PREVIEW, {**VALID, "core": 1}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and bad.context["preview"] is None


def test_the_members_page_links_to_the_form_for_managers_only(client, cm, editor, fans):
    client.force_login(cm)
    assert URL in client.get("/console/members/").content.decode()
    client.force_login(editor)
    assert URL not in client.get("/console/members/").content.decode()

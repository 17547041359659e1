"""/api/v1/segments: managers list, read (with the count), create, replace and delete segments
and walk their members; 401 without a login, 403 for everyone else, 422 for invalid conditions."""

import pytest

from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.segments import services
from hiroba.segments.models import Segment

pytestmark = pytest.mark.django_db

OSAKA_PROMOTERS = [
    {"type": "region", "regions": ["27"]},
    {"type": "nps", "survey": "latest", "categories": ["promoter"]},
]


def api_for(member=None) -> ApiClient:
    api = ApiClient(member)
    api.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api


def put(api: ApiClient, path: str, data: dict):
    import json

    return api.client.put(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", **api.headers
    )


def test_done_when_segment_built_counted_and_walked_through_the_api(town):
    api = api_for(town.cm)
    preview = api.post("/segments/count", {"rules": OSAKA_PROMOTERS})
    assert preview.status_code == 200 and preview.json() == {"count": 2}
    light = [{"type": "level", "levels": ["light"]}, *OSAKA_PROMOTERS]
    assert api.post("/segments/count", {"rules": light}).json() == {"count": 1}

    created = api.post(
        "/segments", {"name": "大阪の推奨者", "description": "秋のNPS", "rules": OSAKA_PROMOTERS}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "大阪の推奨者" and body["count"] == 2 and body["count_error"] is None
    assert body["rules"] == OSAKA_PROMOTERS and body["created_by"] == "manager"
    segment_id = body["id"]

    listed = api.get("/segments").json()["items"]
    assert [s["id"] for s in listed] == [segment_id]
    assert api.get(f"/segments/{segment_id}").json()["count"] == 2

    first = api.get(f"/segments/{segment_id}/members", limit=1)
    assert first.status_code == 200
    page = first.json()
    assert [m["handle"] for m in page["items"]] == ["dave"]
    assert page["items"][0]["display_name"] == "大阪 だいすけ"
    assert page["items"][0]["region"] == "27" and "email" not in page["items"][0]
    assert page["items"][0]["level"] == "light" and page["items"][0]["last_active_at"]
    second = api.get(f"/segments/{segment_id}/members", limit=1, cursor=page["next_cursor"])
    assert [m["handle"] for m in second.json()["items"]] == ["alice"]
    assert second.json()["items"][0]["level"] == "core"
    assert second.json()["next_cursor"] is None
    # The walk is audited once: one entry per manager, segment and hour of reading.
    [entry] = AuditEntry.objects.filter(action=AuditAction.SEGMENT_EXPORT)
    assert entry.actor == town.cm and entry.target_id == segment_id
    # A cursor that is not one starts again from the top, within the same hour's entry.
    again = api.get(f"/segments/{segment_id}/members", limit=1, cursor="not-a-cursor")
    assert [m["handle"] for m in again.json()["items"]] == ["dave"]
    assert AuditEntry.objects.filter(action=AuditAction.SEGMENT_EXPORT).count() == 1

    done = put(api, f"/segments/{segment_id}", {"name": "大阪の推奨者", "rules": light})
    assert done.status_code == 200 and done.json()["count"] == 1
    members = api.get(f"/segments/{segment_id}/members").json()["items"]
    assert [m["handle"] for m in members] == ["dave"]


def test_replace_and_delete(town):
    api = api_for(town.cm)
    segment = services.create_segment(actor=town.cm, name="大阪", rules=OSAKA_PROMOTERS[:1])
    tokyo = {"name": "東京", "rules": [{"type": "region", "regions": ["13"]}]}
    response = put(api, f"/segments/{segment.pk}", tokyo)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1
    segment.refresh_from_db()
    assert segment.name == "東京"
    assert api.delete(f"/segments/{segment.pk}").status_code == 204
    assert not Segment.objects.exists()
    assert_error(api.get(f"/segments/{segment.pk}"), 404, "not_found")


@pytest.mark.parametrize(
    "body, key",
    [
        ({"name": "x", "rules": [{"type": "region", "regions": ["XX"]}]}, "region"),
        ({"name": "x", "rules": [{"type": "nope"}]}, "rules"),
        ({"name": "", "rules": []}, "name"),
        ({"name": "x", "rules": [{"type": "posts", "min": 3, "max": 1}]}, "posts"),
    ],
)
def test_invalid_conditions_are_422_with_messages_by_type(town, body, key):
    api = api_for(town.cm)
    error = assert_error(api.post("/segments", body), 422, "invalid")
    assert key in error["details"]
    assert not Segment.objects.exists()


def test_malformed_bodies_are_422_not_500(town):
    api = api_for(town.cm)
    assert_error(api.post("/segments", {"name": "x", "rules": "region"}), 422)
    assert_error(api.post("/segments", {"name": "x", "rules": ["region"]}), 422)
    assert_error(api.post("/segments", raw="{nope"), 422)
    assert_error(api.post("/segments/count", {"rules": [{"type": "ideas", "min": "x"}]}), 422)


def test_anonymous_survey_is_refused(town, cm):
    from hiroba.surveys.tests.helpers import build_survey

    secret = build_survey(cm, title="匿名", is_anonymous=True)
    rules = [{"type": "nps", "survey": secret.survey.pk, "categories": ["promoter"]}]
    error = assert_error(api_for(town.cm).post("/segments/count", {"rules": rules}), 422, "invalid")
    assert "anonymous" in error["message"]


@pytest.mark.parametrize("persona", ["alice", "mod", "editor"])
def test_everyone_but_managers_gets_403(town, persona, request):
    segment = services.create_segment(actor=town.cm, name="大阪", rules=OSAKA_PROMOTERS[:1])
    api = api_for(request.getfixturevalue(persona))
    assert_error(api.get("/segments"), 403, "managers_only")
    assert_error(api.get(f"/segments/{segment.pk}"), 403, "managers_only")
    assert_error(api.get(f"/segments/{segment.pk}/members"), 403, "managers_only")
    assert_error(api.post("/segments", {"name": "x", "rules": []}), 403, "managers_only")
    assert_error(api.post("/segments/count", {"rules": []}), 403, "managers_only")
    assert_error(api.delete(f"/segments/{segment.pk}"), 403, "managers_only")
    assert Segment.objects.count() == 1


def test_without_a_login_it_is_401(town):
    assert_error(api_for().get("/segments"), 401, "login_required")


def test_member_pages_have_a_fixed_number_of_queries(town, django_assert_max_num_queries):
    segment = services.create_segment(actor=town.cm, name="全員", rules=[])
    api = api_for(town.cm)
    page = api.get(f"/segments/{segment.pk}/members", limit=2).json()
    # Token, its member, the segment, one page of members.
    with django_assert_max_num_queries(5):
        response = api.get(f"/segments/{segment.pk}/members", limit=2, cursor=page["next_cursor"])
    assert len(response.json()["items"]) == 2


def test_a_forged_cursor_cannot_read_members_unaudited(town):
    """The cursor is a plain member id: a manager who makes one up still leaves an entry."""
    import base64

    api = api_for(town.cm)
    segment = services.create_segment(actor=town.cm, name="大阪", rules=OSAKA_PROMOTERS[:1])
    forged = base64.urlsafe_b64encode(b"9223372036854775806").decode().rstrip("=")
    page = api.get(f"/segments/{segment.pk}/members", cursor=forged)
    assert page.status_code == 200 and page.json()["items"]
    [entry] = AuditEntry.objects.filter(action=AuditAction.SEGMENT_EXPORT)
    assert entry.actor == town.cm and entry.target_id == segment.pk


def test_joined_dates_past_the_calendar_are_refused_not_500(town):
    api = api_for(town.cm)
    for rule in (
        {"type": "joined", "to": "9999-12-31"},
        {"type": "joined", "from": "0001-01-01"},
        {"type": "joined", "from": 5},
    ):
        response = api.post("/segments/count", {"rules": [rule]})
        assert response.status_code == 422, (rule, response.content)

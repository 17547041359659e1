"""Ideas through the API: the same rules, statuses, history and side rows as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.community.services import update_community_settings
from hiroba.ideas.models import Idea, Status, Vote
from hiroba.ideas.services import change_idea_status, submit_idea, vote_idea
from hiroba.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return ApiClient


def test_an_idea_is_submitted_voted_and_taken_through_every_status(
    api, alice, bob, mod, ideas_space, django_capture_on_commit_callbacks
):
    made = api(alice).post("/ideas", {"space": "ideas", "title": "詰め替え", "body": "ください"})
    assert made.status_code == 201, made.content
    idea = made.json()
    assert idea["status"] == "new" and idea["status_label"] == "新規"
    assert idea["history"] == [] and idea["can_change_status"] is False
    iid = idea["id"]
    assert idea["url"].endswith(f"/ideas/{iid}/")

    voted = api(bob).post(f"/ideas/{iid}/vote")
    assert voted.status_code == 200 and voted.json()["vote_count"] == 1
    assert api(bob).post(f"/ideas/{iid}/vote").json()["vote_count"] == 1
    assert api(bob).get(f"/ideas/{iid}").json()["voted"] is True

    path = ["under_review", "planned", "realized", "declined", "new"]
    for number, status in enumerate(path):
        with django_capture_on_commit_callbacks(execute=True):
            changed = api(mod).post(
                f"/ideas/{iid}/status", {"status": status, "note": f"API note {number}"}
            )
        assert changed.status_code == 200, changed.content
        assert changed.json()["status"] == status

    history = api(bob).get(f"/ideas/{iid}").json()["history"]
    assert [(h["old_status"], h["new_status"], h["note"]) for h in history] == [
        (old, new, f"API note {n}")
        for n, (old, new) in enumerate(zip(["new", *path[:-1]], path, strict=True))
    ]
    assert all(h["actor"]["handle"] == "mod" for h in history)
    assert AuditEntry.objects.filter(action=AuditAction.IDEA_STATUS).count() == len(path)
    assert Notification.objects.filter(recipient=alice, verb="idea_status").count() == len(path)
    assert Notification.objects.filter(recipient=bob, verb="idea_status.following").count() == len(
        path
    )

    withdrawn = api(bob).delete(f"/ideas/{iid}/vote")
    assert withdrawn.status_code == 200 and withdrawn.json()["vote_count"] == 0


def test_the_list_filters_and_sorts(api, idea, other_idea, mod, charlie):
    vote_idea(actor=charlie, idea=idea)
    change_idea_status(actor=mod, idea=other_idea, status=Status.PLANNED, note="ok")
    listed = api().get("/ideas").json()
    assert [i["id"] for i in listed["items"]] == [idea.pk, other_idea.pk]
    assert [i["id"] for i in api().get("/ideas", sort="changed").json()["items"]][0] == (
        other_idea.pk
    )
    planned = api().get("/ideas", status="planned").json()["items"]
    assert [i["id"] for i in planned] == [other_idea.pk]
    page = api().get("/ideas", sort="new", limit=1).json()
    assert [i["id"] for i in page["items"]] == [other_idea.pk]
    rest = api().get("/ideas", sort="new", limit=1, cursor=page["next_cursor"]).json()
    assert [i["id"] for i in rest["items"]] == [idea.pk] and rest["next_cursor"] is None
    assert_error(api().get("/ideas", status="bogus"), 422)
    assert_error(api().get("/ideas", space="nowhere"), 404)


def test_staff_mark_a_duplicate_and_votes_move_once(api, idea, other_idea, mod, charlie, bob):
    vote_idea(actor=charlie, idea=idea)
    vote_idea(actor=charlie, idea=other_idea)
    merged = api(mod).post(
        f"/ideas/{other_idea.pk}/duplicate", {"original": idea.pk, "note": "同じ"}
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["status"] == "duplicate" and merged.json()["duplicate_of"] == idea.pk
    # charlie voted for both: one vote on the original.
    assert Idea.objects.get(pk=idea.pk).vote_count == 1 == Vote.objects.filter(idea=idea).count()
    assert AuditEntry.objects.filter(action=AuditAction.IDEA_DUPLICATE).count() == 1
    assert_error(api(charlie).post(f"/ideas/{other_idea.pk}/vote"), 422, "invalid")
    assert_error(
        api(mod).post(f"/ideas/{idea.pk}/duplicate", {"original": 999999, "note": "x"}),
        422,
        "invalid",
    )


def test_members_cannot_change_status_or_merge(api, idea, other_idea, alice, bob):
    for member in (alice, bob):
        assert_error(
            api(member).post(f"/ideas/{idea.pk}/status", {"status": "planned", "note": "x"}),
            403,
            "staff_only",
        )
        assert_error(
            api(member).post(
                f"/ideas/{other_idea.pk}/duplicate", {"original": idea.pk, "note": "x"}
            ),
            403,
        )
    assert_error(api().post(f"/ideas/{idea.pk}/status", {"status": "planned", "note": "x"}), 401)
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


@pytest.mark.parametrize(
    "body",
    [
        {"status": "planned"},
        {"status": "planned", "note": ""},
        {"status": "duplicate", "note": "x"},
        {"status": "bogus", "note": "x"},
        {"status": "new", "note": "x"},
        {"status": "declined", "note": "x", "revisit_at": "2099-01-01T00:00:00Z"},
        {"status": "planned", "note": 5},
    ],
)
def test_bad_status_changes_are_4xx_json(api, idea, mod, body):
    response = api(mod).post(f"/ideas/{idea.pk}/status", body)
    assert_error(response, 422)
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_parking_through_the_api(api, idea, mod):
    later = (timezone.now() + timedelta(days=30)).isoformat()
    response = api(mod).post(
        f"/ideas/{idea.pk}/status",
        {"status": "under_review", "note": "later", "revisit_at": later},
    )
    assert response.status_code == 200, response.content
    assert Idea.objects.get(pk=idea.pk).revisit_at is not None


def test_restricted_ideas_are_404_for_outsiders(api, restricted_idea, charlie, bob):
    assert_error(api(charlie).get(f"/ideas/{restricted_idea.pk}"), 404)
    assert_error(api().get(f"/ideas/{restricted_idea.pk}"), 404)
    assert_error(api(charlie).post(f"/ideas/{restricted_idea.pk}/vote"), 404)
    assert restricted_idea.pk not in [i["id"] for i in api(charlie).get("/ideas").json()["items"]]
    assert api(bob).get(f"/ideas/{restricted_idea.pk}").status_code == 200


def test_bad_submissions_are_4xx_json(api, alice, recipes, ideas_space):
    assert_error(api(alice).post("/ideas", {"space": "recipes", "title": "x", "body": "y"}), 422)
    assert_error(api(alice).post("/ideas", {"space": "ideas", "title": "", "body": "y"}), 422)
    assert_error(api(alice).post("/ideas", {"space": "ideas", "title": 1, "body": "y"}), 422)
    assert_error(api(alice).post("/ideas", raw="{nope"), 422)
    assert_error(api().post("/ideas", {"space": "ideas", "title": "x", "body": "y"}), 401)
    assert not Idea.objects.exists()


def test_stats_follow_their_definitions_and_the_community_switch(
    api, alice, mod, cm, bob, ideas_space
):
    ideas = [submit_idea(actor=alice, space=ideas_space, title=f"{i}", body="x") for i in range(4)]
    change_idea_status(actor=mod, idea=ideas[0], status=Status.REALIZED, note="done")
    change_idea_status(actor=mod, idea=ideas[1], status=Status.UNDER_REVIEW, note="hm")
    stats = api(bob).get("/ideas/stats").json()
    assert stats["funnel"] == {"submitted": 4, "reviewed": 2, "planned": 1, "realized": 1}
    assert stats["realization_rate"] == 0.25 and stats["responded"] == 2
    assert "realization_rate" in stats["definitions"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert api(bob).get("/ideas/stats", since=tomorrow).json()["funnel"]["submitted"] == 0
    assert api(bob).get("/ideas/stats", space="ideas").json()["funnel"]["submitted"] == 4
    assert_error(api(bob).get("/ideas/stats", since="yesterday"), 422)

    update_community_settings(actor=cm, show_idea_stats=False)
    assert_error(api(bob).get("/ideas/stats"), 404)
    assert api(mod).get("/ideas/stats").status_code == 200


def test_the_list_query_count_is_fixed(api, alice, bob, ideas_space, django_assert_max_num_queries):
    for i in range(15):
        vote_idea(
            actor=bob, idea=submit_idea(actor=alice, space=ideas_space, title=f"{i}", body="x")
        )
    client = api(bob)
    client.get("/ideas")
    # token, member, spaces, memberships, ideas
    with django_assert_max_num_queries(6):
        assert client.get("/ideas").status_code == 200


def test_following_through_the_api(api, idea, charlie, restricted_idea):
    followed = api(charlie).post(f"/ideas/{idea.pk}/follow")
    assert followed.status_code == 200 and followed.json()["following"] is True
    assert api(charlie).delete(f"/ideas/{idea.pk}/follow").json()["following"] is False
    assert_error(api(charlie).post(f"/ideas/{restricted_idea.pk}/follow"), 404)
    assert_error(api().post(f"/ideas/{idea.pk}/follow"), 401)

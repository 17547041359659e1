"""The same rules through the API: members report, moderators act, managers read the audit log."""

import pytest
from django.test import Client

from hiroba.accounts.tokens import create_api_token
from hiroba.audit.models import AuditEntry
from hiroba.moderation.models import Report, WordRule
from hiroba.posts.models import Status
from hiroba.posts.services import add_comment, publish_post

pytestmark = pytest.mark.django_db


def api(member) -> Client:
    _token, secret = create_api_token(actor=member, name="test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post_json(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_member_reports_a_post_a_comment_and_a_member(alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=alice, post=post, body="コメント")
    client = api(bob)
    reasons = client.get("/api/v1/moderation/reasons").json()
    assert {"code": "spam", "label": reasons[0]["label"]} in reasons
    for body in (
        {"target_type": "post", "target_id": post.pk, "reason": "spam"},
        {"target_type": "comment", "target_id": comment.pk, "reason": "harassment", "note": "x"},
        {"target_type": "member", "handle": "alice", "reason": "impersonation"},
    ):
        response = post_json(client, "/api/v1/moderation/reports", body)
        assert response.status_code == 201, response.content
    assert Report.objects.filter(reporter=bob).count() == 3

    again = post_json(
        client, "/api/v1/moderation/reports", {"target_type": "post", "target_id": post.pk,
                                               "reason": "spam"}
    )  # fmt: skip
    assert again.status_code == 422 and again.json()["code"] == "invalid"
    bad = post_json(
        client, "/api/v1/moderation/reports", {"target_type": "post", "target_id": post.pk,
                                               "reason": "boring"}
    )  # fmt: skip
    assert bad.status_code == 422
    missing = post_json(
        client, "/api/v1/moderation/reports", {"target_type": "post", "target_id": 999999,
                                               "reason": "spam"}
    )  # fmt: skip
    assert missing.status_code == 404
    assert post_json(client, "/api/v1/moderation/reports", {"target_type": "x"}).status_code == 422


def test_members_get_404_from_the_staff_endpoints(alice, mod):
    client = api(alice)
    for url in (
        "/api/v1/moderation/queue",
        "/api/v1/moderation/word-rules",
        "/api/v1/moderation/audit",
        "/api/v1/moderation/members/mod/sanctions",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    # A moderator works the queue but does not read the audit log.
    assert api(mod).get("/api/v1/moderation/audit").status_code == 404


def test_a_moderator_works_the_queue_and_a_manager_reads_the_audit_log(
    alice, bob, mod, cm, recipes, django_assert_max_num_queries
):
    posts = [publish_post(actor=alice, space=recipes, body=f"投稿{i}") for i in range(5)]
    for post in posts:
        post_json(api(bob), "/api/v1/moderation/reports",
                  {"target_type": "post", "target_id": post.pk, "reason": "spam"})  # fmt: skip
    client = api(mod)
    with django_assert_max_num_queries(10):
        page = client.get("/api/v1/moderation/queue").json()
    assert [item["target_id"] for item in page["items"]] == [p.pk for p in reversed(posts)]
    assert page["items"][0]["reports"][0]["reason"] == "spam"

    response = post_json(
        client, f"/api/v1/moderation/posts/{posts[0].pk}/actions",
        {"action": "hide", "reason": "宣伝"},
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["action"] == "post_hide"
    posts[0].refresh_from_db()
    assert posts[0].status == Status.HIDDEN
    no_reason = post_json(
        client, f"/api/v1/moderation/posts/{posts[1].pk}/actions", {"action": "hide"}
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["details"]
    wrong_state = post_json(
        client, f"/api/v1/moderation/posts/{posts[1].pk}/actions", {"action": "approve"}
    )
    assert wrong_state.status_code == 403 and wrong_state.json()["code"] == "state"

    log = api(cm).get("/api/v1/moderation/audit", {"actor": "mod", "action": "post_hide"}).json()
    assert [(e["action"], e["target_id"], e["reason"]) for e in log["items"]] == [
        ("post_hide", posts[0].pk, "宣伝")
    ]


def test_word_rules_crud_is_audited(mod):
    client = api(mod)
    created = post_json(
        client, "/api/v1/moderation/word-rules", {"phrase": "ﾌﾘｰﾀﾝｸ", "action": "hold"}
    )
    assert created.status_code == 201 and created.json()["folded"] == "ふりーたんく"
    rule_id = created.json()["id"]
    duplicate = post_json(
        client, "/api/v1/moderation/word-rules", {"phrase": "フリータンク", "action": "block"}
    )
    assert duplicate.status_code == 422
    changed = client.patch(
        f"/api/v1/moderation/word-rules/{rule_id}", {"action": "mask"},
        content_type="application/json",
    )  # fmt: skip
    assert changed.status_code == 200 and changed.json()["action"] == "mask"
    assert client.delete(f"/api/v1/moderation/word-rules/{rule_id}").status_code == 204
    assert not WordRule.objects.exists()
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "word_rule_add",
        "word_rule_change",
        "word_rule_remove",
    ]


def test_sanctions_follow_the_authority_rules(alice, mod, cm):
    client = api(mod)
    response = post_json(
        client, "/api/v1/moderation/members/alice/sanctions",
        {"kind": "suspend", "reason": "荒らし", "days": 7},
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["until"]
    alice.refresh_from_db()
    assert alice.is_write_blocked
    refused = post_json(
        client, "/api/v1/moderation/members/manager/sanctions",
        {"kind": "warn", "reason": "x"},
    )  # fmt: skip
    assert refused.status_code == 403 and refused.json()["code"] == "no_authority"
    ban = post_json(
        client, "/api/v1/moderation/members/alice/sanctions", {"kind": "ban", "reason": "x"}
    )
    assert ban.status_code == 403
    history = client.get("/api/v1/moderation/members/alice/sanctions").json()
    assert [s["kind"] for s in history] == ["suspend"]

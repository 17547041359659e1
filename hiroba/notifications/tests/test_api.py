"""The notifications API: only the caller's own, keyset pages, marking read, clear errors."""

import pytest
from django.test import Client

from hiroba.api.tests.conftest import ApiClient, assert_error
from hiroba.notifications.models import Notification
from hiroba.notifications.selectors import UNREAD_CAP
from hiroba.notifications.tests.test_pages import tell


def test_visitors_get_401_everywhere(db):
    api = ApiClient()
    assert_error(api.get("/notifications"), 401, "login_required")
    assert_error(api.get("/notifications/unread-count"), 401, "login_required")
    assert_error(api.post("/notifications/read", {"all": True}), 401, "login_required")


def test_a_bad_token_is_401(db):
    client = Client(HTTP_AUTHORIZATION="Bearer nope")
    assert_error(client.get("/api/v1/notifications"), 401, "unauthenticated")


def test_the_list_is_mine_newest_first_in_pages(alice, bob, alice_post):
    tell(alice, bob, alice_post, count=5, params={"name": "<b>Bob</b>"})
    tell(bob, alice, alice_post, count=2)
    api = ApiClient(alice)
    api.headers["HTTP_ACCEPT_LANGUAGE"] = "en"

    first = api.get("/notifications", limit=3)
    assert first.status_code == 200, first.content
    body = first.json()
    mine = list(Notification.objects.filter(recipient=alice).order_by("-id"))
    assert [item["id"] for item in body["items"]] == [n.pk for n in mine[:3]]
    assert body["unread_count"] == 5 and body["next_cursor"]
    item = body["items"][0]
    assert item["verb"] == "test_suspended" and item["actor"]["handle"] == "bob"
    assert item["text"] == "<b>Bob</b> is suspended."
    assert item["html"] == "&lt;b&gt;Bob&lt;/b&gt; is suspended."
    assert item["url"] == f"http://testserver/p/{alice_post.pk}/" and item["read_at"] is None

    rest = api.get("/notifications", limit=3, cursor=body["next_cursor"]).json()
    assert [item["id"] for item in rest["items"]] == [n.pk for n in mine[3:]]
    assert rest["next_cursor"] is None


def test_the_text_follows_the_callers_language(alice, bob, alice_post):
    tell(alice, bob, alice_post, params={"name": "Bob"})
    api = ApiClient(alice)
    api.headers["HTTP_ACCEPT_LANGUAGE"] = "ja"
    assert api.get("/notifications").json()["items"][0]["text"] == "Bobさんを利用停止にしました。"


def test_unread_only_and_the_count(alice, bob, alice_post):
    rows = tell(alice, bob, alice_post, count=4)
    Notification.objects.filter(pk=rows[0].pk).update(read_at="2026-01-01T00:00:00Z")
    api = ApiClient(alice)
    unread = api.get("/notifications", unread="true").json()
    assert len(unread["items"]) == 3 and all(i["read_at"] is None for i in unread["items"])
    assert api.get("/notifications/unread-count").json() == {"unread_count": 3, "text": "3"}


def test_the_count_is_capped(alice, bob, alice_post):
    tell(alice, bob, alice_post, count=UNREAD_CAP + 5)
    body = ApiClient(alice).get("/notifications/unread-count").json()
    assert body == {"unread_count": UNREAD_CAP + 1, "text": f"{UNREAD_CAP}+"}


def test_mark_some_read_touches_only_mine(alice, bob, alice_post):
    mine = tell(alice, bob, alice_post, count=3)
    theirs = tell(bob, alice, alice_post, count=1)
    api = ApiClient(alice)

    response = api.post("/notifications/read", {"ids": [mine[0].pk, theirs[0].pk, 10**9]})

    assert response.status_code == 200, response.content
    assert response.json() == {"marked": 1, "unread_count": 2}
    assert Notification.objects.get(pk=theirs[0].pk).read_at is None
    assert api.post("/notifications/read", {"ids": [mine[0].pk]}).json()["marked"] == 0


def test_mark_all_read(alice, bob, alice_post):
    tell(alice, bob, alice_post, count=3)
    tell(bob, alice, alice_post, count=2)
    response = ApiClient(alice).post("/notifications/read", {"all": True})
    assert response.json() == {"marked": 3, "unread_count": 0}
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"all": True, "ids": [1]},
        {"all": False},
        {"all": "yes"},
        {"ids": "1"},
        {"ids": [0]},
        {"ids": [2**63]},
        {"ids": ["1"]},
        {"ids": list(range(1, 102))},
    ],
)
def test_bad_read_bodies_are_422(alice, body):
    assert_error(ApiClient(alice).post("/notifications/read", body), 422, "invalid_request")


def test_a_body_that_is_not_json_is_refused(alice):
    api = ApiClient(alice)
    assert_error(api.post("/notifications/read", raw="{nope"), 422)
    assert_error(api.post("/notifications/read", raw="x", content_type="text/plain"), 415)


def test_session_callers_need_the_csrf_header(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(
        "/api/v1/notifications/read", {"all": True}, content_type="application/json"
    )
    assert_error(response, 403, "csrf_failed")


def test_bad_list_params_are_422(alice):
    api = ApiClient(alice)
    assert_error(api.get("/notifications", limit=0), 422, "invalid_request")
    assert_error(api.get("/notifications", limit=1000), 422, "invalid_request")
    assert api.get("/notifications", cursor="garbage!").status_code == 200


def test_the_list_costs_a_few_queries(alice, bob, alice_post, django_assert_max_num_queries):
    tell(alice, bob, alice_post, count=30)
    api = ApiClient(alice)
    # token, the page (actors joined), the unread count (+ the token's last-used write)
    with django_assert_max_num_queries(5):
        assert api.get("/notifications", limit=30).status_code == 200

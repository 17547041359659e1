"""Members: token authentication, /members/me, public profiles, tokens, the OpenAPI document."""

from django.test import Client

from hiroba.accounts.models import ApiToken
from hiroba.accounts.tokens import create_api_token, revoke_api_token
from hiroba.api.tests.conftest import assert_error


def test_a_token_authenticates_the_caller(api, alice):
    response = api(alice).get("/members/me")
    assert response.status_code == 200
    body = response.json()
    assert (body["handle"], body["display_name"], body["email"]) == (
        "alice",
        "アリス",
        "alice@example.com",
    )
    assert body["role"] == "member" and body["is_suspended"] is False


def test_me_is_401_for_anonymous_callers(api, db):
    assert_error(api().get("/members/me"), 401, "login_required")


def test_a_bad_or_revoked_token_is_401_json(alice, recipes):
    client = Client()
    for header in ("Bearer hrb_not-a-real-token", "Bearer nonsense", "Basic abc", "Bearer"):
        response = client.get("/api/v1/spaces", HTTP_AUTHORIZATION=header)
        assert_error(response, 401, "unauthenticated")
    token, secret = create_api_token(actor=alice, name="laptop")
    assert (
        client.get("/api/v1/members/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    )
    revoke_api_token(actor=alice, token_id=token.pk)
    response = client.get("/api/v1/members/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_error(response, 401, "unauthenticated")


def test_a_deactivated_members_token_stops_working(api, alice):
    client = api(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert_error(client.get("/members/me"), 401, "unauthenticated")


def test_a_public_profile_never_shows_private_fields(api, alice, bob):
    alice.birth_year, alice.region, alice.bio = 1990, "13", "料理が好き"
    alice.save(update_fields=["birth_year", "region", "bio"])
    for client in (api(), api(bob), api(alice)):
        response = client.get("/members/ALICE")
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {
            "handle",
            "display_name",
            "bio",
            "icon_url",
            "is_staff",
            "is_official",
            "post_count",
            "date_joined",
        }
        assert body["handle"] == "alice" and body["bio"] == "料理が好き"
        assert "alice@example.com" not in response.content.decode()


def test_staff_and_official_accounts_are_marked(api, mod, official):
    assert api().get("/members/mod").json()["is_staff"] is True
    body = api().get("/members/hiroba_editors").json()
    assert body["is_official"] is True and body["is_staff"] is True


def test_unknown_or_malformed_handles_are_404(api, alice):
    for handle in ("nobody", "a", "x" * 31, "alice%00", "al ice", "alice%0A"):
        assert_error(api().get(f"/members/{handle}"), 404, "not_found")


def test_a_closed_community_hides_profiles_from_anonymous_callers(api, alice, closed_community):
    assert_error(api().get("/members/alice"), 404, "not_found")
    assert api(alice).get("/members/alice").status_code == 200


def test_a_member_lists_and_revokes_their_own_tokens(api, alice, bob):
    client = api(alice)
    other, _secret = create_api_token(actor=bob, name="bob's")
    listed = client.get("/members/me/tokens").json()
    assert [t["name"] for t in listed] == ["tests"]
    assert "secret" not in listed[0] and "digest" not in listed[0]
    assert_error(client.delete(f"/members/me/tokens/{other.pk}"), 404, "not_found")
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    own = listed[0]["id"]
    assert client.delete(f"/members/me/tokens/{own}").status_code == 204
    assert ApiToken.objects.get(pk=own).revoked_at is not None
    # The token revoked itself: the next call with it is refused.
    assert_error(client.get("/members/me"), 401, "unauthenticated")


def test_tokens_are_created_from_a_session_not_from_another_token(api, alice):
    session = Client()
    session.force_login(alice)
    response = session.post(
        "/api/v1/members/me/tokens", {"name": "script"}, content_type="application/json"
    )
    assert response.status_code == 201
    secret = response.json()["secret"]
    me = Client().get("/api/v1/members/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.json()["handle"] == "alice"

    before = ApiToken.objects.count()
    assert_error(api(alice).post("/members/me/tokens", {"name": "x"}), 403, "session_required")
    assert ApiToken.objects.count() == before + 1  # only the fixture's own token
    assert_error(api().post("/members/me/tokens", {"name": "x"}), 401, "login_required")
    bad = session.post("/api/v1/members/me/tokens", {"name": ""}, content_type="application/json")
    assert_error(bad, 422, "invalid")


def test_session_writes_need_the_csrf_token(alice, recipes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/v1/members/me").status_code == 200
    response = client.post(
        "/api/v1/posts", {"space": "recipes", "body": "x"}, content_type="application/json"
    )
    assert_error(response, 403, "csrf_failed")


def test_the_openapi_document_and_docs_load(db):
    client = Client()
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for path in (
        "/api/v1/spaces",
        "/api/v1/spaces/{slug}/posts",
        "/api/v1/posts",
        "/api/v1/posts/{post_id}/comments",
        "/api/v1/posts/{post_id}/reactions",
        "/api/v1/comments/{comment_id}/reactions",
        "/api/v1/members/me",
        "/api/v1/members/{handle}",
    ):
        assert path in paths, path
    create = paths["/api/v1/posts"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(create)
    assert client.get("/api/v1/docs").status_code == 200


def test_unknown_paths_and_methods_are_json(db):
    client = Client()
    assert_error(client.get("/api/v1/nothing/here"), 404, "not_found")
    response = client.put("/api/v1/spaces", "{}", content_type="application/json")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]

"""Spaces: who sees which, and a space's posts in keyset pages."""

from hiroba.api.tests.conftest import assert_error
from hiroba.community.services import join_space
from hiroba.posts.services import publish_post


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [space["slug"] for space in response.json()]


def test_anonymous_callers_see_the_public_spaces_of_an_open_community(
    api, recipes, lounge, inner_circle
):
    assert slugs(api().get("/spaces")) == ["recipes"]
    assert api().get("/spaces/recipes").json()["name"] == "レシピ"
    assert_error(api().get("/spaces/lounge"), 404, "not_found")
    assert_error(api().get("/spaces/inner"), 404, "not_found")


def test_members_see_members_only_spaces_and_invited_ones(
    api, alice, charlie, recipes, lounge, inner_circle
):
    assert slugs(api(alice).get("/spaces")) == ["recipes", "lounge", "inner"]
    assert slugs(api(charlie).get("/spaces")) == ["recipes", "lounge"]


def test_joined_says_whether_the_caller_joined(api, alice, recipes, lounge):
    join_space(actor=alice, space=lounge)
    spaces = {s["slug"]: s["joined"] for s in api(alice).get("/spaces").json()}
    assert spaces == {"recipes": False, "lounge": True}
    assert api(alice).get("/spaces/lounge").json()["joined"] is True


def test_an_outsider_gets_404_for_a_restricted_space_and_its_posts(
    api, alice, charlie, inner_circle
):
    publish_post(actor=alice, space=inner_circle, body="秘密の話")
    assert_error(api(charlie).get("/spaces/inner"), 404, "not_found")
    assert_error(api(charlie).get("/spaces/inner/posts"), 404, "not_found")
    assert_error(api().get("/spaces/inner/posts"), 404, "not_found")
    items = api(alice).get("/spaces/inner/posts").json()["items"]
    assert [p["body"] for p in items] == ["秘密の話"]


def test_a_closed_community_is_401_or_404_to_anonymous_callers(
    api, alice, recipes, closed_community
):
    assert_error(api().get("/spaces"), 401, "login_required")
    assert_error(api().get("/spaces/recipes"), 404, "not_found")
    assert_error(api().get("/spaces/recipes/posts"), 404, "not_found")
    assert slugs(api(alice).get("/spaces")) == ["recipes"]


def test_space_posts_come_in_keyset_pages(api, alice, recipes, lounge):
    bodies = [f"post {n}" for n in range(5)]
    for body in bodies:
        publish_post(actor=alice, space=recipes, body=body)
    publish_post(actor=alice, space=lounge, body="elsewhere")
    client = api()
    first = client.get("/spaces/recipes/posts", limit=2).json()
    assert [p["body"] for p in first["items"]] == ["post 4", "post 3"]
    second = client.get("/spaces/recipes/posts", limit=2, cursor=first["next_cursor"]).json()
    assert [p["body"] for p in second["items"]] == ["post 2", "post 1"]
    third = client.get("/spaces/recipes/posts", limit=2, cursor=second["next_cursor"]).json()
    assert [p["body"] for p in third["items"]] == ["post 0"]
    assert third["next_cursor"] is None


def test_unknown_or_malformed_slugs_and_bad_paging_are_4xx_json(api, alice, recipes):
    for slug in ("nope", "RECIPES", "re%00cipes", "a" * 51, "%E3%83%AC"):
        assert_error(api(alice).get(f"/spaces/{slug}"), 404, "not_found")
        assert_error(api(alice).get(f"/spaces/{slug}/posts"), 404, "not_found")
    for params in ({"limit": 0}, {"limit": 51}, {"limit": "many"}, {"cursor": "x" * 201}):
        assert_error(api().get("/spaces/recipes/posts", **params), 422, "invalid_request")
    # A cursor that does not decode reads as "from the start", as on the pages.
    assert api().get("/spaces/recipes/posts", cursor="!!garbage!!").status_code == 200

"""Posts, comments and likes through the API: the same rules as the pages, the same side rows."""

import pytest

from hiroba.activity.models import Activity, Verb
from hiroba.api.tests.conftest import assert_error
from hiroba.community.selectors import all_spaces
from hiroba.posts.models import Comment, Photo, Post, Reaction
from hiroba.posts.services import add_comment, add_reaction, publish_post


@pytest.fixture
def secret_post(alice, inner_circle):
    return publish_post(actor=alice, space=inner_circle, body="アンバサダーだけの話")


@pytest.fixture
def secret_comment(bob, secret_post):
    return add_comment(actor=bob, post=secret_post, body="内緒です")


# Reading


def test_anonymous_callers_read_the_open_community(api, alice, recipes, lounge, secret_post):
    public = publish_post(actor=alice, space=recipes, title="胡麻和え", body="簡単です")
    publish_post(actor=alice, space=lounge, body="members only")
    add_comment(actor=alice, post=public, body="コツは胡麻を煎ること")
    feed = api().get("/posts").json()
    assert [p["id"] for p in feed["items"]] == [public.pk]
    post = api().get(f"/posts/{public.pk}").json()
    assert (post["title"], post["space"]["slug"], post["author"]["handle"]) == (
        "胡麻和え",
        "recipes",
        "alice",
    )
    assert post["liked"] is False and post["comment_count"] == 1
    comments = api().get(f"/posts/{public.pk}/comments").json()
    assert [c["body"] for c in comments["items"]] == ["コツは胡麻を煎ること"]


def test_a_closed_community_is_401_or_404_to_anonymous_callers(
    api, alice, recipes, closed_community
):
    post = publish_post(actor=alice, space=recipes, body="hello")
    assert_error(api().get("/posts"), 401, "login_required")
    assert_error(api().get(f"/posts/{post.pk}"), 404, "not_found")
    assert_error(api().get(f"/posts/{post.pk}/comments"), 404, "not_found")
    assert [p["id"] for p in api(alice).get("/posts").json()["items"]] == [post.pk]


def test_an_outsider_gets_404_for_restricted_posts_and_comments(
    api, alice, charlie, secret_post, secret_comment
):
    outsider = api(charlie)
    assert outsider.get("/posts").json()["items"] == []
    assert_error(outsider.get(f"/posts/{secret_post.pk}"), 404, "not_found")
    assert_error(outsider.get(f"/posts/{secret_post.pk}/comments"), 404, "not_found")
    assert_error(api().get(f"/posts/{secret_post.pk}"), 404, "not_found")
    # Invited members read them.
    assert api(alice).get(f"/posts/{secret_post.pk}").status_code == 200
    thread = api(alice).get(f"/posts/{secret_post.pk}/comments").json()
    assert [c["body"] for c in thread["items"]] == ["内緒です"]


def test_an_outsider_can_not_write_to_a_restricted_space(
    api, charlie, inner_circle, secret_post, secret_comment
):
    outsider = api(charlie)
    activities = Activity.objects.count()
    assert_error(outsider.post("/posts", {"space": "inner", "body": "x"}), 404, "not_found")
    assert_error(
        outsider.post(f"/posts/{secret_post.pk}/comments", {"body": "x"}), 404, "not_found"
    )
    assert_error(outsider.post(f"/posts/{secret_post.pk}/reactions"), 404, "not_found")
    assert_error(outsider.delete(f"/posts/{secret_post.pk}/reactions"), 404, "not_found")
    assert_error(outsider.post(f"/comments/{secret_comment.pk}/reactions"), 404, "not_found")
    assert_error(outsider.delete(f"/comments/{secret_comment.pk}/reactions"), 404, "not_found")
    assert_error(outsider.delete(f"/posts/{secret_post.pk}"), 404, "not_found")
    assert_error(outsider.delete(f"/comments/{secret_comment.pk}"), 404, "not_found")
    assert Activity.objects.count() == activities
    assert Reaction.objects.count() == 0
    assert Post.objects.filter(space=inner_circle).count() == 1
    assert Comment.objects.count() == 1


def test_the_home_feed_pages_by_cursor_and_orders_by_likes(api, alice, bob, recipes):
    posts = [publish_post(actor=alice, space=recipes, body=f"post {n}") for n in range(3)]
    add_reaction(actor=bob, post=posts[0])
    client = api(bob)
    first = client.get("/posts", limit=2).json()
    assert [p["id"] for p in first["items"]] == [posts[2].pk, posts[1].pk]
    rest = client.get("/posts", limit=2, cursor=first["next_cursor"]).json()
    assert [p["id"] for p in rest["items"]] == [posts[0].pk] and rest["next_cursor"] is None
    assert rest["items"][0]["liked"] is True and rest["items"][0]["reaction_count"] == 1
    popular = client.get("/posts", order="popular").json()
    assert popular["items"][0]["id"] == posts[0].pk
    assert_error(client.get("/posts", order="oldest"), 422, "invalid_request")


def test_comments_come_with_their_replies_nested_once(api, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="質問です")
    first = add_comment(actor=bob, post=post, body="first")
    reply = add_comment(actor=alice, post=post, body="reply", parent=first)
    add_comment(actor=bob, post=post, body="reply to reply", parent=reply)
    add_comment(actor=bob, post=post, body="second")
    add_reaction(actor=alice, comment=first)
    thread = api(alice).get(f"/posts/{post.pk}/comments").json()
    assert thread["total"] == 4
    assert [(c["body"], [r["body"] for r in c["replies"]]) for c in thread["items"]] == [
        ("first", ["reply", "reply to reply"]),
        ("second", []),
    ]
    assert thread["items"][0]["liked"] is True and thread["items"][0]["reaction_count"] == 1
    assert thread["items"][0]["replies"][0]["parent_id"] == first.pk


# Writing


def test_publishing_a_post_writes_the_post_and_its_activity(api, alice, recipes):
    assert Activity.objects.filter(verb=Verb.POST).count() == 0
    response = api(alice).post(
        "/posts", {"space": "recipes", "title": "胡麻和え", "body": "今日は #ごま料理"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    post = Post.objects.get(pk=body["id"])
    assert (post.author, post.space, post.title) == (alice, recipes, "胡麻和え")
    assert body["url"].endswith(f"/p/{post.pk}/") and "ごま料理" in body["body_html"]
    activity = Activity.objects.get(verb=Verb.POST)
    assert (activity.actor, activity.subject_id, activity.space_id) == (alice, post.pk, recipes.pk)
    recipes.refresh_from_db()
    assert recipes.post_count == 1


def test_publishing_with_photos_by_multipart(api, alice, recipes, jpeg_upload):
    response = api(alice).post_multipart(
        "/posts",
        {"space": "recipes", "body": "写真です", "photos": [jpeg_upload(), jpeg_upload("b.jpg")]},
    )
    assert response.status_code == 201, response.content
    photos = response.json()["photos"]
    assert len(photos) == 2 and photos[0]["url"].startswith("http://testserver/media/")
    assert Photo.objects.filter(post_id=response.json()["id"]).count() == 2


def test_a_bad_photo_saves_nothing(api, alice, recipes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = api(alice).post_multipart(
        "/posts", {"space": "recipes", "body": "x", "photos": fake}
    )
    body = assert_error(response, 422, "invalid")
    assert "photos" in body["details"]
    assert Post.objects.count() == 0 and Activity.objects.filter(verb=Verb.POST).count() == 0


def test_anonymous_callers_can_not_write(api, alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="hello")
    comment = add_comment(actor=alice, post=post, body="hi")
    anonymous = api()
    assert_error(anonymous.post("/posts", {"space": "recipes", "body": "x"}), 401, "login_required")
    assert_error(anonymous.post(f"/posts/{post.pk}/comments", {"body": "x"}), 401)
    assert_error(anonymous.post(f"/posts/{post.pk}/reactions"), 401, "login_required")
    assert_error(anonymous.post(f"/comments/{comment.pk}/reactions"), 401, "login_required")
    assert Post.objects.count() == 1 and Reaction.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"space": "recipes", "body": "   "}, "invalid", "body"),
        ({"space": "recipes", "body": "あ" * 20_001}, "invalid", "body"),
        ({"space": "recipes", "title": "t" * 121, "body": "x"}, "invalid", "title"),
        ({"space": "recipes", "body": "nul \x00 byte"}, "invalid", "body"),
        ({"space": "recipes"}, "invalid_request", "body"),
        ({"space": "recipes", "body": 42}, "invalid_request", "body"),
        ({"space": "recipes", "body": ["x"]}, "invalid_request", "body"),
        ({"space": 7, "body": "x"}, "invalid_request", "space"),
        ({"space": "recipes", "title": None, "body": "x"}, "invalid_request", "title"),
    ],
)
def test_invalid_posts_are_422_with_a_code(api, alice, recipes, payload, code, field):
    body = assert_error(api(alice).post("/posts", payload), 422, code)
    fields = body["details"] if code == "invalid" else [d["field"] for d in body["details"]]
    assert field in fields
    assert Post.objects.count() == 0


def test_malformed_bodies_are_4xx_json(api, alice, recipes):
    client = api(alice)
    assert_error(client.post("/posts", raw="{not json"), 422, "invalid_request")
    assert_error(client.post("/posts", raw='["a list"]'), 422, "invalid_request")
    assert_error(client.post("/posts", raw=b"\xff\xfe"), 422, "invalid_request")
    assert_error(client.post("/posts", raw="", content_type="application/json"), 422)
    assert_error(
        client.post("/posts", raw="space=recipes", content_type="text/plain"),
        415,
        "unsupported_media_type",
    )
    for slug in ("nope", "IN NER", "x\x00y", "a" * 60):
        assert_error(client.post("/posts", {"space": slug, "body": "x"}), 404, "not_found")
    assert Post.objects.count() == 0


def test_bad_ids_are_4xx_json(api, alice, recipes):
    client = api(alice)
    for post_id in ("abc", "1.5", "-1", "0", "99999999999999999999999"):
        assert_error(client.get(f"/posts/{post_id}"), 422, "invalid_request")
        assert_error(client.post(f"/posts/{post_id}/reactions"), 422, "invalid_request")
        assert_error(client.post(f"/comments/{post_id}/reactions"), 422, "invalid_request")
    assert_error(client.get("/posts/9223372036854775807"), 404, "not_found")
    assert_error(client.get("/posts/12345/comments"), 404, "not_found")
    assert_error(client.post("/posts/12345/comments", {"body": "x"}), 404, "not_found")


def test_commenting_writes_the_comment_and_its_activity(api, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="hello")
    response = api(bob).post(f"/posts/{post.pk}/comments", {"body": "nice"})
    assert response.status_code == 201, response.content
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.post, comment.author, comment.body) == (post, bob, "nice")
    activity = Activity.objects.get(verb=Verb.COMMENT)
    assert (activity.actor, activity.subject_id, activity.data["post"]) == (
        bob,
        comment.pk,
        post.pk,
    )
    post.refresh_from_db()
    assert post.comment_count == 1

    reply = api(alice).post(f"/posts/{post.pk}/comments", {"body": "thanks", "parent": comment.pk})
    assert reply.status_code == 201 and reply.json()["parent_id"] == comment.pk


def test_invalid_comments_are_4xx_json(api, alice, recipes, lounge):
    post = publish_post(actor=alice, space=recipes, body="hello")
    other = publish_post(actor=alice, space=lounge, body="elsewhere")
    elsewhere = add_comment(actor=alice, post=other, body="a comment on another post")
    client = api(alice)
    url = f"/posts/{post.pk}/comments"
    assert_error(client.post(url, {"body": ""}), 422, "invalid")
    assert_error(client.post(url, {"body": "x" * 5001}), 422, "invalid")
    assert_error(client.post(url, {}), 422, "invalid_request")
    assert_error(client.post(url, {"body": "x", "parent": "1"}), 422, "invalid_request")
    assert_error(client.post(url, {"body": "x", "parent": 0}), 422, "invalid_request")
    assert_error(client.post(url, {"body": "x", "parent": 2**70}), 422, "invalid_request")
    assert_error(client.post(url, {"body": "x", "parent": 98765}), 404, "not_found")
    assert_error(client.post(url, {"body": "x", "parent": elsewhere.pk}), 404, "not_found")
    assert Comment.objects.count() == 1


def test_liking_and_unliking_a_post(api, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="hello")
    client = api(bob)
    assert client.post(f"/posts/{post.pk}/reactions").json() == {
        "liked": True,
        "reaction_count": 1,
    }
    # A second like changes nothing.
    assert client.post(f"/posts/{post.pk}/reactions").json()["reaction_count"] == 1
    activity = Activity.objects.get(verb=Verb.REACTION)
    assert (activity.actor, activity.subject_type, activity.subject_id) == (bob, "post", post.pk)
    assert client.get(f"/posts/{post.pk}").json()["liked"] is True

    assert client.delete(f"/posts/{post.pk}/reactions").json() == {
        "liked": False,
        "reaction_count": 0,
    }
    assert Activity.objects.filter(verb=Verb.REACTION_REMOVE, actor=bob).count() == 1
    assert Reaction.objects.count() == 0


def test_liking_and_unliking_a_comment(api, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="hello")
    comment = add_comment(actor=alice, post=post, body="hi")
    client = api(bob)
    assert client.post(f"/comments/{comment.pk}/reactions").json() == {
        "liked": True,
        "reaction_count": 1,
    }
    activity = Activity.objects.get(verb=Verb.REACTION)
    assert (activity.subject_type, activity.subject_id) == ("comment", comment.pk)
    assert client.delete(f"/comments/{comment.pk}/reactions").json()["reaction_count"] == 0
    assert Activity.objects.filter(verb=Verb.REACTION_REMOVE).count() == 1


def test_deleting_a_post_and_a_comment(api, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="hello")
    comment = add_comment(actor=bob, post=post, body="hi")
    assert_error(api(bob).delete(f"/posts/{post.pk}"), 404, "not_found")
    assert_error(api(alice).delete(f"/comments/{comment.pk}"), 403, "forbidden")
    assert api(bob).delete(f"/comments/{comment.pk}").status_code == 204
    assert api(alice).delete(f"/posts/{post.pk}").status_code == 204
    assert_error(api(alice).get(f"/posts/{post.pk}"), 404, "not_found")
    assert Activity.objects.filter(verb=Verb.POST_DELETE, actor=alice).count() == 1
    assert Activity.objects.filter(verb=Verb.COMMENT_DELETE, actor=bob).count() == 1


# Query counts


def _fill(members, spaces, jpeg_upload, count):
    for n in range(count):
        author = members[n % len(members)]
        post = publish_post(
            actor=author,
            space=spaces[n % len(spaces)],
            body=f"post {n} #tag{n}",
            photos=[jpeg_upload()] if n % 3 == 0 else (),
        )
        add_comment(actor=members[0], post=post, body="hi")
        add_reaction(actor=members[-1], post=post)


@pytest.mark.parametrize("count", [3, 25])
def test_the_home_feed_uses_a_fixed_number_of_queries(
    api,
    alice,
    bob,
    recipes,
    lounge,
    inner_circle,
    jpeg_upload,
    django_assert_max_num_queries,
    count,
):
    _fill([alice, bob], [recipes, lounge, inner_circle], jpeg_upload, count)
    client, anonymous = api(alice), api()
    # Warm up: the community settings are cached and the token's last use is stamped once; the
    # spaces are kept in the process until one changes (community.selectors.all_spaces).
    client.get("/members/me")
    all_spaces()
    # token, the kept things' generation numbers, memberships, posts, photos, the caller's likes
    with django_assert_max_num_queries(6):
        response = client.get("/posts")
    assert len(response.json()["items"]) == min(count, 20)
    # The week's ranking is one more query, made once and cached for a few minutes.
    with django_assert_max_num_queries(7):
        client.get("/posts", order="popular")
    with django_assert_max_num_queries(6):
        client.get("/posts", order="popular")
    # spaces, posts, photos
    with django_assert_max_num_queries(3):
        response = anonymous.get("/posts")
    assert response.json()["items"]
    assert all(p["space"]["slug"] == "recipes" for p in response.json()["items"])


def test_space_posts_and_comments_use_a_fixed_number_of_queries(
    api, alice, bob, recipes, jpeg_upload, django_assert_max_num_queries
):
    _fill([alice, bob], [recipes], jpeg_upload, 22)
    post = Post.objects.order_by("id").first()
    for n in range(10):
        add_comment(actor=bob, post=post, body=f"more {n}")
    client = api(alice)
    client.get("/members/me")
    # token, space, spaces, memberships, posts, photos, the caller's likes
    with django_assert_max_num_queries(7):
        response = client.get("/spaces/recipes/posts")
    assert len(response.json()["items"]) == 20
    # token, post, spaces, memberships, comments, the caller's comment likes
    with django_assert_max_num_queries(6):
        response = client.get(f"/posts/{post.pk}/comments")
    assert response.json()["total"] == 11


def test_hostile_cursors_are_not_a_server_error(api, alice, recipes):
    from datetime import UTC, datetime

    from hiroba.core.pagination import encode_cursor

    publish_post(actor=alice, space=recipes, body="hello")
    cursors = [
        encode_cursor(datetime(2999, 1, 1, tzinfo=UTC), 2**80),
        encode_cursor(datetime(1, 1, 1, tzinfo=UTC), -(2**80)),
        encode_cursor(2**80, 2**80),
        encode_cursor("not a date", "x"),
    ]
    for cursor in cursors:
        for order in ("newest", "popular"):
            response = api(alice).get("/posts", order=order, cursor=cursor)
            assert response.status_code == 200, response.content
        assert api().get("/spaces/recipes/posts", cursor=cursor).status_code == 200


def test_a_suspended_member_reads_but_can_not_write(api, alice, bob, cm, recipes):
    from hiroba.moderation.services import sanction_member

    post = publish_post(actor=alice, space=recipes, body="hello")
    client = api(bob)
    sanction_member(actor=cm, member=bob, kind="suspend", reason="test")
    assert client.get(f"/posts/{post.pk}").status_code == 200
    assert_error(client.post("/posts", {"space": "recipes", "body": "x"}), 403, "suspended")
    assert_error(client.post(f"/posts/{post.pk}/comments", {"body": "x"}), 403, "suspended")
    assert_error(client.post(f"/posts/{post.pk}/reactions"), 403, "suspended")
    assert Post.objects.count() == 1 and Reaction.objects.count() == 0

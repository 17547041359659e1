"""Who sees what: restricted and members-only spaces, closed communities, suspended members,
and editors posting as the official account."""

import pytest
from django.urls import reverse

from conftest import client_for
from hiroba.activity.models import Activity, Verb
from hiroba.community.models import SpaceMembership
from hiroba.community.services import update_community_settings
from hiroba.core.errors import Refused
from hiroba.moderation.services import sanction_member
from hiroba.posts.models import Comment, Post, Reaction
from hiroba.posts.services import add_comment, add_reaction, create_article, publish_post

SECRET = "SECRETinner秘密のレシピ"
MEMBERS_ONLY = "MEMBERSonly雑談ネタ"


@pytest.fixture
def secret_post(alice, inner_circle):
    return publish_post(actor=alice, space=inner_circle, body=f"{SECRET} #共通タグ")


@pytest.fixture
def secret_comment(bob, secret_post):
    return add_comment(actor=bob, post=secret_post, body="内緒のコメント")


@pytest.fixture
def public_post(alice, recipes):
    return publish_post(actor=alice, space=recipes, body="みんなのレシピ #共通タグ")


@pytest.fixture
def lounge_post(alice, lounge):
    return publish_post(actor=alice, space=lounge, body=f"{MEMBERS_ONLY} #共通タグ")


# --- restricted spaces ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["charlie", "anon"])
def test_outsiders_get_404_for_a_restricted_space_and_its_posts(
    request, persona, secret_post, secret_comment
):
    client = client_for(request.getfixturevalue(persona) if persona != "anon" else None)

    for url in (
        reverse("posts:space", args=["inner"]),
        reverse("posts:detail", args=[secret_post.pk]),
        reverse("posts:history", args=[secret_post.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_an_outsider_gets_404_when_liking_or_commenting_in_a_restricted_space(
    charlie, secret_post, secret_comment
):
    client = client_for(charlie)

    assert client.post(reverse("posts:like", args=[secret_post.pk])).status_code == 404
    assert client.post(reverse("posts:like_comment", args=[secret_comment.pk])).status_code == 404
    assert (
        client.post(reverse("posts:comment", args=[secret_post.pk]), {"body": "hi"}).status_code
        == 404
    )
    assert client.post(reverse("community:join", args=["inner"])).status_code == 404
    assert not Reaction.objects.exists()
    assert Comment.objects.count() == 1
    assert not SpaceMembership.objects.filter(member=charlie).exists()


def test_an_anonymous_like_on_a_hidden_comment_looks_like_one_on_a_missing_comment(
    secret_comment,
):
    hidden = client_for().post(reverse("posts:like_comment", args=[secret_comment.pk]))
    missing = client_for().post(reverse("posts:like_comment", args=[secret_comment.pk + 999]))

    # Anonymous writes go to the login page first; nothing tells a hidden comment from a missing one.
    assert hidden.status_code == missing.status_code == 302
    assert hidden["Location"].split("?")[0] == missing["Location"].split("?")[0]
    assert not Reaction.objects.exists()


def test_an_invited_member_sees_the_restricted_space(bob, secret_post, secret_comment):
    client = client_for(bob)
    assert SECRET.encode() in client.get(reverse("posts:space", args=["inner"])).content
    assert client.get(reverse("posts:detail", args=[secret_post.pk])).status_code == 200
    assert client.post(reverse("posts:like_comment", args=[secret_comment.pk])).status_code == 302
    assert Reaction.objects.filter(member=bob, comment=secret_comment).exists()


@pytest.mark.parametrize("persona", ["charlie", "anon"])
def test_restricted_posts_never_appear_in_lists_for_outsiders(
    request, persona, alice, secret_post, public_post
):
    client = client_for(request.getfixturevalue(persona) if persona != "anon" else None)

    for url in (
        reverse("home"),
        reverse("home") + "?order=popular",
        reverse("posts:tag", args=["共通タグ"]),
        reverse("accounts:profile", args=[alice.handle]),
        reverse("posts:spaces"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET.encode() not in response.content, url
        assert b"/s/inner/" not in response.content, url
    home = client.get(reverse("home"))
    assert public_post.pk in [p.pk for p in home.context["page"].items]


def test_restricted_posts_appear_in_lists_for_invited_members(bob, alice, secret_post):
    client = client_for(bob)
    for url in (
        reverse("home"),
        reverse("posts:tag", args=["共通タグ"]),
        reverse("accounts:profile", args=[alice.handle]),
    ):
        assert SECRET.encode() in client.get(url).content, url


def test_a_moderator_sees_a_restricted_space_without_an_invitation(mod, secret_post):
    assert client_for(mod).get(reverse("posts:detail", args=[secret_post.pk])).status_code == 200


# --- members-only spaces -------------------------------------------------------------------------


def test_a_members_only_space_is_hidden_from_anonymous_visitors(alice, lounge_post):
    client = client_for()
    assert client.get(reverse("posts:space", args=["lounge"])).status_code == 404
    assert client.get(reverse("posts:detail", args=[lounge_post.pk])).status_code == 404
    for url in (
        reverse("home"),
        reverse("posts:tag", args=["共通タグ"]),
        reverse("accounts:profile", args=[alice.handle]),
    ):
        assert MEMBERS_ONLY.encode() not in client.get(url).content, url


def test_a_members_only_space_is_open_to_any_member(charlie, lounge_post):
    client = client_for(charlie)
    assert MEMBERS_ONLY.encode() in client.get(reverse("posts:space", args=["lounge"])).content
    assert client.get(reverse("posts:detail", args=[lounge_post.pk])).status_code == 200


# --- closed community ----------------------------------------------------------------------------


@pytest.fixture
def closed(cm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_community_settings(actor=cm, is_open=False)


def test_a_closed_community_shows_anonymous_visitors_only_the_landing_page(
    alice, public_post, official, editor, closed
):
    article = create_article(
        actor=editor, as_account=official, title="お知らせ", body="本文", publish="now"
    )
    client = client_for()

    home = client.get("/")
    assert home.status_code == 200
    assert [t.name for t in home.templates][0] == "community/landing.html"
    assert b"#\xe5\x85\xb1" not in home.content and "みんなのレシピ".encode() not in home.content

    for url in (
        reverse("posts:space", args=["recipes"]),
        reverse("posts:spaces"),
        reverse("posts:detail", args=[public_post.pk]),
        reverse("posts:detail", args=[article.pk]),
        reverse("posts:articles"),
        reverse("posts:tag", args=["共通タグ"]),
        reverse("accounts:profile", args=[alice.handle]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login") + "?next="), url

    for url in (
        reverse("account_login"),
        reverse("account_signup"),
        reverse("community:guidelines"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_closed_community_is_readable_by_members(charlie, public_post, closed):
    client = client_for(charlie)
    home = client.get("/")
    assert home.status_code == 200
    assert public_post.pk in [p.pk for p in home.context["page"].items]
    assert client.get(reverse("posts:detail", args=[public_post.pk])).status_code == 200


# --- suspended members ---------------------------------------------------------------------------


@pytest.fixture
def suspended_bob(bob, cm):
    sanction_member(actor=cm, member=bob, kind="suspend", reason="test")
    bob.refresh_from_db()
    return bob


def test_a_suspended_member_can_still_read(suspended_bob, public_post, recipes):
    client = client_for(suspended_bob)
    for url in (
        reverse("home"),
        reverse("posts:space", args=[recipes.slug]),
        reverse("posts:detail", args=[public_post.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_every_write_of_a_suspended_member_is_refused(suspended_bob, public_post, recipes):
    comment = add_comment(actor=public_post.author, post=public_post, body="first")
    before = Activity.objects.count()
    client = client_for(suspended_bob)

    attempts = {
        "post": client.post(
            reverse("posts:compose_in_space", args=[recipes.slug]), {"body": "let me post"}
        ),
        "comment": client.post(reverse("posts:comment", args=[public_post.pk]), {"body": "hi"}),
        "like": client.post(reverse("posts:like", args=[public_post.pk])),
        "like_comment": client.post(reverse("posts:like_comment", args=[comment.pk])),
        "join": client.post(reverse("community:join", args=[recipes.slug])),
    }

    for name, response in attempts.items():
        assert response.status_code == 403, name
        assert b"suspended" in response.content, name
    assert Post.objects.count() == 1
    assert Comment.objects.count() == 1
    assert not Reaction.objects.exists()
    assert not SpaceMembership.objects.filter(member=suspended_bob).exists()
    assert Activity.objects.count() == before


def test_a_suspended_member_gets_the_refusal_in_the_flash_area_over_htmx(
    suspended_bob, public_post
):
    response = client_for(suspended_bob).post(
        reverse("posts:like", args=[public_post.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#flash"
    assert not Reaction.objects.exists()


def test_services_refuse_a_suspended_member(suspended_bob, public_post, recipes):
    with pytest.raises(Refused):
        add_reaction(actor=suspended_bob, post=public_post)
    with pytest.raises(Refused):
        add_comment(actor=suspended_bob, post=public_post, body="x")
    with pytest.raises(Refused):
        publish_post(actor=suspended_bob, space=recipes, body="x")


# --- the official account ------------------------------------------------------------------------


def test_an_editor_posts_an_article_as_the_official_account(editor, official, client):
    client.force_login(editor)
    response = client.post(
        reverse("posts:article_new"),
        {"as_account": official.pk, "title": "新商品のお知らせ", "body": "本文", "publish": "now"},
    )

    article = Post.objects.get()
    assert response.status_code == 302
    assert (article.author, article.created_by) == (official, editor)
    activity = Activity.objects.get(verb=Verb.ARTICLE_PUBLISH)
    assert activity.actor == editor and activity.data == {"as": official.pk}
    page = client_for().get(reverse("posts:detail", args=[article.pk]))
    assert page.status_code == 200
    assert f"@{official.handle}".encode() in page.content
    assert official.display_name.encode() in page.content
    assert f"@{editor.handle}".encode() not in page.content


def test_a_member_cannot_post_as_the_official_account(alice, official, recipes, public_post):
    before = Post.objects.count()
    with pytest.raises(Refused) as refused:
        publish_post(actor=alice, space=recipes, body="なりすまし", as_account=official)
    assert refused.value.code == "cannot_post_as"
    with pytest.raises(Refused):
        add_comment(actor=alice, post=public_post, body="なりすまし", as_account=official)
    with pytest.raises(Refused):
        create_article(actor=alice, as_account=official, title="t", body="b", publish="now")
    assert Post.objects.count() == before
    assert not Comment.objects.exists()


def test_a_member_cannot_open_the_article_form(alice, official):
    client = client_for(alice)
    assert client.get(reverse("posts:article_new")).status_code == 403
    response = client.post(
        reverse("posts:article_new"),
        {"as_account": official.pk, "title": "t", "body": "b", "publish": "now"},
    )
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_the_official_account_cannot_log_in(official):
    assert not official.has_usable_password()
    assert not client_for().login(email=official.email, password="")

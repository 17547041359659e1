"""Every page renders for the right persona, refuses the wrong one, and keeps a fixed query count."""

import pytest
from django.urls import reverse

from conftest import client_for
from hiroba.activity.models import Activity, Verb
from hiroba.community.services import join_space, leave_space
from hiroba.posts.models import Comment, Reaction
from hiroba.posts.services import add_comment, add_reaction, create_article, edit_post, publish_post


@pytest.fixture
def post(alice, recipes):
    post = publish_post(actor=alice, space=recipes, title="胡麻和え", body="#ごま料理 の作り方")
    edit_post(actor=alice, post=post, title="胡麻和え", body="#ごま料理 の作り方 (改)")
    return post


@pytest.fixture
def article(editor, official):
    return create_article(
        actor=editor, as_account=official, title="編集部から", body="本文", publish="now"
    )


def test_pages_render_for_members(alice, post, article, recipes):
    client = client_for(alice)
    pages = {
        "home": reverse("home"),
        "popular": reverse("home") + "?order=popular",
        "space": reverse("posts:space", args=[recipes.slug]),
        "spaces": reverse("posts:spaces"),
        "post": reverse("posts:detail", args=[post.pk]),
        "article": reverse("posts:detail", args=[article.pk]),
        "articles": reverse("posts:articles"),
        "tag": reverse("posts:tag", args=["ごま料理"]),
        "profile": reverse("accounts:profile", args=[alice.handle]),
        "compose": reverse("posts:compose"),
        "compose_in_space": reverse("posts:compose_in_space", args=[recipes.slug]),
        "edit": reverse("posts:edit", args=[post.pk]),
        "history": reverse("posts:history", args=[post.pk]),
        "profile_settings": reverse("accounts:edit_profile"),
        "tokens": reverse("accounts:tokens"),
        "guidelines": reverse("community:guidelines"),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert b"<html" in response.content, name


def test_the_post_page_shows_the_post_and_the_history_its_old_text(alice, post):
    client = client_for(alice)
    page = client.get(reverse("posts:detail", args=[post.pk]))
    assert "の作り方 (改)".encode() in page.content
    history = client.get(reverse("posts:history", args=[post.pk]))
    assert "#ごま料理 の作り方\n".encode() in history.content or "の作り方<".encode() in (
        history.content
    )


def test_anonymous_visitors_read_public_pages_of_an_open_community(alice, post, article):
    client = client_for()
    for url in (
        reverse("home"),
        reverse("posts:detail", args=[post.pk]),
        reverse("posts:detail", args=[article.pk]),
        reverse("posts:articles"),
        reverse("posts:tag", args=["ごま料理"]),
        reverse("accounts:profile", args=[alice.handle]),
    ):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_login_for_writing_pages(post):
    client = client_for()
    for url in (
        reverse("posts:compose"),
        reverse("posts:edit", args=[post.pk]),
        reverse("accounts:edit_profile"),
        reverse("community:settings"),
        reverse("posts:article_new"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_others_cannot_edit_a_post(bob, post):
    client = client_for(bob)
    assert client.get(reverse("posts:edit", args=[post.pk])).status_code == 404
    response = client.post(reverse("posts:edit", args=[post.pk]), {"body": "hijacked"})
    assert response.status_code == 404
    assert client.post(reverse("posts:delete", args=[post.pk])).status_code == 404
    post.refresh_from_db()
    assert post.body == "#ごま料理 の作り方 (改)" and post.deleted_at is None


def test_missing_things_are_404(alice):
    client = client_for(alice)
    for url in (
        reverse("posts:detail", args=[999999]),
        reverse("posts:space", args=["nope"]),
        reverse("posts:tag", args=["nope"]),
        reverse("accounts:profile", args=["nobody_here"]),
    ):
        assert client.get(url).status_code == 404, url


def test_manager_pages_render_for_cm_and_refuse_others(cm, alice, editor, recipes):
    pages = (
        reverse("community:settings"),
        reverse("community:spaces"),
        reverse("community:space_edit", args=[recipes.slug]),
    )
    for url in pages:
        assert client_for(cm).get(url).status_code == 200, url
        assert client_for(alice).get(url).status_code == 403, url
        assert client_for(editor).get(url).status_code == 403, url


def test_article_pages_render_for_editors_and_refuse_members(editor, alice, article):
    assert client_for(editor).get(reverse("posts:article_new")).status_code == 200
    assert (
        client_for(editor).get(reverse("posts:article_edit", args=[article.pk])).status_code == 200
    )
    assert client_for(alice).get(reverse("posts:article_new")).status_code == 403
    assert (
        client_for(alice).get(reverse("posts:article_edit", args=[article.pk])).status_code == 404
    )


def test_post_edit_of_an_article_goes_to_the_article_form(editor, article):
    response = client_for(editor).get(reverse("posts:edit", args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:article_edit", args=[article.pk])


# --- likes over htmx -----------------------------------------------------------------------------


def test_htmx_like_toggles_return_the_button_with_the_new_count(alice, bob, post):
    add_reaction(actor=alice, post=post)
    client = client_for(bob)
    url = reverse("posts:like", args=[post.pk])

    liked = client.post(url, {"action": "like"}, HTTP_HX_REQUEST="true")

    assert liked.status_code == 200
    assert liked.content.strip().startswith(b"<form")
    assert b'<span class="like-count">2</span>' in liked.content
    assert b'aria-pressed="true"' in liked.content and b'value="unlike"' in liked.content
    assert Reaction.objects.filter(post=post, member=bob).exists()

    unliked = client.post(url, {"action": "unlike"}, HTTP_HX_REQUEST="true")

    assert b'<span class="like-count">1</span>' in unliked.content
    assert b'aria-pressed="false"' in unliked.content and b'value="like"' in unliked.content
    assert not Reaction.objects.filter(post=post, member=bob).exists()
    post.refresh_from_db()
    assert post.reaction_count == 1


def test_htmx_like_on_a_comment_returns_its_button(alice, bob, post):
    comment = add_comment(actor=alice, post=post, body="おいしい")
    response = client_for(bob).post(
        reverse("posts:like_comment", args=[comment.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b'<span class="like-count">1</span>' in response.content
    assert reverse("posts:like_comment", args=[comment.pk]).encode() in response.content
    assert Activity.objects.filter(verb=Verb.REACTION, subject_type="comment").count() == 1


def test_a_like_without_htmx_returns_to_the_post(bob, post):
    response = client_for(bob).post(reverse("posts:like", args=[post.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:detail", args=[post.pk])
    post.refresh_from_db()
    assert post.reaction_count == 1


def test_liking_is_rate_limited(bob, post, settings, alice, recipes):
    settings.HIROBA_RATE_REACTION = "2/60"
    others = [publish_post(actor=alice, space=recipes, body=f"post {i}") for i in range(3)]
    client = client_for(bob)
    codes = [client.post(reverse("posts:like", args=[p.pk])).status_code for p in others]
    assert codes == [302, 302, 429]
    assert Reaction.objects.filter(member=bob).count() == 2


# --- comments ------------------------------------------------------------------------------------


def test_commenting_over_htmx_returns_the_new_comment(bob, post):
    response = client_for(bob).post(
        reverse("posts:comment", args=[post.pk]), {"body": "いいですね"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "いいですね".encode() in response.content
    # The heading's count is updated out of band with the new total.
    assert b'id="comment-count" hx-swap-oob="true">1<' in response.content
    post.refresh_from_db()
    assert post.comment_count == 1
    assert Comment.objects.get().author == bob


def test_a_reply_to_a_reply_joins_the_thread(alice, bob, post):
    top = add_comment(actor=alice, post=post, body="top")
    reply = add_comment(actor=bob, post=post, body="reply", parent=top)
    response = client_for(alice).post(
        reverse("posts:comment", args=[post.pk]), {"body": "deeper", "parent": reply.pk}
    )
    assert response.status_code == 302
    deeper = Comment.objects.get(body="deeper")
    assert deeper.parent == top
    top.refresh_from_db()
    assert top.reply_count == 2


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("comments", [20, 200])
def test_the_post_page_query_count_does_not_grow_with_comments(
    comments, alice, bob, post, django_assert_max_num_queries
):
    rows = [
        Comment(
            post=post,
            author=alice if i % 2 else bob,
            created_by=alice if i % 2 else bob,
            body=f"comment {i}",
            body_html=f"<p>comment {i}</p>",
        )
        for i in range(comments)
    ]
    Comment.objects.bulk_create(rows)
    top = Comment.objects.filter(post=post).order_by("id")
    Comment.objects.filter(pk__in=list(top.values_list("pk", flat=True)[1:10])).update(
        parent=top[0]
    )
    add_reaction(actor=bob, comment=top[0])
    client = client_for(bob)
    client.get(reverse("posts:detail", args=[post.pk]))

    # One of them counts bob's unread notifications for the navigation's badge; one asks
    # whether the post has a poll (hiroba/polls/tests/test_pages.py pins a post with one).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("posts:detail", args=[post.pk]))
    assert response.status_code == 200
    assert response.content.count(b'class="comment') >= comments


def test_the_space_page_offers_join_or_leave_as_the_reader_stands_in_that_space(
    alice, recipes, lounge
):
    client = client_for(alice)

    def button(space) -> str:
        html = client.get(reverse("posts:space", args=[space.slug])).content.decode()
        leave = f'action="{reverse("community:leave", args=[space.slug])}"' in html
        join = f'action="{reverse("community:join", args=[space.slug])}"' in html
        assert leave != join, html
        return "leave" if leave else "join"

    assert (button(recipes), button(lounge)) == ("join", "join")
    join_space(actor=alice, space=recipes)
    assert (button(recipes), button(lounge)) == ("leave", "join")
    join_space(actor=alice, space=lounge)
    leave_space(actor=alice, space=recipes)
    assert (button(recipes), button(lounge)) == ("join", "leave")

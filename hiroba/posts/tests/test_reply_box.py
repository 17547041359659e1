"""A post page carries no reply box: "Reply" loads one when it opens (htmx), or links to a page
with it (without JS). Either way the reply lands under the comment, and the box is refused with
the same 404 to whoever may not read the comment."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from hiroba.moderation.services import moderate_comment, moderate_post, sanction_member
from hiroba.posts.models import Comment
from hiroba.posts.services import add_comment, publish_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(alice, recipes):
    return publish_post(actor=alice, space=recipes, title="胡麻和え", body="作り方")


@pytest.fixture
def comments(alice, bob, post):
    return [
        add_comment(actor=bob if i % 2 else alice, post=post, body=f"感想 {i}") for i in range(5)
    ]


def reply_url(comment) -> str:
    return reverse("posts:reply", args=[comment.pk])


def test_the_post_page_sends_one_comment_box_and_a_reply_toggle_per_comment(bob, post, comments):
    reply = add_comment(actor=bob, post=post, body="返信です", parent=comments[0])
    html = client_for(bob).get(reverse("posts:detail", args=[post.pk])).content.decode()

    assert html.count('class="comment-form') == 1  # the new-comment box at the foot
    assert 'name="parent" value=""' in html
    for comment in comments:
        # Loaded when its toggle opens; the same address is the page without JS.
        slot = (
            f'<div class="reply-slot" hx-get="{reply_url(comment)}" '
            'hx-trigger="toggle from:closest details once">'
            f'<a class="small" href="{reply_url(comment)}">'
        )
        assert slot in html
    assert reply_url(reply) not in html  # replies are answered in the thread above them
    assert html.count('class="reply-slot"') == len(comments)


def test_htmx_gets_the_box_alone_ready_to_reply(bob, post, comments):
    response = client_for(bob).get(reply_url(comments[2]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.count("<form") == 1
    assert f'action="{reverse("posts:comment", args=[post.pk])}"' in html
    assert f'name="parent" value="{comments[2].pk}"' in html
    assert re.search(r'name="csrfmiddlewaretoken" value="\w+"', html)
    assert f'id="comment-body-{comments[2].pk}"' in html


def test_without_js_the_reply_page_shows_the_comment_and_its_box(bob, post, comments):
    client = client_for(bob)
    response = client.get(reply_url(comments[1]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "Reply to a comment" in html
    assert "感想 1" in html
    assert f'href="{reverse("posts:detail", args=[post.pk])}#comment-{comments[1].pk}"' in html
    assert f'name="parent" value="{comments[1].pk}"' in html

    # Sent as that page's form sends it: back to the post, the reply under its comment.
    response = client.post(
        reverse("posts:comment", args=[post.pk]), {"body": "同感です", "parent": comments[1].pk}
    )
    assert response.status_code == 302
    assert response.url == reverse("posts:detail", args=[post.pk])
    assert Comment.objects.get(body="同感です").parent_id == comments[1].pk


def test_the_reply_page_is_in_japanese(bob, comments):
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    client.force_login(bob)
    page = client.get(reply_url(comments[0])).content.decode()
    assert "コメントに返信" in page and "投稿に戻る" in page


def test_the_box_is_the_same_404_for_a_missing_comment_and_one_the_reader_may_not_read(
    alice, bob, charlie, mod, post, comments, inner_circle
):
    secret_post = publish_post(actor=alice, space=inner_circle, body="内輪の話")
    secret = add_comment(actor=bob, post=secret_post, body="内緒")
    moderate_comment(actor=mod, comment=comments[3], action="hide", reason="spam")
    gone = add_comment(actor=alice, post=post, body="消します")
    Comment.objects.filter(pk=gone.pk).update(deleted_at=gone.created_at)
    missing = Comment.objects.order_by("-pk").first().pk + 100

    urls = [
        reverse("posts:reply", args=[missing]),
        reply_url(secret),  # not a member there
        reply_url(comments[3]),  # hidden
        reply_url(gone),  # deleted
    ]
    client = client_for(charlie)
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Opened on a page loaded before the comment went: a line in the box's place, not the
    # whole "not found" page, and the same line whatever the reason.
    answers = {client.get(url, HTTP_HX_REQUEST="true").content for url in urls}
    assert len(answers) == 1
    answer = answers.pop().decode()
    assert "This comment can no longer be replied to." in answer and "<nav" not in answer
    assert client.get(urls[0], HTTP_HX_REQUEST="true").status_code == 404
    assert client_for(bob).get(reply_url(secret)).status_code == 200


def test_a_hidden_post_offers_no_reply_box(alice, mod, post, comments):
    moderate_post(actor=mod, post=post, action="hide", reason="spam")
    # The moderator still reads the post and its comments, but nobody may comment there.
    assert client_for(mod).get(reverse("posts:detail", args=[post.pk])).status_code == 200
    assert client_for(mod).get(reply_url(comments[0])).status_code == 404


def test_a_visitor_is_sent_to_log_in(post, comments):
    response = client_for().get(reply_url(comments[0]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_suspended_member_is_told_why_instead_of_given_a_box(bob, cm, comments):
    sanction_member(actor=cm, member=bob, kind="suspend", reason="荒らし")
    response = client_for(bob).get(reply_url(comments[0]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="write-blocked"' in html
    assert "<form" not in html


def test_the_box_is_only_read(bob, comments):
    response = client_for(bob).post(reply_url(comments[0]), {"body": "x"})
    assert response.status_code == 405

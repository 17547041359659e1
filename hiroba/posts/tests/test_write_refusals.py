"""Writing pages when the writer may not write: a suspended member is told before writing and
keeps their text when refused; refusals answer what the API answers; the article editor opens
articles only."""

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.accounts.tokens import create_api_token
from hiroba.ideas.services import submit_idea
from hiroba.moderation.services import sanction_member
from hiroba.posts.models import Comment, Kind, Post
from hiroba.posts.services import add_comment, create_article, publish_post
from hiroba.qa.services import ask_question

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TEXT = "ずっと書いていた長い文章をここに残したい"


def client_for(member) -> Client:
    client = Client(**EN)
    client.force_login(member)
    return client


def suspend(member, cm):
    sanction_member(actor=cm, member=member, kind="suspend", reason="荒らし")
    member.refresh_from_db()


@pytest.fixture
def question(alice, recipes):
    return ask_question(actor=alice, space=recipes, title="保存方法は?", body="教えてください")


@pytest.fixture
def post(alice, recipes):
    return publish_post(actor=alice, space=recipes, body="今日のレシピ")


# --- told before writing -------------------------------------------------------------------------


def test_a_suspended_member_sees_closed_compose_forms_and_why(bob, cm, recipes, ideas_space):
    suspend(bob, cm)
    client = client_for(bob)

    for url in (
        reverse("posts:compose"),
        reverse("posts:compose_in_space", args=["recipes"]),
        reverse("qa:ask"),
        reverse("ideas:submit_in_space", args=["ideas"]),
    ):
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200, url
        assert 'id="write-blocked"' in html, url
        assert "You cannot write here while your account is suspended." in html, url
        assert "<fieldset disabled>" in html, url


def test_a_member_who_may_write_gets_open_forms(bob, recipes):
    html = client_for(bob).get(reverse("posts:compose_in_space", args=["recipes"])).content
    assert b'id="write-blocked"' not in html and b"<fieldset disabled>" not in html


def test_a_suspended_member_sees_no_comment_or_answer_box(bob, cm, post, question, ideas_space):
    idea = submit_idea(actor=cm, space=ideas_space, title="提案", body="本文")
    suspend(bob, cm)
    client = client_for(bob)

    for url, box in (
        (reverse("posts:detail", args=[post.pk]), 'id="comment-body-new"'),
        (reverse("ideas:detail", args=[idea.pk]), 'id="comment-body-new"'),
        (reverse("qa:detail", args=[question.pk]), 'id="answer-form"'),
    ):
        html = client.get(url).content.decode()
        assert 'id="write-blocked"' in html, url
        assert box not in html, url
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert 'class="write-blocked"' in html  # the reply toggles are hidden by the style sheet


# --- suspended while writing: the text is kept ---------------------------------------------------


def test_a_post_refused_after_a_suspension_keeps_the_text_and_says_why(bob, cm, recipes):
    client = client_for(bob)
    assert client.get(reverse("posts:compose_in_space", args=["recipes"])).status_code == 200
    suspend(bob, cm)  # while bob writes

    page = client.post(
        reverse("posts:compose_in_space", args=["recipes"]), {"title": "題名", "body": TEXT}
    )

    html = page.content.decode()
    assert page.status_code == 403
    assert TEXT in html and 'value="題名"' in html
    assert "Your account is suspended" in html
    assert "<fieldset disabled>" not in html  # the text can be copied
    assert not Post.objects.filter(author=bob).exists()


@pytest.mark.parametrize("door", ["ask", "idea"])
def test_a_question_or_idea_refused_after_a_suspension_keeps_the_text(
    door, bob, cm, recipes, ideas_space
):
    url = reverse("qa:ask_in_space", args=["recipes"])
    if door == "idea":
        url = reverse("ideas:submit_in_space", args=["ideas"])
    suspend(bob, cm)

    page = client_for(bob).post(url, {"title": "題名", "body": TEXT})

    assert page.status_code == 403
    assert TEXT in page.content.decode()
    assert b"Your account is suspended" in page.content
    assert not Post.objects.filter(author=bob).exists()


def test_an_answer_refused_after_a_suspension_keeps_the_text(bob, cm, question):
    suspend(bob, cm)

    page = client_for(bob).post(reverse("qa:answer", args=[question.pk]), {"body": TEXT})

    html = page.content.decode()
    assert page.status_code == 403
    assert TEXT in html and 'id="answer-form"' in html
    assert "Your account is suspended" in html
    assert not Comment.objects.exists()


def test_a_comment_refused_without_htmx_keeps_the_text(bob, cm, post):
    suspend(bob, cm)

    page = client_for(bob).post(reverse("posts:comment", args=[post.pk]), {"body": TEXT})

    html = page.content.decode()
    assert page.status_code == 403
    assert TEXT in html and "Your account is suspended" in html
    assert reverse("posts:detail", args=[post.pk]) in html
    assert not Comment.objects.exists()


# --- refusals answer as the API does -------------------------------------------------------------


def test_deleting_someone_elses_comment_is_a_403_on_the_page_as_in_the_api(alice, bob, post):
    comment = add_comment(actor=alice, post=post, body="アリスのコメント")
    _token, secret = create_api_token(actor=bob, name="t")

    page = client_for(bob).post(reverse("posts:delete_comment", args=[comment.pk]))
    api = Client().delete(
        f"/api/v1/comments/{comment.pk}", headers={"Authorization": f"Bearer {secret}"}
    )

    assert (page.status_code, api.status_code) == (403, 403)
    assert b"You cannot delete this comment." in page.content
    assert Comment.objects.get(pk=comment.pk).deleted_at is None


def test_deleting_a_missing_comment_is_a_404_on_the_page_as_in_the_api(bob):
    _token, secret = create_api_token(actor=bob, name="t")
    page = client_for(bob).post(reverse("posts:delete_comment", args=[999999]))
    api = Client().delete("/api/v1/comments/999999", headers={"Authorization": f"Bearer {secret}"})
    assert (page.status_code, api.status_code) == (404, 404)


def test_the_writer_still_deletes_their_own_comment(alice, post):
    comment = add_comment(actor=alice, post=post, body="消します")
    page = client_for(alice).post(reverse("posts:delete_comment", args=[comment.pk]))
    assert page.status_code == 302
    assert Comment.objects.get(pk=comment.pk).deleted_at is not None


# --- the article editor --------------------------------------------------------------------------


def test_a_manager_cannot_open_the_article_editor_on_a_members_post(cm, post, official):
    client = client_for(cm)
    url = reverse("posts:article_edit", args=[post.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, {"title": "記事に", "body": "書き換え", "publish": "now"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert (post.kind, post.body, post.title) == (Kind.POST, "今日のレシピ", "")
    # The member's post is still open to the manager in its own editor.
    assert client.get(reverse("posts:edit", args=[post.pk])).status_code == 200


def test_the_article_editor_still_opens_articles(cm, editor, official):
    article = create_article(
        actor=editor, as_account=official, title="お知らせ", body="本文", publish="now"
    )
    assert client_for(cm).get(reverse("posts:article_edit", args=[article.pk])).status_code == 200

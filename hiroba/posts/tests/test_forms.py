"""Bad input on the writing forms gives a form error (200, or 422 over htmx), never a 500, and saves nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.activity.models import Activity
from hiroba.posts.models import Comment, Post, PostRevision
from hiroba.posts.services import publish_post


def client_for(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    client.force_login(member)
    return client


@pytest.fixture
def post(alice, recipes):
    return publish_post(actor=alice, space=recipes, body="元の本文")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   \n  "}, "body"),
        ({"body": "あ" * 20_001}, "body"),
        ({"body": "ok", "title": "t" * 121}, "title"),
        ({"body": "nul \x00 byte"}, "body"),
    ],
    ids=["empty", "blank", "overlong-body", "overlong-title", "nul-byte"],
)
def test_compose_refuses_bad_text(alice, recipes, data, field):
    before = Activity.objects.count()
    response = client_for(alice).post(reverse("posts:compose_in_space", args=[recipes.slug]), data)

    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert b"invalid-feedback" in response.content
    assert not Post.objects.exists()
    assert Activity.objects.count() == before


@pytest.mark.parametrize("space", ["", "nope", "inner", "../recipes"])
def test_global_compose_refuses_a_missing_or_hidden_space(charlie, recipes, inner_circle, space):
    response = client_for(charlie).post(reverse("posts:compose"), {"space": space, "body": "x"})
    assert response.status_code == 422
    assert response.context["form"].errors["space"]
    assert not Post.objects.exists()


def test_edit_refuses_an_empty_body_and_keeps_the_text(alice, post):
    response = client_for(alice).post(reverse("posts:edit", args=[post.pk]), {"body": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["body"]
    post.refresh_from_db()
    assert post.body == "元の本文"
    assert not PostRevision.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{"body": ""}, {"body": "x" * 5_001}, {"body": "ok", "parent": "abc"}],
    ids=["empty", "overlong", "malformed-parent"],
)
def test_a_bad_comment_over_htmx_is_a_422_form(bob, post, data):
    response = client_for(bob).post(
        reverse("posts:comment", args=[post.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert b"invalid-feedback" in response.content
    assert not Comment.objects.exists()
    post.refresh_from_db()
    assert post.comment_count == 0


def test_a_bad_comment_without_htmx_returns_to_the_post_with_the_error(bob, post):
    client = client_for(bob)
    response = client.post(reverse("posts:comment", args=[post.pk]), {"body": ""}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("posts:detail", args=[post.pk])
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Comment.objects.exists()


def test_a_reply_to_a_missing_comment_is_404(bob, post):
    response = client_for(bob).post(
        reverse("posts:comment", args=[post.pk]), {"body": "ok", "parent": 999999}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "body": "b", "publish": "now"}, "title"),
        ({"title": "t", "body": "", "publish": "now"}, "body"),
        ({"title": "t" * 121, "body": "b", "publish": "now"}, "title"),
        ({"title": "t", "body": "b", "publish": "whenever"}, "publish"),
        ({"title": "t", "body": "b", "publish": "schedule"}, "publish_at"),
        ({"title": "t", "body": "b", "publish": "schedule", "publish_at": "2001-01-01T09:00"}, "publish_at"),
        ({"title": "t", "body": "b", "publish": "schedule", "publish_at": "not a date"}, "publish_at"),
        ({"title": "t", "body": "b", "publish": "now", "as_account": "999999"}, "as_account"),
        ({"title": "t", "body": "b", "publish": "now", "as_account": "abc"}, "as_account"),
    ],
    ids=[
        "no-title", "no-body", "overlong-title", "bad-publish", "schedule-without-time",
        "schedule-in-past", "malformed-time", "unknown-account", "malformed-account",
    ],
)  # fmt: skip
def test_the_article_form_refuses_bad_input(editor, official, data, field):
    data = {"as_account": official.pk} | data
    response = client_for(editor).post(reverse("posts:article_new"), data)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not Post.objects.exists()


def test_the_article_form_refuses_a_non_image_cover(editor, official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cover = SimpleUploadedFile("cover.jpg", b"text, not jpeg", content_type="image/jpeg")
    response = client_for(editor).post(
        reverse("posts:article_new"),
        {"as_account": official.pk, "title": "t", "body": "b", "publish": "now", "cover": cover},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["cover"]
    assert not Post.objects.exists()

"""Every limit answers with a clear message, on the embedded default's database cache:
sign-up and log-in (allauth's limits), posting and commenting (the services' limits), on
pages and in the API."""

import pytest
from django.test import override_settings

from hiroba.accounts.tokens import create_api_token
from hiroba.posts.models import Comment, Post
from hiroba.posts.services import publish_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_cache")]

LIMITS = {
    "login": "2/m/ip",
    "login_failed": "10/m/ip,2/5m/key",
    "signup": "2/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
EN = {"Accept-Language": "en"}


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_signing_up_too_often_is_a_clear_429_page(client):
    for i in range(2):
        client.post("/accounts/signup/", {"email": f"x{i}@example.com"}, headers=EN)
    response = client.post("/accounts/signup/", {"email": "x9@example.com"}, headers=EN)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html and "wait a few minutes" in html
    assert "<nav" in html  # the site's own page, not a bare error


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS | {"login": "30/m/ip"})
def test_failed_log_ins_for_one_account_are_limited_with_a_form_message(client, alice):
    for _attempt in range(2):
        client.post(
            "/accounts/login/", {"login": "alice@example.com", "password": "wrong"}, headers=EN
        )
    response = client.post(
        "/accounts/login/", {"login": "alice@example.com", "password": "wrong"}, headers=EN
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_logging_in_too_often_from_one_address_is_a_clear_429_page(client):
    for _attempt in range(2):
        client.post("/accounts/login/", {"login": "a@example.com", "password": "x"}, headers=EN)
    response = client.post(
        "/accounts/login/", {"login": "b@example.com", "password": "x"}, headers=EN
    )
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()


@override_settings(HIROBA_RATE_POST="2/60", HIROBA_RATE_COMMENT="2/60")
def test_posting_and_commenting_too_often_say_so_on_pages_and_in_the_api(
    client, alice, bob, recipes
):
    client.force_login(alice)
    for i in range(2):
        assert client.post("/s/recipes/new/", {"body": f"投稿{i}"}).status_code == 302
    page = client.post("/s/recipes/new/", {"body": "三つ目"}, headers=EN)
    assert page.status_code == 429 and "too often" in page.content.decode()
    assert Post.objects.count() == 2

    post = Post.objects.first()
    _token, secret = create_api_token(actor=bob, name="t")
    bearer = {"Authorization": f"Bearer {secret}", **EN}
    url = f"/api/v1/posts/{post.pk}/comments"
    for i in range(2):
        response = client.post(url, {"body": f"c{i}"}, content_type="application/json",
                               headers=bearer)  # fmt: skip
        assert response.status_code == 201
    response = client.post(url, {"body": "c3"}, content_type="application/json", headers=bearer)
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited" and "too often" in response.json()["message"]
    assert Comment.objects.count() == 2

    # The comment form over htmx shows the message in the page's message area.
    client.force_login(bob)
    htmx = client.post(
        f"/p/{post.pk}/comments/", {"body": "c4"}, headers={"HX-Request": "true", **EN}
    )
    assert htmx.status_code == 429 and htmx["HX-Retarget"] == "#flash"
    assert "too often" in htmx.content.decode()


@override_settings(HIROBA_RATE_POST="1/60")
def test_the_post_limit_is_shared_by_the_api(client, alice, recipes):
    publish_post(actor=alice, space=recipes, body="一つ目")
    _token, secret = create_api_token(actor=alice, name="t")
    response = client.post(
        "/api/v1/posts", {"space": "recipes", "body": "二つ目"}, content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )  # fmt: skip
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"

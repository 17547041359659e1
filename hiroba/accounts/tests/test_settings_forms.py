"""Profile and API-token forms: bad input is a form error, never a 500, and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.accounts.models import ApiToken
from hiroba.activity.models import Activity, Verb


def client_for(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    client.force_login(member)
    return client


def test_a_member_edits_their_profile_with_an_icon(
    alice, jpeg_upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            reverse("accounts:edit_profile"),
            {"display_name": "ありす", "bio": "料理好き", "birth_year": "1990", "region": "13",
             "icon_upload": jpeg_upload(size=(800, 600))},
        )  # fmt: skip
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.bio, alice.birth_year, alice.region) == (
        "ありす", "料理好き", 1990, "13",
    )  # fmt: skip
    assert alice.icon and alice.icon_small
    # One edit, one fact: the icon and the fields are saved together.
    edit = Activity.objects.get(verb=Verb.PROFILE_EDIT, actor=alice)
    assert {"display_name", "icon"} <= set(edit.data["fields"])


def test_a_bad_icon_leaves_the_rest_of_the_profile_unchanged(alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conftest import image_bytes

    # A real BMP: Django's ImageField accepts it, the icon service refuses the format.
    bmp = SimpleUploadedFile("icon.bmp", image_bytes("BMP"), content_type="image/bmp")
    response = client_for(alice).post(
        reverse("accounts:edit_profile"), {"display_name": "変更後", "icon_upload": bmp}
    )
    assert response.status_code == 422
    assert "JPEG" in response.content.decode()  # the service's message names what it accepts
    alice.refresh_from_db()
    assert alice.display_name == "アリス"
    assert not Activity.objects.filter(verb=Verb.PROFILE_EDIT, actor=alice).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 51}, "display_name"),
        ({"bio": "x" * 301}, "bio"),
        ({"birth_year": "abc"}, "birth_year"),
        ({"birth_year": "1800"}, "birth_year"),
        ({"region": "ZZ"}, "region"),
    ],
    ids=["empty-name", "overlong-name", "overlong-bio", "malformed-year", "old-year", "bad-region"],
)
def test_the_profile_form_refuses_bad_input(alice, data, field):
    before = Activity.objects.count()
    payload = {"display_name": "アリス", "bio": "", "birth_year": "", "region": ""} | data
    response = client_for(alice).post(reverse("accounts:edit_profile"), payload)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    alice.refresh_from_db()
    assert (alice.display_name, alice.bio, alice.birth_year) == ("アリス", "", None)
    assert Activity.objects.count() == before


def test_the_profile_form_refuses_a_non_image_icon(alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    icon = SimpleUploadedFile("me.jpg", b"<svg></svg>", content_type="image/jpeg")
    response = client_for(alice).post(
        reverse("accounts:edit_profile"), {"display_name": "アリス", "icon_upload": icon}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["icon_upload"]
    alice.refresh_from_db()
    assert not alice.icon


def test_a_member_creates_a_token_and_sees_its_secret_once(alice):
    response = client_for(alice).post(reverse("accounts:tokens"), {"name": "my script"})
    assert response.status_code == 200
    token = ApiToken.objects.get(member=alice)
    assert response.context["new_secret"].startswith(token.prefix)
    assert response.context["new_secret"].encode() in response.content
    assert response.context["new_secret"] not in (token.digest, token.prefix)


@pytest.mark.parametrize("name", ["", "   ", "x" * 61], ids=["empty", "blank", "overlong"])
def test_the_token_form_refuses_a_bad_name(alice, name):
    response = client_for(alice).post(reverse("accounts:tokens"), {"name": name})
    assert response.status_code == 200
    assert response.context["error"]
    assert b"alert-danger" in response.content
    assert not ApiToken.objects.exists()


def test_a_member_cannot_revoke_someone_elses_token(alice, bob):
    client_for(alice).post(reverse("accounts:tokens"), {"name": "mine"})
    token = ApiToken.objects.get()
    response = client_for(bob).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_token_help_shows_the_header_to_send_in_each_language(alice, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(alice)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "Authorization: Bearer &lt;token&gt;" in page
    assert "<token>" not in page

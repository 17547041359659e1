"""Community settings and space management: managers only; bad input is a form error."""

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.activity.models import Activity, Verb
from hiroba.community.models import Community, Space, Visibility
from hiroba.community.selectors import get_community


def client_for(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    client.force_login(member)
    return client


SETTINGS = {
    "name": "ごま広場",
    "description": "",
    "language": "ja",
    "time_zone": "Asia/Tokyo",
    "is_open": "on",
    "guidelines": "# ルール\n仲良く",
}


def test_a_manager_changes_the_settings(cm, django_capture_on_commit_callbacks):
    assert get_community().name == "Hiroba"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cm).post(reverse("community:settings"), SETTINGS)
    assert response.status_code == 302
    assert get_community().name == "ごま広場"
    assert "<h1>ルール</h1>" in Community.objects.get().guidelines_html
    assert Activity.objects.filter(verb=Verb.SETTINGS_EDIT, actor=cm).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"language": "xx"}, "language"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
    ],
    ids=["empty-name", "overlong-name", "bad-language", "unknown-zone", "path-zone"],
)
def test_the_settings_form_refuses_bad_input(cm, data, field):
    response = client_for(cm).post(reverse("community:settings"), SETTINGS | data)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    community = Community.objects.get(pk=1)
    assert (community.name, community.time_zone) == ("Hiroba", "Asia/Tokyo")
    assert not Activity.objects.filter(verb=Verb.SETTINGS_EDIT).exists()


def test_a_member_cannot_change_the_settings(alice):
    response = client_for(alice).post(reverse("community:settings"), SETTINGS)
    assert response.status_code == 403
    assert get_community().name == "Hiroba"


def test_a_manager_creates_a_space(cm):
    response = client_for(cm).post(
        reverse("community:spaces"),
        {"slug": "events", "name": "イベント", "visibility": "members", "position": "3"},
    )
    assert response.status_code == 302
    space = Space.objects.get(slug="events")
    assert (space.name, space.visibility, space.position) == ("イベント", Visibility.MEMBERS, 3)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"slug": ""}, "slug"),
        ({"slug": "Bad Slug"}, "slug"),
        ({"slug": "recipes"}, "slug"),
        ({"name": ""}, "name"),
        ({"visibility": "secret"}, "visibility"),
        ({"position": "-1"}, "position"),
        ({"position": "abc"}, "position"),
    ],
    ids=["no-slug", "bad-slug", "taken-slug", "no-name", "bad-visibility", "negative", "nan"],
)
def test_the_space_form_refuses_bad_input(cm, recipes, data, field):
    payload = {"slug": "events", "name": "イベント", "visibility": "public", "position": "1"}
    response = client_for(cm).post(reverse("community:spaces"), payload | data)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert list(Space.objects.values_list("slug", flat=True)) == ["recipes"]


def test_the_space_edit_form_refuses_bad_input_and_keeps_the_space(cm, recipes):
    response = client_for(cm).post(
        reverse("community:space_edit", args=[recipes.slug]),
        {"name": "", "visibility": "public", "position": "1"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    recipes.refresh_from_db()
    assert recipes.name == "レシピ"


def test_inviting_an_unknown_handle_is_a_form_error(cm, recipes):
    response = client_for(cm).post(
        reverse("community:space_edit", args=[recipes.slug]), {"handle": "@nobody"}
    )
    assert response.status_code == 422
    assert response.context["invite_form"].errors["handle"]


def test_a_manager_invites_a_member_by_handle(cm, charlie, inner_circle):
    response = client_for(cm).post(
        reverse("community:space_edit", args=[inner_circle.slug]), {"handle": "@CHARLIE"}
    )
    assert response.status_code == 302
    assert inner_circle.memberships.filter(member=charlie).exists()
    assert client_for(charlie).get(reverse("posts:space", args=["inner"])).status_code == 200


@pytest.mark.parametrize(("language", "label"), [("en", "Archived"), ("ja", "アーカイブ済み")])
def test_the_space_form_names_the_archive_box_in_each_language(cm, recipes, language, label):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cm)
    page = client.get(reverse("community:space_edit", args=[recipes.slug])).content.decode()
    assert f">{label}</label>" in page or f">{label}<" in page
    assert "Is archived" not in page and "is archived" not in page


def test_a_logo_too_large_to_decode_is_refused_beside_its_field_with_422(cm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hiroba.core.tests.test_images import flat_png

    # 182 Mpx in a few hundred kB: Django's ImageField called this "not a valid image".
    bomb = SimpleUploadedFile("logo.png", flat_png(14_000, 13_000, color_type=0))
    response = client_for(cm).post(reverse("community:settings"), SETTINGS | {"logo_upload": bomb})

    assert response.status_code == 422
    assert "too many pixels" in response.context["form"].errors["logo_upload"][0]
    assert "too many pixels" in response.content.decode()
    assert not Community.objects.get(pk=1).logo

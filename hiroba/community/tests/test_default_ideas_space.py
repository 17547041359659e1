"""The community's default space for ideas: set by managers through the settings service and
form, and only to a space that takes ideas."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hiroba.activity.models import Activity, Verb
from hiroba.community.models import Community
from hiroba.community.selectors import get_community
from hiroba.community.services import update_community_settings, update_space

SETTINGS = {
    "name": "やさいのひろば",
    "description": "",
    "language": "ja",
    "time_zone": "Asia/Tokyo",
    "is_open": "on",
    "guidelines": "仲良く",
}


def client_for(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    return client


def test_a_manager_sets_the_default_ideas_space_in_the_form(
    cm, ideas_space, recipes, django_capture_on_commit_callbacks
):
    client = client_for(cm)
    form = client.get(reverse("community:settings")).content.decode()
    assert 'value="ideas"' not in form  # choices are ids; only spaces that take ideas
    assert f'<option value="{ideas_space.pk}">' in form
    assert f'<option value="{recipes.pk}">' not in form
    assert get_community().default_ideas_space_id is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("community:settings"), SETTINGS | {"default_ideas_space": ideas_space.pk}
        )

    assert response.status_code == 302
    assert Community.objects.get().default_ideas_space == ideas_space
    assert get_community().default_ideas_space_id == ideas_space.pk
    edit = Activity.objects.get(verb=Verb.SETTINGS_EDIT, actor=cm, subject_type="community")
    assert "default_ideas_space" in edit.data["fields"]


def test_the_form_refuses_a_space_without_ideas(cm, recipes):
    response = client_for(cm).post(
        reverse("community:settings"), SETTINGS | {"default_ideas_space": recipes.pk}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["default_ideas_space"]
    assert Community.objects.get().default_ideas_space is None


@pytest.mark.parametrize("closed", ["no-ideas", "archived"])
def test_the_service_refuses_a_space_that_takes_no_ideas(cm, ideas_space, closed):
    if closed == "archived":
        update_space(actor=cm, space=ideas_space, is_archived=True)
    else:
        update_space(actor=cm, space=ideas_space, allows_ideas=False)
    with pytest.raises(ValidationError) as refused:
        update_community_settings(actor=cm, default_ideas_space=ideas_space)
    assert "default_ideas_space" in refused.value.message_dict
    assert not Community.objects.filter(default_ideas_space__isnull=False).exists()


def test_deleting_the_space_clears_the_default(cm, ideas_space):
    update_community_settings(actor=cm, default_ideas_space=ideas_space)
    ideas_space.delete()
    assert Community.objects.get().default_ideas_space is None

"""Which space "Propose an idea" starts on: the one the member came from, else the community's
default space for ideas, else none (never the first in the list by accident)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.community.models import Visibility
from hiroba.community.services import create_space, update_community_settings
from hiroba.ideas.models import Idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(cm):
    # First in the list, as the demo's "English corner" is: the space that used to be picked.
    return create_space(
        actor=cm, slug="english", name="English corner", position=0, allows_ideas=True
    )


def client_for(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    return client


def preselected(member, **query) -> list[str]:
    html = client_for(member).get(reverse("ideas:submit"), query).content.decode()
    select = re.search(r'<select name="space".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]* selected', select)


def test_without_a_default_no_space_is_picked_for_the_member(alice, english, ideas_space):
    assert preselected(alice) == [""]


def test_the_default_ideas_space_is_preselected(cm, alice, english, ideas_space):
    update_community_settings(actor=cm, default_ideas_space=ideas_space)
    assert preselected(alice) == ["ideas"]


def test_the_space_the_member_came_from_comes_first(cm, alice, english, ideas_space):
    update_community_settings(actor=cm, default_ideas_space=ideas_space)
    assert preselected(alice, space="english") == ["english"]


def test_coming_from_a_space_without_ideas_falls_back_to_the_default(
    cm, alice, english, ideas_space, recipes
):
    update_community_settings(actor=cm, default_ideas_space=ideas_space)
    assert preselected(alice, space="recipes") == ["ideas"]
    assert preselected(alice, space="no-such-space") == ["ideas"]


def test_a_default_the_member_cannot_see_is_not_offered(cm, alice, charlie, english, ideas_space):
    secret = create_space(
        actor=cm, slug="secret", name="秘密", visibility=Visibility.RESTRICTED, allows_ideas=True
    )
    update_community_settings(actor=cm, default_ideas_space=secret)
    html = client_for(charlie).get(reverse("ideas:submit")).content.decode()
    assert 'value="secret"' not in html
    assert preselected(charlie) == [""]


def test_the_only_idea_space_needs_no_choosing(alice, ideas_space):
    html = client_for(alice).get(reverse("ideas:submit")).content.decode()
    assert "Choose a space" not in html and 'value="ideas"' in html


def test_a_proposal_without_a_chosen_space_keeps_the_text_and_asks_for_one(
    alice, english, ideas_space
):
    response = client_for(alice).post(
        reverse("ideas:submit"), {"space": "", "title": "小さいボトル", "body": "ほしいです"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["space"]
    assert "小さいボトル" in response.content.decode()
    assert not Idea.objects.exists()

"""The spaces are kept in each process (community.selectors.all_spaces): every page that asks who
may read what, the home page's list and the space page's header read them from there, and each
change to a space's row shows at once: its settings, its member count and its post count."""

import re

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from hiroba.community.models import Visibility
from hiroba.community.permissions import access_space, visible_space_ids
from hiroba.community.selectors import all_spaces
from hiroba.community.services import join_space, leave_space, update_space
from hiroba.posts.services import delete_post, publish_post


def client_for(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def home_list(member) -> dict[str, str]:
    """The home page's list of spaces, as {name: post count}."""
    html = client_for(member).get(reverse("home")).content.decode()
    start = html.index('id="spaces-heading"')
    section = html[start : html.index("</section>", start)]
    return dict(
        re.findall(r"<span>([^<]+)</span><span class=\"badge[^\"]*\">(\d+)</span>", section)
    )


def test_post_counts_follow_publishing_and_deleting(alice, recipes):
    assert home_list(alice) == {"レシピ": "0"}
    post = publish_post(actor=alice, space=recipes, body="トマトのマリネ")
    assert home_list(alice) == {"レシピ": "1"}
    delete_post(actor=alice, post=post)
    assert home_list(alice) == {"レシピ": "0"}


def test_settings_follow_at_once(cm, alice, recipes, lounge):
    assert list(home_list(alice)) == ["レシピ", lounge.name]
    update_space(actor=cm, space=recipes, name="レシピ帳")
    assert list(home_list(alice)) == ["レシピ帳", lounge.name]
    update_space(actor=cm, space=recipes, position=lounge.position + 1)
    assert list(home_list(alice)) == [lounge.name, "レシピ帳"]
    update_space(actor=cm, space=recipes, is_archived=True)
    assert list(home_list(alice)) == [lounge.name]


def test_a_space_made_restricted_is_hidden_at_once(cm, alice, recipes):
    assert recipes.pk in visible_space_ids(alice)
    assert client_for(alice).get(reverse("posts:space", args=[recipes.slug])).status_code == 200

    update_space(actor=cm, space=recipes, visibility=Visibility.RESTRICTED)
    assert client_for(alice).get(reverse("posts:space", args=[recipes.slug])).status_code == 404
    assert recipes.name not in home_list(alice)


def test_member_counts_follow_joining_and_leaving(alice, bob, recipes):
    assert access_space(alice, "recipes").member_count == 0
    join_space(actor=alice, space=recipes)
    join_space(actor=bob, space=recipes)
    assert access_space(alice, "recipes").member_count == 2
    leave_space(actor=bob, space=recipes)
    assert access_space(alice, "recipes").member_count == 1


def test_a_space_handed_out_is_a_copy_the_caller_may_change(alice, recipes):
    mine = access_space(alice, "recipes")
    mine.name = "書き換えた"
    assert access_space(alice, "recipes").name == "レシピ"
    assert [s.name for s in all_spaces() if s.slug == "recipes"] == ["レシピ"]


def test_a_missing_space_is_the_same_404_as_a_hidden_one(cm, charlie, inner_circle):
    for slug in ("nowhere", inner_circle.slug):
        with pytest.raises(Http404):
            access_space(charlie, slug)

import pytest
from django.core.exceptions import ValidationError

from hiroba.activity.models import Activity, Verb
from hiroba.community.models import Space, SpaceMembership, Visibility
from hiroba.community.permissions import visible_space_ids
from hiroba.community.services import create_space, join_space, leave_space, update_space
from hiroba.core.errors import Refused
from hiroba.posts.services import publish_post


def test_a_member_joins_and_leaves_a_public_space(alice, recipes):
    assert not SpaceMembership.objects.filter(member=alice).exists()

    assert join_space(actor=alice, space=recipes) is True
    assert join_space(actor=alice, space=recipes) is False

    recipes.refresh_from_db()
    assert recipes.member_count == 1
    assert Activity.objects.filter(verb=Verb.SPACE_JOIN, actor=alice).count() == 1

    assert leave_space(actor=alice, space=recipes) is True
    recipes.refresh_from_db()
    assert recipes.member_count == 0
    assert Activity.objects.filter(verb=Verb.SPACE_LEAVE, actor=alice).count() == 1


def test_a_member_cannot_join_a_restricted_space(charlie, inner_circle):
    with pytest.raises(Refused):
        join_space(actor=charlie, space=inner_circle)
    assert not SpaceMembership.objects.filter(member=charlie).exists()


def test_only_managers_create_spaces(alice, cm):
    with pytest.raises(Refused):
        create_space(actor=alice, slug="mine", name="Mine")
    with pytest.raises(ValidationError) as invalid:
        create_space(actor=cm, slug="Bad Slug!", name="x")
    assert "slug" in invalid.value.message_dict
    assert not Space.objects.exists()


def test_a_member_object_sees_a_space_created_after_it_first_looked(alice, cm, recipes):
    assert visible_space_ids(alice) == {recipes.pk}

    lounge = create_space(actor=cm, slug="lounge2", name="雑談", visibility=Visibility.MEMBERS)

    assert visible_space_ids(alice) == {recipes.pk, lounge.pk}
    assert publish_post(actor=alice, space=lounge, body="新しい場所").space == lounge


def test_restricting_a_space_hides_it_from_a_member_object_that_saw_it(alice, cm, recipes):
    assert recipes.pk in visible_space_ids(alice)
    update_space(actor=cm, space=recipes, visibility=Visibility.RESTRICTED)
    assert recipes.pk not in visible_space_ids(alice)


def test_robots_txt_points_at_the_sitemap_only_when_the_community_is_open(client, cm):
    from hiroba.community.services import update_community_settings

    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /moderation/" in text and "Disallow: /\n" not in text
    assert "Disallow: /console/" in text
    update_community_settings(actor=cm, is_open=False)
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap" not in text and "Disallow: /\n" in text

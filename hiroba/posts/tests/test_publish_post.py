import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from hiroba.activity.models import Activity, Verb
from hiroba.core.errors import Refused
from hiroba.posts.models import Post, Tag
from hiroba.posts.services import delete_post, edit_post, publish_post


def test_it_publishes_a_post_with_hashtags_and_records_activity(alice, recipes):
    assert Activity.objects.filter(verb=Verb.POST).count() == 0
    post = publish_post(
        actor=alice, space=recipes, title="胡麻和え", body="今日は #ごま料理 と #Salad です"
    )
    post.refresh_from_db()
    assert post.author == alice and post.created_by == alice
    assert sorted(post.tags.values_list("name", flat=True)) == ["salad", "ごま料理"]
    assert (
        '<a href="/tags/%E3%81%94%E3%81%BE%E6%96%99%E7%90%86/"' in post.body_html
        or "/tags/ごま料理/" in post.body_html
    )
    recipes.refresh_from_db()
    alice.refresh_from_db()
    assert recipes.post_count == 1 and alice.post_count == 1
    activity = Activity.objects.get(verb=Verb.POST)
    assert (activity.actor, activity.subject_id, activity.space_id) == (alice, post.pk, recipes.pk)


def test_it_refuses_an_empty_or_overlong_body(alice, recipes):
    with pytest.raises(ValidationError) as empty:
        publish_post(actor=alice, space=recipes, body="   ")
    assert "body" in empty.value.message_dict
    with pytest.raises(ValidationError) as long:
        publish_post(actor=alice, space=recipes, body="あ" * 20_001)
    assert "body" in long.value.message_dict
    assert Post.objects.count() == 0


def test_suspended_member_can_not_post(alice, recipes, cm):
    from hiroba.moderation.services import sanction_member

    sanction_member(actor=cm, member=alice, kind="suspend", reason="test")
    with pytest.raises(Refused) as refused:
        publish_post(actor=alice, space=recipes, body="hello")
    assert refused.value.code == "suspended"


def test_outsider_can_not_post_in_a_restricted_space(charlie, inner_circle):
    with pytest.raises(Http404):
        publish_post(actor=charlie, space=inner_circle, body="let me in")
    assert Post.objects.count() == 0


def test_edit_keeps_history_and_moves_tags(alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="#カレー の日")
    edit_post(actor=alice, post=post, body="#シチュー の日")
    post.refresh_from_db()
    assert list(post.revisions.values_list("body", flat=True)) == ["#カレー の日"]
    assert Tag.objects.get(name="カレー").post_count == 0
    assert Tag.objects.get(name="シチュー").post_count == 1
    assert post.edited_at is not None


def test_others_can_not_edit_but_moderators_can(alice, bob, mod, recipes):
    post = publish_post(actor=alice, space=recipes, body="mine")
    with pytest.raises(Http404):
        edit_post(actor=bob, post=post, body="yours now")
    edit_post(actor=mod, post=post, body="cleaned up by a moderator")
    post.refresh_from_db()
    assert post.body == "cleaned up by a moderator"


def test_delete_is_soft_and_restores_counters(alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="#一時的 な投稿")
    delete_post(actor=alice, post=post)
    post.refresh_from_db()
    recipes.refresh_from_db()
    assert post.deleted_at is not None
    assert recipes.post_count == 0
    assert Tag.objects.get(name="一時的").post_count == 0
    assert Activity.objects.filter(verb=Verb.POST_DELETE, subject_id=post.pk).exists()

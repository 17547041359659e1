"""The issue's "done when": a hold word keeps a post out of sight of everyone but its writer and
moderators until approved; a block word refuses the post with a message and saves nothing."""

import pytest
from django.core.exceptions import ValidationError

from hiroba.activity.models import Activity
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.moderation.models import HoldReason, Report
from hiroba.moderation.services import moderate_post
from hiroba.posts import selectors
from hiroba.posts.models import Comment, CommentStatus, Post, PostRevision, Status
from hiroba.posts.services import add_comment, edit_post, publish_post
from hiroba.posts.words import MASK

pytestmark = pytest.mark.django_db


def test_a_hold_word_keeps_the_post_from_everyone_but_its_writer_and_moderators(
    client, word_rule, alice, bob, mod, anon, recipes, django_capture_on_commit_callbacks
):
    word_rule("フリータンク", "hold")
    post = publish_post(actor=alice, space=recipes, body="ﾌﾘｰﾀﾝｸで余ったデータを分けます")
    assert post.status == Status.HELD
    recipes.refresh_from_db()
    alice.refresh_from_db()
    assert (recipes.post_count, alice.post_count) == (0, 0)

    for reader in (bob, anon):
        assert post not in selectors.list_feed(reader).items
        assert post not in selectors.list_space_posts(reader, recipes).items
    for reader, status in ((alice, 200), (mod, 200), (bob, 404)):
        client.force_login(reader)
        assert client.get(f"/p/{post.pk}/").status_code == status
        assert client.get(f"/api/v1/posts/{post.pk}").status_code == status
    client.logout()
    assert client.get(f"/p/{post.pk}/").status_code == 404

    client.force_login(alice)
    page = client.get(f"/p/{post.pk}/").content.decode()
    assert "held for review" in page.lower() or "確認待ち" in page

    hold = Report.objects.get(post=post, reporter__isnull=True, resolved_at__isnull=True)
    assert hold.reason == HoldReason.WORD_RULE and "フリータンク" in hold.note
    entry = AuditEntry.objects.get(action=AuditAction.POST_HOLD, target_id=post.pk)
    assert entry.actor is None and entry.target_type == "post"

    with django_capture_on_commit_callbacks(execute=True):
        moderate_post(actor=mod, post=post, action="approve", reason="問題ありません")
    post.refresh_from_db()
    recipes.refresh_from_db()
    alice.refresh_from_db()
    assert post.status == Status.PUBLISHED and post.published_at is not None
    assert (recipes.post_count, alice.post_count) == (1, 1)
    assert post in selectors.list_feed(bob).items
    hold.refresh_from_db()
    assert hold.resolution == "approved" and hold.resolved_by == mod
    assert AuditEntry.objects.filter(action=AuditAction.POST_APPROVE, actor=mod).count() == 1


def test_a_block_word_refuses_the_post_with_a_message_and_saves_nothing(
    client, word_rule, alice, recipes
):
    word_rule("必ず治る", "block")
    before = (Post.objects.count(), Activity.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        publish_post(actor=alice, space=recipes, body="このサプリで必ず治る！")
    assert "「必ず治る」" in error.value.message_dict["body"][0]

    client.force_login(alice)
    response = client.post("/s/recipes/new/", {"title": "", "body": "ｶﾅﾗｽﾞ必ず治るよ"})
    assert response.status_code == 422
    assert "「必ず治る」" in response.content.decode()
    response = client.post(
        "/api/v1/posts", {"space": "recipes", "body": "必ず治る"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and "必ず治る" in response.json()["message"]
    assert (Post.objects.count(), Activity.objects.count(), AuditEntry.objects.count()) == before


def test_a_mask_word_is_replaced_in_what_is_saved(word_rule, alice, recipes):
    word_rule("バカ", "mask")
    post = publish_post(actor=alice, space=recipes, title="ﾊﾞｶな話", body="ばかばかしい")
    assert post.status == Status.PUBLISHED
    assert post.title == f"{MASK * 3}な話"
    assert post.body == f"{MASK * 4}しい" and MASK in post.body_html
    assert "ばか" not in post.search_text


def test_an_edit_that_adds_a_hold_word_takes_the_post_out_of_sight(word_rule, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="普通の話 #料理")
    word_rule("裏技", "hold")
    post = edit_post(actor=alice, post=post, body="裏技を教えます #料理")
    assert post.status == Status.HELD
    assert post not in selectors.list_feed(bob).items
    recipes.refresh_from_db()
    alice.refresh_from_db()
    assert (recipes.post_count, alice.post_count) == (0, 0)
    assert PostRevision.objects.filter(post=post).count() == 1
    assert Report.objects.filter(post=post, resolved_at__isnull=True).count() == 1


def test_an_edit_with_a_block_word_changes_nothing(word_rule, alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="普通の話")
    word_rule("必ず治る", "block")
    with pytest.raises(ValidationError):
        edit_post(actor=alice, post=post, body="必ず治る")
    post.refresh_from_db()
    assert post.body == "普通の話" and not PostRevision.objects.filter(post=post).exists()


def test_a_hold_word_in_a_comment_holds_it_uncounted_until_approved(
    client, word_rule, alice, bob, mod, recipes, django_capture_on_commit_callbacks
):
    post = publish_post(actor=alice, space=recipes, body="質問です")
    word_rule("ライン交換", "hold")
    comment = add_comment(actor=bob, post=post, body="ﾗｲﾝ交換しませんか")
    assert comment.status == CommentStatus.HELD
    post.refresh_from_db()
    assert post.comment_count == 0

    for reader, sees in ((alice, False), (bob, True), (mod, True)):
        thread = selectors.get_thread(reader, post)
        assert [c.body for c in thread.comments] == (["ﾗｲﾝ交換しませんか"] if sees else [])
    client.force_login(alice)
    assert client.get(f"/api/v1/posts/{post.pk}/comments").json()["items"] == []

    from hiroba.moderation.services import moderate_comment

    with django_capture_on_commit_callbacks(execute=True):
        moderate_comment(actor=mod, comment=comment, action="approve")
    post.refresh_from_db()
    assert post.comment_count == 1
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PUBLISHED
    assert [c.body for c in selectors.get_thread(alice, post).comments] == ["ﾗｲﾝ交換しませんか"]


def test_a_block_word_in_a_comment_saves_nothing(word_rule, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="質問です")
    word_rule("必ず治る", "block")
    with pytest.raises(ValidationError) as error:
        add_comment(actor=bob, post=post, body="必ず治るよ")
    assert "必ず治る" in error.value.messages[0]
    assert not Comment.objects.exists()


def test_inactive_rules_do_not_apply(word_rule, mod, alice, recipes):
    from hiroba.moderation.services import change_word_rule

    rule = word_rule("必ず治る", "block")
    change_word_rule(actor=mod, rule=rule, is_active=False)
    assert publish_post(actor=alice, space=recipes, body="必ず治る").status == Status.PUBLISHED


def test_a_new_members_first_posts_wait_for_review(alice, bob, cm, mod, recipes):
    from hiroba.moderation.services import set_hold_first_posts

    set_hold_first_posts(actor=cm, count=2)
    first = publish_post(actor=alice, space=recipes, body="はじめまして")
    second = publish_post(actor=alice, space=recipes, body="二つ目")
    third = publish_post(actor=alice, space=recipes, body="三つ目")
    assert [p.status for p in (first, second, third)] == ["held", "held", "published"]
    hold = Report.objects.get(post=first)
    assert hold.reason == HoldReason.NEW_MEMBER
    # Staff are never held.
    assert publish_post(actor=mod, space=recipes, body="運営です").status == Status.PUBLISHED
    assert AuditEntry.objects.filter(action=AuditAction.SETTINGS, actor=cm).count() == 1

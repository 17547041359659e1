"""Moderators hide, restore, delete, approve and dismiss; counters, reports, audit and e-mail follow."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.core.errors import Refused
from hiroba.demo.scale.counters import check_counters
from hiroba.moderation.models import Report
from hiroba.moderation.services import moderate_comment, moderate_post, report_content
from hiroba.posts import selectors
from hiroba.posts.models import CommentStatus, Status, Tag
from hiroba.posts.services import add_comment, create_article, publish_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run a service with its after-commit jobs (the e-mail to the writer)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def test_hiding_a_reported_post_closes_its_reports_moves_counters_and_tells_the_writer(
    act, alice, bob, charlie, mod, recipes
):
    post = publish_post(actor=alice, space=recipes, body="宣伝です #セール #お得")
    report_content(actor=bob, post=post, reason="spam", note="同じ宣伝を何度も")
    report_content(actor=charlie, post=post, reason="spam")
    assert Tag.objects.get(name="セール").post_count == 1
    mail.outbox.clear()

    entry = act(moderate_post, actor=mod, post=post, action="hide", reason="宣伝の繰り返し")

    post.refresh_from_db()
    recipes.refresh_from_db()
    alice.refresh_from_db()
    assert post.status == Status.HIDDEN
    assert (recipes.post_count, alice.post_count) == (0, 0)
    assert Tag.objects.get(name="セール").post_count == 0
    assert check_counters() == []
    assert post not in selectors.list_feed(bob).items
    assert Report.objects.filter(resolved_at__isnull=True).count() == 0
    assert set(Report.objects.values_list("resolution", flat=True)) == {"hidden"}
    assert (entry.actor, entry.action, entry.target_id) == (mod, AuditAction.POST_HIDE, post.pk)
    assert entry.reason == "宣伝の繰り返し" and entry.data == {"from": "published", "to": "hidden"}
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "宣伝の繰り返し" in mail.outbox[0].body

    act(moderate_post, actor=mod, post=post, action="restore", reason="誤りでした")
    post.refresh_from_db()
    recipes.refresh_from_db()
    assert post.status == Status.PUBLISHED and recipes.post_count == 1
    assert Tag.objects.get(name="セール").post_count == 1
    assert check_counters() == []
    assert len(mail.outbox) == 2


def test_the_writer_sees_the_reason_on_their_hidden_post_and_others_get_404(
    act, client, alice, bob, mod, recipes
):
    post = publish_post(actor=alice, space=recipes, body="本文")
    act(moderate_post, actor=mod, post=post, action="hide", reason="個人情報が含まれています")
    client.force_login(alice)
    page = client.get(f"/p/{post.pk}/").content.decode()
    assert "個人情報が含まれています" in page
    client.force_login(bob)
    assert client.get(f"/p/{post.pk}/").status_code == 404


def test_deleting_hidden_or_held_posts_keeps_counters_exact(act, word_rule, alice, mod, recipes):
    hidden = publish_post(actor=alice, space=recipes, body="一つ目 #a")
    act(moderate_post, actor=mod, post=hidden, action="hide", reason="x")
    act(moderate_post, actor=mod, post=hidden, action="delete", reason="削除します")
    word_rule("保留", "hold")
    held = publish_post(actor=alice, space=recipes, body="保留 #a")
    act(moderate_post, actor=mod, post=held, action="delete", reason="削除します")
    published = publish_post(actor=alice, space=recipes, body="公開 #a")
    act(moderate_post, actor=mod, post=published, action="delete", reason="削除します")
    assert check_counters() == []
    recipes.refresh_from_db()
    assert recipes.post_count == 0
    assert AuditEntry.objects.filter(action=AuditAction.POST_DELETE).count() == 3


def test_actions_that_do_not_fit_the_state_are_refused_and_change_nothing(
    act, alice, mod, recipes, editor, official
):
    post = publish_post(actor=alice, space=recipes, body="本文")
    with pytest.raises(Refused):
        moderate_post(actor=mod, post=post, action="restore", reason="")
    with pytest.raises(Refused):
        moderate_post(actor=mod, post=post, action="approve")
    with pytest.raises(Refused):
        moderate_post(actor=mod, post=post, action="dismiss")  # no open reports
    with pytest.raises(ValidationError):
        moderate_post(actor=mod, post=post, action="hide", reason="  ")
    with pytest.raises(ValidationError):
        moderate_post(actor=mod, post=post, action="explode", reason="x")
    article = create_article(
        actor=editor, as_account=official, title="お知らせ", body="本文", publish="now"
    )
    with pytest.raises(Refused):
        moderate_post(actor=mod, post=article, action="hide", reason="x")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert not AuditEntry.objects.filter(action__startswith="post_h").exists()


def test_members_cannot_moderate(alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    with pytest.raises(Refused):
        moderate_post(actor=bob, post=post, action="hide", reason="x")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_dismissing_reports_leaves_the_post_and_audits(act, alice, bob, mod, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    report_content(actor=bob, post=post, reason="off_topic")
    mail.outbox.clear()
    entry = act(moderate_post, actor=mod, post=post, action="dismiss", reason="問題なし")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert entry.action == AuditAction.REPORTS_DISMISS and entry.data == {"reports": 1}
    assert Report.objects.get().resolution == "dismissed"
    assert mail.outbox == []  # the writer was never told about the report


def test_hiding_a_comment_and_a_reply_keeps_counts_and_shows_a_placeholder(
    act, alice, bob, charlie, mod, recipes
):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=bob, post=post, body="失礼なコメント")
    reply = add_comment(actor=charlie, post=post, body="返信", parent=comment)
    act(moderate_comment, actor=mod, comment=comment, action="hide", reason="暴言")
    post.refresh_from_db()
    assert post.comment_count == 1
    assert check_counters() == []
    thread = selectors.get_thread(alice, post)
    assert thread.comments[0].body == "" and thread.comments[0].deleted_at is not None
    assert [r.pk for r in thread.comments[0].shown_replies] == [reply.pk]
    writer_view = selectors.get_thread(bob, post).comments[0]
    assert writer_view.body == "失礼なコメント" and writer_view.moderation_reason == "暴言"

    act(moderate_comment, actor=mod, comment=reply, action="hide", reason="巻き添え")
    assert selectors.get_thread(alice, post).comments == []
    act(moderate_comment, actor=mod, comment=comment, action="restore", reason="確認済み")
    post.refresh_from_db()
    assert post.comment_count == 1
    assert check_counters() == []
    assert type(comment).objects.get(pk=comment.pk).status == CommentStatus.PUBLISHED


def test_a_comment_shown_as_removed_cannot_be_saved_by_mistake(act, alice, bob, mod, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=bob, post=post, body="コメント")
    reply = add_comment(actor=alice, post=post, body="返信", parent=comment)
    act(moderate_comment, actor=mod, comment=comment, action="hide", reason="暴言")
    shown = selectors.get_thread(alice, post).comments[0]
    assert shown.pk == comment.pk and [r.pk for r in shown.shown_replies] == [reply.pk]
    with pytest.raises(RuntimeError):
        shown.save()
    comment.refresh_from_db()
    assert comment.body == "コメント" and comment.deleted_at is None


def test_a_held_post_hidden_then_restored_gets_a_date_and_takes_its_place_in_feeds(
    act, word_rule, alice, bob, mod, recipes
):
    word_rule("フリータンク", "hold")
    older = publish_post(actor=alice, space=recipes, body="先に公開された投稿 #節約")
    held = publish_post(actor=alice, space=recipes, body="フリータンクの話 #節約")
    assert held.published_at is None
    act(moderate_post, actor=mod, post=held, action="hide", reason="確認中")
    act(moderate_post, actor=mod, post=held, action="restore", reason="問題なし")
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED and held.published_at is not None
    feed = selectors.list_space_posts(bob, recipes)
    assert [p.pk for p in feed.items] == [held.pk, older.pk]  # newest first, not last
    tag_page = selectors.list_tag_posts(bob, Tag.objects.get(name="節約"))
    assert held.pk in [p.pk for p in tag_page.items]


def test_a_writer_deleting_held_or_reported_content_takes_it_out_of_the_queue(
    word_rule, alice, bob, recipes
):
    word_rule("フリータンク", "hold")
    held = publish_post(actor=alice, space=recipes, body="フリータンクの話")
    reported = publish_post(actor=alice, space=recipes, body="ふつうの投稿")
    report_content(actor=bob, reason="spam", post=reported)
    comment = add_comment(actor=alice, post=reported, body="フリータンクのコメント")
    assert Report.objects.filter(resolved_at__isnull=True).count() == 3
    from hiroba.posts.services import delete_comment, delete_post

    delete_comment(actor=alice, comment=comment)
    delete_post(actor=alice, post=held)
    delete_post(actor=alice, post=reported)
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert set(Report.objects.values_list("resolution", flat=True)) == {"deleted"}

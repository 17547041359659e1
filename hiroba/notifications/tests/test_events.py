"""The events members expect: comments on their posts, answers, replies, accepted answers."""

from hiroba.moderation.services import moderate_comment
from hiroba.notifications.models import Notification
from hiroba.posts.services import add_comment
from hiroba.qa.services import accept_answer, ask_question, unaccept_answer


def told(verb=None):
    rows = Notification.objects.order_by("id")
    if verb:
        rows = rows.filter(verb=verb)
    return [(row.recipient.handle, row.verb, row.actor.handle) for row in rows]


def test_a_comment_on_my_post_tells_me(alice, bob, alice_post, on_commit):
    with on_commit():
        comment = add_comment(actor=bob, post=alice_post, body="おいしそう")
    assert told() == [("alice", "comment", "bob")]
    row = Notification.objects.get()
    assert row.url == f"/p/{alice_post.pk}/#comment-{comment.pk}"
    assert row.params == {"title": "ゆず胡椒のパスタ"}
    assert (row.subject_type, row.subject_id) == ("comment", comment.pk)


def test_my_own_comment_tells_nobody(alice, alice_post, on_commit):
    with on_commit():
        add_comment(actor=alice, post=alice_post, body="追記です")
    assert told() == []


def test_a_reply_tells_the_comment_writer_not_the_post_writer(
    alice, bob, charlie, alice_post, on_commit
):
    with on_commit():
        comment = add_comment(actor=bob, post=alice_post, body="レシピください")
    with on_commit():
        add_comment(actor=charlie, post=alice_post, body="私も", parent=comment)
    assert told() == [("alice", "comment", "bob"), ("bob", "reply", "charlie")]


def test_a_comment_shown_again_is_not_told_twice(alice, bob, mod, alice_post, on_commit):
    with on_commit():
        comment = add_comment(actor=bob, post=alice_post, body="おいしそう")
    with on_commit():
        moderate_comment(actor=mod, comment=comment, action="hide", reason="確認中")
    with on_commit():
        moderate_comment(actor=mod, comment=comment, action="restore")
    assert told("comment") == [("alice", "comment", "bob")]
    # bob hears of the hide and the restore; alice of the comment once.
    assert Notification.objects.filter(recipient=bob).count() == 2


def test_an_answer_and_its_acceptance(alice, bob, recipes, on_commit):
    with on_commit():
        question = ask_question(actor=alice, space=recipes, title="保存方法は?", body="教えて")
    with on_commit():
        answer = add_comment(actor=bob, post=question.post, body="冷蔵庫で一週間")
    assert told() == [("alice", "answer", "bob")]
    assert Notification.objects.get().url == f"/questions/{question.pk}/#answer-{answer.pk}"

    with on_commit():
        accept_answer(actor=alice, question=question, answer=answer)
    with on_commit():
        unaccept_answer(actor=alice, question=question)
    with on_commit():
        accept_answer(actor=alice, question=question, answer=answer)
    assert told("answer_accepted") == [("bob", "answer_accepted", "alice")]
    row = Notification.objects.get(verb="answer_accepted")
    assert row.url == f"/questions/{question.pk}/#answer-{answer.pk}"
    assert row.params == {"title": "保存方法は?"}


def test_a_moderator_hiding_my_comment_is_in_my_notifications(
    alice, bob, mod, alice_post, on_commit
):
    from django.core import mail
    from django.utils import translation

    from hiroba.notifications.messages import render_message

    with on_commit():
        comment = add_comment(actor=bob, post=alice_post, body="宣伝です")
    mail.outbox.clear()
    with on_commit():
        moderate_comment(actor=mod, comment=comment, action="hide", reason="宣伝のため")

    row = Notification.objects.get(recipient=bob)
    assert row.verb == "moderation_comment_hide" and row.actor is None
    assert row.url == f"/p/{alice_post.pk}/#comment-{comment.pk}"
    assert row.emailed_at is None
    # One e-mail: moderation's own, with the reason; no second copy from notifications.
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    with translation.override("en"):
        assert render_message(row.verb, row.params) == "A moderator acted on your post"


def test_a_warning_is_in_the_members_notifications(bob, mod, on_commit):
    from hiroba.moderation.services import sanction_member

    with on_commit():
        sanction_member(actor=mod, member=bob, kind="warn", reason="言葉づかいに気をつけて")
    row = Notification.objects.get(recipient=bob)
    assert row.verb == "moderation_member_warn" and row.url == "/guidelines/"

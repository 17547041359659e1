"""E-mail copies: only to members who want that category, once per notification."""

from django.conf import settings
from django.core import mail

from hiroba.accounts.models import Member
from hiroba.notifications.models import Notification
from hiroba.notifications.services import notify, save_settings
from hiroba.notifications.tests.conftest import FOLLOWED, SUSPENDED
from hiroba.posts.services import add_comment


def send(recipients, actor, target, verb=SUSPENDED):
    notify(
        recipients=recipients,
        verb=verb,
        actor=actor,
        target=target,
        url=f"/p/{target.pk}/",
        params={"name": "<Bob>"},
    )


def test_own_content_comes_by_e_mail_by_default(alice, bob, alice_post, on_commit):
    with on_commit():
        add_comment(actor=bob, post=alice_post, body="おいしそう")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    # Written in the community's language (Japanese by default); the message's own words are
    # translated by the lead later, so only the parts that do not depend on it are checked.
    assert "Bob" in message.subject and "ゆず胡椒のパスタ" in message.subject
    assert "\n" not in message.subject
    assert f"{settings.SITE_URL}/p/{alice_post.pk}/#comment-" in message.body
    assert f"{settings.SITE_URL}/notifications/settings/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_member_text_stays_plain_in_e_mail(alice, bob, alice_post, on_commit):
    with on_commit():
        send([alice], bob, alice_post)
    assert "<Bob>" in mail.outbox[0].subject and "&lt;" not in mail.outbox[0].body


def test_things_i_follow_stay_off_e_mail_unless_chosen(alice, bob, charlie, alice_post, on_commit):
    save_settings(actor=charlie, email={"following": True})
    with on_commit():
        send([alice, bob, charlie], None, alice_post, verb=FOLLOWED)

    assert Notification.objects.count() == 3
    assert [m.to for m in mail.outbox] == [["charlie@example.com"]]


def test_a_member_who_turned_it_off_gets_none(alice, bob, alice_post, on_commit):
    save_settings(actor=alice, email={"own": False})
    with on_commit():
        add_comment(actor=bob, post=alice_post, body="おいしそう")
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert mail.outbox == []


def test_a_second_run_sends_no_second_e_mail(alice, bob, alice_post, on_commit):
    with on_commit() as callbacks:
        send([alice, bob], None, alice_post)
    assert len(mail.outbox) == 2

    callbacks[0]()

    assert len(mail.outbox) == 2 and Notification.objects.count() == 2


def test_members_without_an_address_get_the_row_only(alice, bob, alice_post, on_commit):
    Member.objects.filter(pk=alice.pk).update(email=None)
    with on_commit():
        send([alice], bob, alice_post)
    assert Notification.objects.filter(recipient=alice).exists() and mail.outbox == []


def test_the_e_mail_is_in_the_community_language(alice, bob, alice_post, on_commit):
    from hiroba.community.models import Community
    from hiroba.community.selectors import forget_community

    Community.objects.update(language="en")
    forget_community()
    with on_commit():
        send([alice], bob, alice_post)
    assert mail.outbox[0].subject.endswith("<Bob> is suspended.")
    assert "Hello アリス," in mail.outbox[0].body

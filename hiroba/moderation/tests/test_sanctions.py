"""Warn, suspend for a period, ban: suspended members read but do not write, until the end."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.core.errors import Refused
from hiroba.moderation.models import Report, Sanction
from hiroba.moderation.services import (
    lift_expired_suspensions,
    lift_sanction,
    report_content,
    sanction_member,
)
from hiroba.posts.services import add_reaction, publish_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return make_member("admin", Role.ADMIN)


def test_a_suspended_member_reads_but_cannot_write_until_the_period_ends(
    client, alice, bob, mod, recipes, django_capture_on_commit_callbacks
):
    post = publish_post(actor=bob, space=recipes, body="本文")
    report_content(actor=bob, member=alice, reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        sanction_member(actor=mod, member=alice, kind="suspend", reason="暴言の繰り返し", days=3)
    alice.refresh_from_db()
    assert alice.is_write_blocked and alice.suspended_until > timezone.now() + timedelta(days=2)
    assert "暴言の繰り返し" in mail.outbox[-1].body and mail.outbox[-1].to == ["alice@example.com"]
    assert Report.objects.get(member=alice).resolution == "sanctioned"

    with pytest.raises(Refused) as refused:
        publish_post(actor=alice, space=recipes, body="書けない")
    assert refused.value.code == "suspended"
    with pytest.raises(Refused):
        add_reaction(actor=alice, post=post)
    client.force_login(alice)
    assert client.get(f"/p/{post.pk}/").status_code == 200  # reading still works
    page = client.post("/s/recipes/new/", {"body": "書けない"})
    assert page.status_code == 403
    assert "suspended" in page.content.decode().lower() or "停止" in page.content.decode()

    # The period ends: writing works at once, and the job clears the flag later.
    alice.suspended_until = timezone.now() - timedelta(seconds=1)
    assert not alice.is_write_blocked
    assert lift_expired_suspensions(now=timezone.now() + timedelta(days=4)) == 1
    alice.refresh_from_db()
    assert not alice.is_suspended and alice.suspended_until is None
    assert publish_post(actor=alice, space=recipes, body="戻りました")
    assert AuditEntry.objects.filter(action=AuditAction.MEMBER_LIFT, actor=None).count() == 1


def test_a_ban_ends_the_session_and_only_a_manager_bans(alice, mod, cm):
    client = Client()
    client.force_login(alice)
    assert client.get("/members/settings/profile/").status_code == 200
    with pytest.raises(Refused):
        sanction_member(actor=mod, member=alice, kind="ban", reason="悪質")
    sanction_member(actor=cm, member=alice, kind="ban", reason="悪質")
    alice.refresh_from_db()
    assert alice.banned_at and not alice.is_active
    response = client.get("/members/settings/profile/")
    assert response.status_code == 302  # logged out
    with pytest.raises(Refused):
        lift_sanction(actor=mod, member=alice, reason="解除")
    lift_sanction(actor=cm, member=alice, reason="解除")
    alice.refresh_from_db()
    assert alice.is_active and not alice.banned_at and not alice.is_suspended


def test_authority_follows_rank(alice, mod, editor, cm, admin):
    other_mod = make_member("mod2", Role.MODERATOR)
    cases = [
        (mod, alice, True),
        (mod, other_mod, False),  # a moderator does not sanction a moderator
        (mod, editor, False),
        (mod, cm, False),  # nor a manager
        (mod, mod, False),  # nor themselves
        (cm, mod, True),
        (cm, admin, False),
        (admin, cm, True),
        (alice, mod, False),
    ]
    for actor, target, allowed in cases:
        if allowed:
            sanction_member(actor=actor, member=target, kind="warn", reason="注意")
        else:
            with pytest.raises(Refused):
                sanction_member(actor=actor, member=target, kind="warn", reason="注意")
    assert Sanction.objects.filter(kind="warn").count() == 3


def test_bad_input_is_a_clear_error_and_changes_nothing(alice, mod):
    for kwargs in (
        {"kind": "exile", "reason": "x"},
        {"kind": "suspend", "reason": "  "},
        {"kind": "suspend", "reason": "x", "days": 0},
        {"kind": "suspend", "reason": "x", "days": 99999},
    ):
        with pytest.raises(ValidationError):
            sanction_member(actor=mod, member=alice, **kwargs)
    alice.refresh_from_db()
    assert not alice.is_suspended and not Sanction.objects.exists()


def test_a_suspension_without_days_lasts_until_lifted(alice, mod):
    sanction_member(actor=mod, member=alice, kind="suspend", reason="調査中")
    assert lift_expired_suspensions(now=timezone.now() + timedelta(days=3650)) == 0
    alice.refresh_from_db()
    assert alice.is_write_blocked and alice.suspended_until is None


def test_sanction_pages_from_the_queue_and_manage_members(client, alice, mod, cm):
    client.force_login(mod)
    page = client.get("/moderation/members/alice/")
    assert page.status_code == 200
    client.post("/moderation/members/alice/", {"kind": "suspend", "days": "2", "reason": "荒らし"})
    alice.refresh_from_db()
    assert alice.is_write_blocked
    assert "荒らし" in client.get("/moderation/members/alice/").content.decode()
    client.post("/moderation/members/alice/lift/", {"reason": "反省"})
    alice.refresh_from_db()
    assert not alice.is_suspended
    refused = client.post("/moderation/members/manager/", {"kind": "warn", "reason": "x"})
    assert refused.status_code == 200 and not Sanction.objects.filter(member=cm).exists()
    assert client.get("/moderation/members/\x00/").status_code == 404

    client.force_login(cm)
    client.post(f"/manage/members/{alice.pk}/suspend/", {"suspended": "1", "reason": "規約違反"})
    alice.refresh_from_db()
    assert alice.is_write_blocked
    assert Sanction.objects.filter(member=alice, kind="suspend", reason="規約違反").exists()
    html = client.get("/manage/members/").content.decode()
    assert "/moderation/members/alice/" in html

    client.force_login(alice)
    assert client.get("/moderation/members/bob/").status_code == 404


def test_a_moderator_is_offered_only_the_sanctions_they_may_give(client, alice, mod, cm):
    client.force_login(mod)
    page = client.get("/moderation/members/alice/").content.decode()
    assert 'value="warn"' in page and 'value="suspend"' in page
    assert 'value="ban"' not in page
    # A ban sent anyway is refused on the form, not recorded.
    refused = client.post("/moderation/members/alice/", {"kind": "ban", "reason": "悪質"})
    assert refused.status_code == 200 and not Sanction.objects.filter(kind="ban").exists()

    client.force_login(cm)
    assert 'value="ban"' in client.get("/moderation/members/alice/").content.decode()


def test_only_someone_who_may_lift_a_ban_is_offered_the_lift_form(client, alice, mod, cm):
    sanction_member(actor=cm, member=alice, kind="ban", reason="悪質")
    lift_url = "/moderation/members/alice/lift/"

    client.force_login(mod)
    assert lift_url not in client.get("/moderation/members/alice/").content.decode()
    client.force_login(cm)
    assert lift_url in client.get("/moderation/members/alice/").content.decode()

    sanction_member(actor=mod, member=make_member("dave"), kind="suspend", reason="荒らし")
    client.force_login(mod)
    assert (
        "/moderation/members/dave/lift/" in client.get("/moderation/members/dave/").content.decode()
    )


def test_a_banned_member_who_logs_in_is_told_why(alice, cm):
    sanction_member(actor=cm, member=alice, kind="ban", reason="悪質な宣伝の繰り返し")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    page = client.post(
        "/accounts/login/",
        {"login": "alice@example.com", "password": "correct horse battery staple"},
    )

    html = page.content.decode()
    assert page.status_code == 403
    assert "Your account is banned" in html and "悪質な宣伝の繰り返し" in html
    assert "_auth_user_id" not in client.session
    # Without the right password nothing about the ban is shown.
    wrong = client.post("/accounts/login/", {"login": "alice@example.com", "password": "nope"})
    assert "悪質な宣伝の繰り返し" not in wrong.content.decode()
    assert "banned" not in wrong.content.decode()

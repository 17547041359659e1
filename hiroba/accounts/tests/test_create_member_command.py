import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from hiroba.accounts.models import Member, Role
from hiroba.activity.models import Activity, Verb


def test_it_creates_a_verified_manager_who_can_log_in(db, client, monkeypatch):
    monkeypatch.setenv("HIROBA_NEW_MEMBER_PASSWORD", "a long enough passphrase 42")
    call_command(
        "create_member",
        email="boss@example.com",
        handle="boss",
        display_name="店長",
        role="manager",
    )
    member = Member.objects.get(handle="boss")
    assert member.role == Role.MANAGER
    assert Activity.objects.filter(verb=Verb.SIGNUP, actor=member).exists()
    response = client.post(
        "/accounts/login/", {"login": "boss@example.com", "password": "a long enough passphrase 42"}
    )
    assert response.status_code == 302
    assert client.get("/manage/settings/").status_code == 200


def test_it_refuses_a_taken_handle_with_a_clear_message(db, alice, monkeypatch):
    monkeypatch.setenv("HIROBA_NEW_MEMBER_PASSWORD", "a long enough passphrase 42")
    with pytest.raises(CommandError) as refused:
        call_command("create_member", email="other@example.com", handle="ALICE", display_name="x")
    assert str(refused.value) == gettext("This handle is already taken.")
    assert Member.objects.filter(email="other@example.com").count() == 0

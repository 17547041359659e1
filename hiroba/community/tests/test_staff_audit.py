"""Staff acts on the community are audited: opening and closing it, its settings, spaces, and
who managers add to a space or remove from it (by page, API or service). The member added is
told; the member removed loses the space at once."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import image_bytes
from hiroba.accounts.tokens import create_api_token
from hiroba.activity.models import Activity, Verb
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.community.models import Community, SpaceMembership, Visibility
from hiroba.community.permissions import visible_space_ids
from hiroba.community.services import (
    create_space,
    invite_to_space,
    remove_from_space,
    update_community_settings,
    update_space,
)
from hiroba.core.errors import Refused
from hiroba.notifications.models import Notification

pytestmark = pytest.mark.django_db


def entries(action) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def page_client(member) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    client.force_login(member)
    return client


def api_client(member) -> Client:
    _token, secret = create_api_token(actor=member, name="test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


# --- The community ----------------------------------------------------------------------------


def test_closing_and_opening_the_community_are_audited(cm):
    assert Community.objects.get_or_create(pk=1)[0].is_open
    assert not AuditEntry.objects.exists()

    update_community_settings(actor=cm, is_open=False)
    update_community_settings(actor=cm, is_open=True)

    closed, opened = entries(AuditAction.COMMUNITY_CLOSE), entries(AuditAction.COMMUNITY_OPEN)
    assert [(e.actor, e.target_type, e.target_id) for e in closed] == [(cm, "community", 1)]
    assert [(e.actor, e.target_type) for e in opened] == [(cm, "community")]
    assert closed[0].id < opened[0].id
    # Opening and closing are their own entries, not "settings changed" as well.
    assert not entries(AuditAction.COMMUNITY_SETTINGS)


def test_changed_settings_are_audited_with_what_changed(cm):
    update_community_settings(actor=cm, name="Hiroba")  # the same name: nothing changed

    assert not AuditEntry.objects.exists()

    update_community_settings(
        actor=cm, name="ごま広場", time_zone="Asia/Tokyo", guidelines="# ルール\n" + "仲良く" * 300
    )

    (entry,) = entries(AuditAction.COMMUNITY_SETTINGS)
    assert entry.actor == cm and entry.target_type == "community"
    assert entry.data["fields"] == ["guidelines", "name"]
    # Short values before and after; long texts only as changed.
    assert entry.data["changes"] == {"name": ["Hiroba", "ごま広場"]}


def test_the_default_ideas_space_is_audited_by_its_slug(cm):
    """Audit rows are JSON: a space is kept as its slug (the Space itself could not be saved)."""
    ideas = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)

    update_community_settings(actor=cm, default_ideas_space=ideas)
    update_community_settings(actor=cm, default_ideas_space=None)

    first, second = entries(AuditAction.COMMUNITY_SETTINGS)
    assert first.data["changes"] == {"default_ideas_space": [None, "ideas"]}
    assert second.data["changes"] == {"default_ideas_space": ["ideas", None]}


def test_a_new_logo_is_audited(cm):
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG", size=(300, 300)))

    update_community_settings(actor=cm, logo=logo)

    (entry,) = entries(AuditAction.COMMUNITY_SETTINGS)
    assert entry.data["fields"] == ["logo"]
    assert Community.objects.get().logo


def test_closing_the_community_on_the_settings_page_is_audited(cm):
    response = page_client(cm).post(
        reverse("community:settings"),
        {"name": "Hiroba", "description": "", "language": "ja", "time_zone": "Asia/Tokyo",
         "guidelines": ""},
    )  # fmt: skip

    assert response.status_code == 302
    assert [e.actor for e in entries(AuditAction.COMMUNITY_CLOSE)] == [cm]


@translation.override("en")  # the messages checked are the English ones
def test_a_refused_change_leaves_no_entry(alice, cm):
    with pytest.raises(Refused):
        update_community_settings(actor=alice, is_open=False)
    bad_logo = SimpleUploadedFile("logo.png", b"not an image")
    with pytest.raises(Exception, match="not an image"):
        update_community_settings(actor=cm, is_open=False, logo=bad_logo)

    assert not AuditEntry.objects.exists()
    assert Community.objects.get_or_create(pk=1)[0].is_open


# --- Spaces -----------------------------------------------------------------------------------


def test_changing_a_space_is_audited(cm):
    space = create_space(actor=cm, slug="events", name="イベント")
    update_space(actor=cm, space=space, name="イベント")  # nothing changed

    assert not AuditEntry.objects.exists()

    update_space(actor=cm, space=space, visibility=Visibility.RESTRICTED, name="イベント")

    (changed,) = entries(AuditAction.SPACE_CHANGE)
    assert (changed.actor, changed.target_type, changed.target_id) == (cm, "space", space.pk)
    assert changed.data["fields"] == ["visibility"]
    assert changed.data["changes"] == {"visibility": ["public", "restricted"]}


def test_adding_a_member_to_a_restricted_space_is_audited_and_the_member_is_told(
    cm, charlie, inner_circle, django_capture_on_commit_callbacks
):
    assert inner_circle.pk not in visible_space_ids(charlie)
    before = len(entries(AuditAction.SPACE_INVITE))  # the fixture added alice and bob

    with django_capture_on_commit_callbacks(execute=True):
        assert invite_to_space(actor=cm, space=inner_circle, member=charlie) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_to_space(actor=cm, space=inner_circle, member=charlie) is False

    added = entries(AuditAction.SPACE_INVITE)[before:]
    assert [(e.actor, e.target_type, e.target_id) for e in added] == [(cm, "member", charlie.pk)]
    assert added[0].data == {"space": "inner", "space_id": inner_circle.pk,
                             "visibility": "restricted"}  # fmt: skip
    assert inner_circle.pk in visible_space_ids(charlie)
    (told,) = Notification.objects.filter(recipient=charlie)
    assert (told.verb, told.actor, told.url) == ("space_added", cm, "/s/inner/")
    assert told.params == {"space": "アンバサダー"}
    assert [m.to for m in mail.outbox if "アンバサダー" in m.body] == [[charlie.email]]


def test_removing_a_member_is_audited_and_hides_the_space_at_once(cm, alice, inner_circle):
    assert inner_circle.pk in visible_space_ids(alice)
    inner_circle.refresh_from_db()
    assert inner_circle.member_count == 2

    assert remove_from_space(actor=cm, space=inner_circle, member=alice) is True
    assert remove_from_space(actor=cm, space=inner_circle, member=alice) is False

    (removed,) = entries(AuditAction.SPACE_REMOVE)
    assert (removed.actor, removed.target_type, removed.target_id) == (cm, "member", alice.pk)
    assert removed.data["space"] == "inner"
    assert inner_circle.pk not in visible_space_ids(alice)
    inner_circle.refresh_from_db()
    assert inner_circle.member_count == 1
    left = Activity.objects.get(verb=Verb.SPACE_LEAVE, actor=alice)
    assert left.data == {"removed_by": cm.pk}
    assert page_client(alice).get(reverse("posts:space", args=["inner"])).status_code == 404


def test_only_managers_remove_members(alice, bob, mod, inner_circle):
    for actor in (alice, mod):
        with pytest.raises(Refused):
            remove_from_space(actor=actor, space=inner_circle, member=bob)
    assert SpaceMembership.objects.filter(space=inner_circle, member=bob).exists()
    assert not entries(AuditAction.SPACE_REMOVE)


def test_a_manager_removes_a_member_on_the_space_page(cm, alice, bob, inner_circle):
    url = reverse("community:space_edit", args=[inner_circle.slug])
    page = page_client(cm).get(url)
    remove_url = reverse("community:space_remove_member", args=["inner", bob.pk])
    assert remove_url in page.content.decode()

    response = page_client(cm).post(remove_url)

    assert response.status_code == 302 and response.url == url
    assert not SpaceMembership.objects.filter(space=inner_circle, member=bob).exists()
    assert [e.target_id for e in entries(AuditAction.SPACE_REMOVE)] == [bob.pk]
    # Someone who is not in the space, and a member who is not a manager: nothing changes.
    assert page_client(cm).post(remove_url).status_code == 404
    other = reverse("community:space_remove_member", args=["inner", alice.pk])
    assert page_client(alice).post(other).status_code == 403
    assert SpaceMembership.objects.filter(space=inner_circle, member=alice).exists()


def test_a_manager_adds_and_removes_members_through_the_api(cm, alice, charlie, inner_circle):
    client = api_client(cm)

    added = client.put("/api/v1/spaces/inner/members/CHARLIE")
    again = client.put("/api/v1/spaces/inner/members/charlie")

    assert (added.status_code, added.json()) == (201, {"space": "inner", "handle": "charlie"})
    assert again.status_code == 200
    assert SpaceMembership.objects.filter(space=inner_circle, member=charlie).exists()

    removed = client.delete("/api/v1/spaces/inner/members/alice")
    gone = client.delete("/api/v1/spaces/inner/members/alice")

    assert (removed.status_code, gone.status_code) == (204, 404)
    assert gone.json()["code"] == "not_found"
    assert [e.target_id for e in entries(AuditAction.SPACE_REMOVE)] == [alice.pk]
    assert entries(AuditAction.SPACE_INVITE)[-1].target_id == charlie.pk


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/spaces/inner/members/nobody", 404),
        ("/api/v1/spaces/inner/members/bad%00handle", 404),
        ("/api/v1/spaces/nowhere/members/bob", 404),
    ],
    ids=["unknown-member", "nul-byte", "unknown-space"],
)
def test_the_api_answers_404_for_what_is_not_there(cm, inner_circle, path, status):
    response = api_client(cm).delete(path)
    assert response.status_code == status
    assert response.json()["code"] == "not_found"


def test_members_cannot_manage_space_members_through_the_api(alice, bob, inner_circle):
    client = api_client(alice)

    assert client.delete("/api/v1/spaces/inner/members/bob").status_code == 403
    assert client.put("/api/v1/spaces/inner/members/charlie").status_code == 403
    assert Client().delete("/api/v1/spaces/inner/members/bob").status_code == 401
    assert SpaceMembership.objects.filter(space=inner_circle, member=bob).exists()


def test_the_audit_log_page_names_the_new_acts(cm, alice, inner_circle):
    update_community_settings(actor=cm, is_open=False)
    remove_from_space(actor=cm, space=inner_circle, member=alice)

    page = page_client(cm).get(reverse("moderation:audit")).content.decode()

    for label in ("Community closed", "Member removed from a space", "Member added to a space"):
        assert label in page

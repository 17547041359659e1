"""Every logged-in request loads its member by id (Django's ModelBackend calls
Member.objects.get(pk=…)); that lookup is a statement each process keeps (core.prepared), and
must answer exactly as Django's own would."""

import pytest
from django.test import Client

from hiroba.accounts.models import Member
from hiroba.accounts.services import update_profile


def test_the_member_is_the_row_as_it_is_now(alice, bob):
    for member in (alice, bob, alice):
        kept = Member.objects.get(pk=member.pk)
        fresh = Member.objects.filter(pk=member.pk).get()
        assert {f.attname: getattr(kept, f.attname) for f in Member._meta.concrete_fields} == {
            f.attname: getattr(fresh, f.attname) for f in Member._meta.concrete_fields
        }
    update_profile(actor=alice, member=alice, display_name="アリス改")
    assert Member.objects.get(pk=alice.pk).display_name == "アリス改"


def test_a_missing_member_is_does_not_exist(db):
    with pytest.raises(Member.DoesNotExist):
        Member.objects.get(pk=10**6)
    with pytest.raises(Member.DoesNotExist):
        Member.objects.get(pk=10**30)


def test_other_lookups_are_djangos_own(alice, bob):
    assert Member.objects.get(handle="alice") == alice
    assert Member.objects.get(pk=str(alice.pk)) == alice
    with pytest.raises(Member.MultipleObjectsReturned):
        Member.objects.get(is_active=True)


def test_a_logged_in_page_shows_the_member_as_they_are_now(alice):
    client = Client()
    client.force_login(alice)
    assert "アリス" in client.get("/").content.decode()
    update_profile(actor=alice, member=alice, display_name="アリス改")
    assert "アリス改" in client.get("/").content.decode()
    Member.objects.filter(pk=alice.pk).update(is_active=False)
    # Django's backend still decides: an inactive member is logged out.
    assert client.get("/members/settings/profile/").status_code == 302

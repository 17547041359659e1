from hiroba.accounts.models import Member, Role
from hiroba.activity.models import Activity, Verb


def test_manager_lists_and_finds_members(client, cm, alice, bob):
    client.force_login(cm)
    response = client.get("/manage/members/")
    assert response.status_code == 200
    assert "@alice" in response.content.decode() and "@bob" in response.content.decode()
    found = client.get("/manage/members/", {"q": "アリス"}).content.decode()
    assert "@alice" in found and "@bob" not in found


def test_member_list_query_count_does_not_grow(client, cm, django_assert_max_num_queries):
    from conftest import make_member

    for i in range(30):
        make_member(f"member{i:02d}")
    client.force_login(cm)
    # 13: the page's visit is recorded (an Activity row and the health score's upsert).
    with django_assert_max_num_queries(13):
        assert client.get("/manage/members/").status_code == 200


def test_manager_suspends_and_restores_a_member(client, cm, alice):
    client.force_login(cm)
    assert not alice.is_suspended
    client.post(f"/manage/members/{alice.pk}/suspend/", {"suspended": "1"})
    alice.refresh_from_db()
    assert alice.is_suspended
    assert Activity.objects.filter(verb=Verb.PROFILE_EDIT, subject_id=alice.pk, actor=cm).exists()
    client.post(f"/manage/members/{alice.pk}/suspend/", {"suspended": "0"})
    alice.refresh_from_db()
    assert not alice.is_suspended


def test_manager_changes_a_role_but_not_to_admin(client, cm, alice):
    client.force_login(cm)
    client.post(f"/manage/members/{alice.pk}/role/", {"role": "editor"})
    alice.refresh_from_db()
    assert alice.role == Role.EDITOR
    response = client.post(f"/manage/members/{alice.pk}/role/", {"role": "admin"}, follow=True)
    alice.refresh_from_db()
    assert alice.role == Role.EDITOR
    assert response.status_code == 200
    response = client.post(f"/manage/members/{alice.pk}/role/", {"role": "emperor"}, follow=True)
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.role == Role.EDITOR


def test_manager_creates_an_official_account_with_a_clear_error_on_a_taken_handle(
    client, cm, alice
):
    client.force_login(cm)
    client.post(
        "/manage/members/official/", {"display_name": "編集部", "handle": "editors", "bio": ""}
    )
    account = Member.objects.get(handle="editors")
    assert account.is_official and not account.has_usable_password()
    response = client.post(
        "/manage/members/official/", {"display_name": "x", "handle": "ALICE"}, follow=True
    )
    assert response.status_code == 200
    assert Member.objects.filter(is_official=True).count() == 1


def test_members_and_moderators_can_not_manage_members(client, alice, bob, mod):
    for persona in (alice, mod):
        client.force_login(persona)
        assert client.get("/manage/members/").status_code == 403
        client.post(f"/manage/members/{bob.pk}/suspend/", {"suspended": "1"})
        bob.refresh_from_db()
        assert not bob.is_suspended
    client.logout()
    assert client.get("/manage/members/").status_code == 302

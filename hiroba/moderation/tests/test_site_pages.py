"""Moderation as the rest of the site shows it: navigation, guidelines, the writer's notice."""

import pytest

pytestmark = pytest.mark.django_db


def test_moderators_see_the_queue_in_the_navigation_and_managers_the_audit_log(
    client, alice, mod, cm
):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert 'href="/moderation/"' not in page and 'href="/moderation/audit/"' not in page
    client.force_login(mod)
    page = client.get("/").content.decode()
    assert 'href="/moderation/"' in page and 'href="/moderation/audit/"' not in page
    client.force_login(cm)
    assert 'href="/moderation/audit/"' in client.get("/").content.decode()


def test_the_guidelines_page_lists_what_members_can_report(client):
    page = client.get("/guidelines/").content.decode()
    assert 'id="report-reasons"' in page and page.count("<li>") >= 3


def test_a_held_post_is_announced_as_held_not_published(client, word_rule, alice, recipes):
    word_rule("フリータンク", "hold")
    client.force_login(alice)
    response = client.post(
        "/s/recipes/new/", {"title": "", "body": "ﾌﾘｰﾀﾝｸを使いました"}, follow=True
    )
    page = response.content.decode()
    assert "投稿は確認待ちです" in page and "投稿を公開しました" not in page


def test_a_suspension_with_an_end_names_it_in_the_banner(client, alice, mod):
    from hiroba.moderation.services import sanction_member

    sanction_member(actor=mod, member=alice, kind="suspend", reason="荒らし", days=3)
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "まで利用停止中です" in page

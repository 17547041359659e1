"""A member's language: chosen with the footer's links or on the profile, stored with the member,
and used for their pages, notifications and e-mails wherever they are."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hiroba.accounts.models import Member
from hiroba.accounts.services import set_language
from hiroba.accounts.tokens import create_api_token
from hiroba.activity.models import Activity, Verb
from hiroba.community.services import update_community_settings
from hiroba.core.errors import Refused
from hiroba.moderation.services import moderate_post, sanction_member
from hiroba.notifications.models import Notification
from hiroba.posts.services import add_comment, publish_post

pytestmark = pytest.mark.django_db

ENGLISH_HOME, JAPANESE_HOME = ">Home<", "ホーム"


def language_of(member) -> str:
    return Member.objects.get(pk=member.pk).language


def home(client, **headers) -> str:
    return client.get("/", **headers).content.decode()


# --- choosing ------------------------------------------------------------------------------------


# What a browser sends with a link followed on our own pages.
FROM_OUR_PAGE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def test_the_language_link_remembers_a_members_choice(client, alice):
    client.force_login(alice)
    assert language_of(alice) == ""

    response = client.get("/i18n/en/", {"next": "/spaces/"}, **FROM_OUR_PAGE)

    assert response.status_code == 302 and response["Location"] == "/spaces/"
    assert response.cookies["django_language"].value == "en"
    assert language_of(alice) == "en"
    edits = Activity.objects.filter(actor=alice, verb=Verb.PROFILE_EDIT)
    assert [row.data for row in edits] == [{"fields": ["language"]}]
    client.get("/i18n/en/", **FROM_OUR_PAGE)  # the same choice again changes nothing
    assert edits.count() == 1


def test_another_sites_request_sets_the_cookie_but_not_the_members_choice(client, alice):
    """A GET carries no CSRF token: an image on another site pointing at the link must not
    change the language a member's e-mails are written in."""
    client.force_login(alice)
    for fetched_by in ({"HTTP_SEC_FETCH_SITE": "cross-site"}, {}):
        response = client.get("/i18n/en/", **fetched_by)
        assert response.cookies["django_language"].value == "en"
    assert language_of(alice) == ""


def test_a_visitors_link_sets_the_cookie_only(client, alice):
    response = client.get("/i18n/en/")
    assert response.cookies["django_language"].value == "en"
    assert language_of(alice) == ""


def test_djangos_language_form_is_remembered_too(client, alice):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert language_of(alice) == "en"


def test_the_profile_form_sets_and_clears_the_language(client, alice):
    client.force_login(alice)
    form = {"display_name": "アリス", "bio": "", "birth_year": "", "region": ""}
    page = client.get(reverse("accounts:edit_profile")).content.decode()
    assert 'name="language"' in page and "English" in page and "日本語" in page

    response = client.post(reverse("accounts:edit_profile"), form | {"language": "en"})

    assert response.status_code == 302 and language_of(alice) == "en"
    assert ENGLISH_HOME in home(client, HTTP_ACCEPT_LANGUAGE="ja")
    client.post(reverse("accounts:edit_profile"), form | {"language": ""})
    assert language_of(alice) == ""
    assert JAPANESE_HOME in home(client, HTTP_ACCEPT_LANGUAGE="ja")


def test_the_profile_form_refuses_an_unknown_language(client, alice):
    client.force_login(alice)
    form = {"display_name": "アリス", "language": "xx"}
    response = client.post(reverse("accounts:edit_profile"), form)
    assert response.status_code == 422 and language_of(alice) == ""


def test_the_service_refuses_unknown_languages_and_visitors(alice, anon):
    with pytest.raises(ValidationError):
        set_language(actor=alice, language="xx")
    with pytest.raises(Refused):
        set_language(actor=anon, language="en")


def test_a_suspended_member_can_still_choose_how_to_read(client, alice, cm):
    sanction_member(actor=cm, member=alice, kind="suspend", reason="test")
    client.force_login(Member.objects.get(pk=alice.pk))
    client.get("/i18n/en/", **FROM_OUR_PAGE)
    assert language_of(alice) == "en"


# --- the pages -----------------------------------------------------------------------------------


def test_a_members_choice_wins_over_the_cookie_and_the_browser(client, alice):
    set_language(actor=alice, language="en")
    client.force_login(alice)
    client.cookies["django_language"] = "ja"
    assert ENGLISH_HOME in home(client, HTTP_ACCEPT_LANGUAGE="ja")

    set_language(actor=alice, language="ja")
    client.cookies["django_language"] = "en"
    assert JAPANESE_HOME in home(client, HTTP_ACCEPT_LANGUAGE="en")


def test_without_a_choice_the_browser_decides_as_before(client, alice):
    client.force_login(alice)
    assert ENGLISH_HOME in home(client, HTTP_ACCEPT_LANGUAGE="en")
    assert JAPANESE_HOME in home(client, HTTP_ACCEPT_LANGUAGE="ja")


def test_the_api_speaks_the_members_language_to_a_token(
    alice, bob, recipes, django_capture_on_commit_callbacks
):
    set_language(actor=alice, language="en")
    post = publish_post(actor=alice, space=recipes, title="ゆず胡椒のパスタ", body="作りました")
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(actor=bob, post=post, body="おいしそう")
    _token, secret = create_api_token(actor=alice, name="tests")

    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="ja")
    items = api.get("/api/v1/notifications").json()["items"]

    assert items[0]["text"] == "Bob commented on your post “ゆず胡椒のパスタ”."
    assert api.get("/api/v1/members/me").json()["language"] == "en"


# --- e-mail --------------------------------------------------------------------------------------


def test_notification_e_mails_follow_each_members_choice(
    alice, bob, charlie, recipes, django_capture_on_commit_callbacks
):
    """The community speaks Japanese; alice chose English, charlie chose nothing."""
    set_language(actor=alice, language="en")
    alices = publish_post(actor=alice, space=recipes, title="ゆず胡椒のパスタ", body="作りました")
    charlies = publish_post(actor=charlie, space=recipes, title="親子丼", body="作りました")
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(actor=bob, post=alices, body="おいしそう")
        add_comment(actor=bob, post=charlies, body="おいしそう")

    sent = {message.to[0]: message for message in mail.outbox}
    english, japanese = sent["alice@example.com"], sent["charlie@example.com"]
    assert english.subject.endswith("Bob commented on your post “ゆず胡椒のパスタ”.")
    assert english.body.startswith("Hello アリス,") and "Open it here:" in english.body
    assert japanese.subject.endswith("Bobさんがあなたの投稿「親子丼」にコメントしました。")
    assert japanese.body.startswith("Charlieさん") and "こちらから確認できます：" in japanese.body
    assert Notification.objects.count() == 2


def test_a_member_who_chose_japanese_gets_japanese_from_an_english_community(
    alice, bob, cm, recipes, django_capture_on_commit_callbacks
):
    update_community_settings(actor=cm, language="en")
    set_language(actor=alice, language="ja")
    post = publish_post(actor=alice, space=recipes, title="ゆず胡椒のパスタ", body="作りました")
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(actor=bob, post=post, body="おいしそう")
        # bob chose nothing: the reply reaches him in the community's English.
        add_comment(actor=alice, post=post, body="ありがとう", parent=comment)
    sent = {message.to[0]: message for message in mail.outbox}
    assert "コメントしました" in sent["alice@example.com"].subject
    assert sent["alice@example.com"].body.startswith("アリスさん")
    assert sent["bob@example.com"].body.startswith("Hello Bob,")


def test_the_moderators_e_mail_comes_in_the_writers_language(
    alice, mod, recipes, django_capture_on_commit_callbacks
):
    set_language(actor=alice, language="en")
    post = publish_post(actor=alice, space=recipes, title="宣伝", body="本文")
    with django_capture_on_commit_callbacks(execute=True):
        moderate_post(actor=mod, post=post, action="hide", reason="宣伝の繰り返し")

    (message,) = mail.outbox
    assert "A moderator hid your post. Other members can no longer see it." in message.body
    assert "宣伝の繰り返し" in message.body


def test_a_password_reset_asked_from_a_japanese_browser_comes_in_the_members_language(
    alice, django_capture_on_commit_callbacks
):
    set_language(actor=alice, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client(HTTP_ACCEPT_LANGUAGE="ja").post(
            reverse("account_reset_password"), {"email": "alice@example.com"}
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Password Reset" in message.subject, message.subject

"""The navigation bar is rendered once per reader state and kept (hiroba/core/templatetags/
site_nav.py): whatever it shows changes with what it shows, and no reader gets another's."""

import re

from django.test import Client

from hiroba.accounts.models import Member, Role
from hiroba.notifications.models import Notification
from hiroba.notifications.tests.conftest import SUSPENDED
from hiroba.posts.services import publish_post


def _nav(client) -> str:
    page = client.get("/guidelines/").content.decode()
    return page.split('<nav class="navbar')[1].split("</nav>")[0]


def _reader(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_the_unread_badge_and_names_follow_the_member(alice, bob, recipes):
    alices = _reader(alice)
    assert 'id="unread-badge"' not in _nav(alices)
    post = publish_post(actor=alice, space=recipes, body="本文")
    Notification.objects.create(  # as the job writes it (the test database never commits)
        recipient=alice, verb=SUSPENDED, actor=bob, subject_type="post", subject_id=post.pk
    )
    assert re.search(r'id="unread-badge"[^>]*>1<', _nav(alices))
    Member.objects.filter(pk=alice.pk).update(display_name="アリス改め")
    assert "アリス改め" in _nav(_reader(Member.objects.get(pk=alice.pk)))


def test_roles_and_language_make_their_own_bar(alice, bob):
    alices = _reader(alice)
    assert "/console/" not in _nav(alices)
    Member.objects.filter(pk=alice.pk).update(role=Role.MANAGER)
    assert "/console/" in _nav(_reader(Member.objects.get(pk=alice.pk)))
    bobs = _reader(bob)
    japanese = bobs.get("/guidelines/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    english = bobs.get("/guidelines/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ログアウト" in japanese and "Log out" in english


def test_each_reader_gets_their_own_bar_and_token(alice, bob, client):
    pages = {who: _nav(c) for who, c in (("alice", _reader(alice)), ("bob", _reader(bob)))}
    pages["visitor"] = _nav(client)
    assert "@alice" not in pages["bob"] and "Alice" not in pages["bob"]
    assert "/accounts/login/" in pages["visitor"] and "Log out" not in pages["visitor"]
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pages[who]).group(1)
        for who in ("alice", "bob")
    ]
    assert tokens[0] != tokens[1]
    assert not any(re.search(r"hiroba-[0-9a-f]{32}", page) for page in pages.values())


def test_logging_out_from_the_kept_bar_works(alice):
    """The logout form carries this session's token, not the one of the first rendering."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(alice)
    second.force_login(alice)
    _nav(first)
    nav = _nav(second)  # the same bar, from the kept rendering
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav).group(1)
    response = second.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in second.session


def test_a_page_of_kept_fragments_carries_one_token_that_works(alice, recipes):
    """The bar, the cards and the page itself print the rendering's own token
    (core.fragments.csrf_token_for), as a page rendered without kept fragments would."""
    publish_post(actor=alice, space=recipes, body="一枚目")
    publish_post(actor=alice, space=recipes, body="二枚目")
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(alice)
    reader.get("/")  # keeps the bar and the cards
    page = reader.get("/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    tokens += re.findall(r'"X-CSRFToken": "([^"]+)"', page)
    assert len(tokens) >= 4  # the page's header, the logout form and two like forms
    assert len(set(tokens)) == 1
    response = reader.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302 and "_auth_user_id" not in reader.session

"""The session store reads rows with a plain statement (hiroba/core/sessions.py): live sessions
load, expired, unknown and tampered ones do not."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from hiroba.core.sessions import SessionStore


def test_a_saved_session_loads_and_an_expired_one_does_not(db):
    store = SessionStore()
    store["greeting"] = "こんにちは"
    store.save()
    assert SessionStore(store.session_key)["greeting"] == "こんにちは"

    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None


def test_unknown_and_tampered_sessions_are_empty(db):
    assert SessionStore("x" * 32).load() == {}
    store = SessionStore()
    store["who"] = 1
    store.save()
    Session.objects.filter(pk=store.session_key).update(session_data="not-signed")
    assert SessionStore(store.session_key).load() == {}


def test_a_logged_in_member_stays_logged_in(client, alice):
    client.force_login(alice)
    assert client.get("/").wsgi_request.user == alice

"""Sessions are the members' logins and live in the database (docs/operations.md): the nightly
job deletes the expired ones and keeps the others. The store reads rows with a plain statement
(hiroba/core/sessions.py): live sessions load, expired, unknown and tampered ones do not."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from hiroba.core.jobs import clear_expired_sessions
from hiroba.core.sessions import SessionStore


def test_the_nightly_job_deletes_expired_sessions_only(alice, bob):
    current, expired = Client(), Client()
    current.force_login(alice)
    expired.force_login(bob)
    Session.objects.filter(session_key=expired.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert Session.objects.count() == 2

    clear_expired_sessions.call_local()

    assert list(Session.objects.values_list("session_key", flat=True)) == [
        current.session.session_key
    ]
    assert current.get("/").context["user"] == alice
    assert SessionStore(session_key=expired.session.session_key).load() == {}


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

"""Sessions are the members' logins and live in the database (docs/operations.md): the nightly
job deletes the expired ones and keeps the others."""

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from hiroba.core.jobs import clear_expired_sessions


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

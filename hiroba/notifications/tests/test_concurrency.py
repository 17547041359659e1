"""The same batch delivered by several workers at once: one row and one e-mail per member.

Real threads with their own connections (transactional test mode): the unique key decides
the rows; the e-mail claim runs in a transaction that locks the rows (PostgreSQL) or holds
the write lock (SQLite's IMMEDIATE), so no copy is sent twice.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection

from conftest import make_member
from hiroba.notifications.jobs import deliver_notifications
from hiroba.notifications.models import Notification
from hiroba.notifications.tests.conftest import SUSPENDED

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8


def test_a_batch_delivered_at_once_by_many_workers_arrives_once(alice, bob, charlie):
    members = [alice, bob, charlie] + [make_member(f"fan{i:02d}") for i in range(10)]
    event = {
        "verb": SUSPENDED,
        "actor_id": None,
        "subject_type": "",
        "subject_id": None,
        "url": "/",
        "params": {"name": "x"},
        "event_key": "test:concurrent",
        "created_at": "2026-01-01T00:00:00+00:00",
    }
    ids = [m.pk for m in members]

    def run(_):
        try:
            deliver_notifications.call_local(event, ids)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(run, range(WORKERS)))

    assert Notification.objects.count() == len(members)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)

"""notify(): rows after commit and never on rollback, one per member and event, in batches."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hiroba.accounts.models import Member
from hiroba.notifications import services
from hiroba.notifications.jobs import deliver_notifications
from hiroba.notifications.models import Notification
from hiroba.notifications.services import notify
from hiroba.notifications.tests.conftest import FOLLOWED, SUSPENDED


def send(recipients, actor, target, **extra):
    notify(
        recipients=recipients,
        verb=extra.pop("verb", SUSPENDED),
        actor=actor,
        target=target,
        url=extra.pop("url", "/posts/1/"),
        params=extra.pop("params", {"name": "Bob"}),
        **extra,
    )


def test_rows_are_written_after_commit(alice, bob, charlie, alice_post, on_commit):
    with on_commit() as callbacks:
        send([bob, charlie.pk], alice, alice_post)
        assert not Notification.objects.exists()

    assert len(callbacks) == 1
    rows = Notification.objects.order_by("recipient_id")
    assert [row.recipient for row in rows] == [bob, charlie]
    row = rows[0]
    assert (row.verb, row.actor, row.subject_type, row.subject_id) == (
        SUSPENDED,
        alice,
        "post",
        alice_post.pk,
    )
    assert row.url == "/posts/1/" and row.params == {"name": "Bob"} and row.read_at is None


def test_nothing_is_written_when_the_caller_rolls_back(alice, bob, alice_post, on_commit):
    with on_commit() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        send([bob], alice, alice_post)
        raise RuntimeError("the caller's write failed")
    assert callbacks == []
    assert not Notification.objects.exists()


def test_the_actor_is_never_told_and_duplicates_are_one(alice, bob, alice_post, on_commit):
    with on_commit():
        send([alice, bob, bob.pk, alice.pk, bob], alice, alice_post)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [bob.pk]


def test_only_the_actor_means_no_job(alice, alice_post, on_commit):
    with on_commit() as callbacks:
        send([alice], alice, alice_post)
    assert callbacks == [] and not Notification.objects.exists()


def test_the_job_is_safe_to_run_twice(alice, bob, charlie, alice_post, on_commit):
    with on_commit() as callbacks:
        send([bob, charlie], alice, alice_post)
    assert Notification.objects.count() == 2

    callbacks[0]()  # the same batch delivered again (a retry)

    assert Notification.objects.count() == 2


def test_a_key_makes_the_same_event_arrive_once(alice, bob, alice_post, on_commit):
    with on_commit():
        send([bob], alice, alice_post, key="comment:1")
        send([bob], alice, alice_post, key="comment:1")
        send([bob], alice, alice_post)
        send([bob], alice, alice_post)
    # Keyed: once; unkeyed: each call is its own event.
    assert Notification.objects.count() == 3


def test_inactive_members_are_skipped(alice, bob, charlie, alice_post, on_commit):
    Member.objects.filter(pk=charlie.pk).update(is_active=False)
    with on_commit():
        send([bob, charlie, 10**9], alice, alice_post)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [bob.pk]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "posts/1/",
        "",
        "/ok\nLocation: x",
    ],
)
def test_a_url_off_the_site_is_refused(alice, bob, alice_post, url):
    with pytest.raises(ValueError):
        send([bob], alice, alice_post, url=url)


def test_an_unregistered_verb_is_refused(alice, bob, alice_post):
    with pytest.raises(ValueError):
        send([bob], alice, alice_post, verb="never_registered")


def test_params_keep_plain_values_only(alice, bob, alice_post, on_commit):
    with on_commit():
        send([bob], alice, alice_post, params={"name": alice, "count": 3, "none": None})
    row = Notification.objects.get()
    assert row.params == {"name": str(alice), "count": 3, "none": None}


def test_five_thousand_recipients_fan_out_in_batches(alice, alice_post, on_commit):
    Member.objects.bulk_create(
        Member(email=f"fan{i}@example.com", handle=f"fan{i}", display_name=f"Fan {i}")
        for i in range(5000)
    )
    fans = Member.objects.filter(handle__startswith="fan").values_list("pk", flat=True)

    with CaptureQueriesContext(connection) as request_queries, on_commit() as callbacks:
        send(fans, alice, alice_post, verb=FOLLOWED)
        before_commit = len(request_queries.captured_queries)
        assert not Notification.objects.exists()
    # The request read the ids once; the rest is the jobs' work, one batch each.
    assert before_commit == 1
    assert len(callbacks) == 5000 // services.BATCH_SIZE
    assert Notification.objects.filter(verb=FOLLOWED).count() == 5000
    inserts = [
        q["sql"]
        for q in request_queries.captured_queries
        if q["sql"].startswith("INSERT") and '"notifications_notification"' in q["sql"][:60]
    ]
    # Many rows per INSERT: SQLite's 999-parameter limit splits a batch of 500 in a few
    # statements, PostgreSQL takes it in one. Never one INSERT per member.
    assert len(callbacks) <= len(inserts) <= 100


def test_a_batch_costs_a_few_queries(alice, alice_post, django_assert_max_num_queries):
    Member.objects.bulk_create(
        Member(email=f"fan{i}@example.com", handle=f"fan{i}", display_name=f"Fan {i}")
        for i in range(80)
    )
    ids = list(Member.objects.filter(handle__startswith="fan").values_list("pk", flat=True))
    event = {
        "verb": FOLLOWED,
        "actor_id": alice.pk,
        "subject_type": "post",
        "subject_id": alice_post.pk,
        "url": "/",
        "params": {},
        "event_key": "test:batch",
        "created_at": "2026-01-01T00:00:00+00:00",
    }
    # Active members, the insert, and the e-mail settings (nobody here wants e-mail).
    with django_assert_max_num_queries(3):
        deliver_notifications.call_local(event, ids)
    assert Notification.objects.count() == 80


def test_old_notifications_are_purged_oldest_first(alice, bob, alice_post, on_commit):
    from datetime import timedelta

    from django.utils import timezone

    with on_commit():
        for _ in range(5):
            send([bob], alice, alice_post)
    rows = list(Notification.objects.order_by("id"))
    now = timezone.now()
    old = now - timedelta(days=services.KEEP_DAYS + 1)
    Notification.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(created_at=old)

    assert services.purge_old_notifications(now=now) == 3
    assert list(Notification.objects.order_by("id")) == rows[3:]
    assert services.purge_old_notifications(now=now) == 0


def test_the_purge_stops_at_once_when_nothing_is_old(
    alice, bob, alice_post, on_commit, django_assert_num_queries
):
    with on_commit():
        send([bob], alice, alice_post)
    with django_assert_num_queries(1):
        assert services.purge_old_notifications() == 0

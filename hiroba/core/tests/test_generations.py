"""Snapshots kept per process under a topic's generation number (core.generations)."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hiroba.core.generations import Snapshot, bump, numbers
from hiroba.core.models import Generation


@pytest.fixture
def rows():
    """What the snapshot under test reads: a list the test changes, as a service changes rows."""
    return ["first"]


@pytest.fixture
def snapshot(rows):
    built = []

    def build():
        built.append(1)
        return list(rows)

    kept = Snapshot(build, "test-topic")
    kept.builds = built
    yield kept
    kept.forget()


def test_a_snapshot_is_built_once_and_kept_until_its_topic_is_bumped(db, snapshot, rows):
    assert snapshot.get() == ["first"] and snapshot.get() == ["first"]
    assert len(snapshot.builds) == 1

    rows.append("second")
    assert snapshot.get() == ["first"]  # nobody said so: still the copy
    bump("other-topic")
    assert snapshot.get() == ["first"]  # another topic's change is not this one's
    with transaction.atomic():
        bump("test-topic")
    assert snapshot.get() == ["first", "second"]
    assert len(snapshot.builds) == 2


def test_numbers_are_random_and_a_rolled_back_bump_is_never_served(db, snapshot, rows):
    bump("test-topic")
    committed = numbers()["test-topic"]
    assert snapshot.get() == ["first"]

    with pytest.raises(RuntimeError), transaction.atomic():
        bump("test-topic")
        rows.append("never written")
        # Inside the writer's transaction the new number shows, and the copy follows.
        assert numbers()["test-topic"] != committed
        assert snapshot.get() == ["first", "never written"]
        raise RuntimeError

    rows.remove("never written")
    assert numbers()["test-topic"] == committed
    assert snapshot.get() == ["first"]  # made again: the rolled-back copy is not served
    bump("test-topic")
    assert Generation.objects.get(topic="test-topic").number not in (committed, 0)


def test_a_page_reads_the_numbers_once_however_many_snapshots_it_uses(alice, recipes):
    client = Client()
    client.force_login(alice)
    client.get("/")  # the home page uses three: spaces, events, surveys
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if "core_generation" in q["sql"]]
    assert len(reads) == 1
    # And nothing the snapshots hold was asked again.
    assert not [q for q in captured.captured_queries if 'FROM "community_space"' in q["sql"]]
    assert not [q for q in captured.captured_queries if 'FROM "events_event"' in q["sql"]]
    assert not [q for q in captured.captured_queries if 'FROM "surveys_survey"' in q["sql"]]


def test_outside_a_request_every_ask_reads_the_numbers(db, django_assert_num_queries):
    # A job or a command lives longer than a request: it must see a bump made elsewhere.
    with django_assert_num_queries(2):
        numbers()
        numbers()

"""The API's lists of applications walk their indexes on SQLite and PostgreSQL without a sort:
staff's list of an event's applications (application_event_list) and a member's own
(application_member). The queries are the selectors' own, captured as they run, then explained.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_member
from hiroba.events import selectors
from hiroba.events.services import apply_to_event
from hiroba.events.tests.helpers import open_event


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # Tiny tables make scanning and sorting cheapest; forbid both to see what indexes allow.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def plan_of(call) -> str:
    with CaptureQueriesContext(connection) as context:
        call()
    (sql,) = [q["sql"] for q in context.captured_queries if "events_application" in q["sql"]]
    return explain(sql)


@pytest.fixture
def applied(cm, alice):
    event = open_event(cm, capacity=3)
    for i in range(5):
        apply_to_event(actor=make_member(f"fan{i}"), event=event)
    apply_to_event(actor=alice, event=event)
    return event


def assert_walks(plan: str, index: str) -> None:
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan


def test_staffs_list_walks_the_event_index(applied):
    first = selectors.event_applications_page(applied, size=2)
    plan = plan_of(lambda: selectors.event_applications_page(applied, cursor=first.next_cursor))
    assert_walks(plan, "application_event_list")


def test_a_members_list_walks_the_member_index(applied, alice):
    plan = plan_of(lambda: selectors.my_applications_page(alice))
    assert_walks(plan, "application_member")

"""A lottery event with entrants whose applications have closed, ready to draw."""

from datetime import timedelta

from django.utils import timezone

from conftest import make_member
from hiroba.events.models import Selection
from hiroba.events.services import apply_to_event, update_event
from hiroba.events.tests.helpers import open_event


def entrants(count: int, prefix: str = "fan") -> list:
    return [make_member(f"{prefix}{i:03d}") for i in range(count)]


def close_now(staff, event):
    """Applications close a moment ago (staff move the deadline, as the event's page would)."""
    event, _ = update_event(
        actor=staff, event=event, applications_close_at=timezone.now() - timedelta(seconds=1)
    )
    return event


def closed_lottery(staff, members, *, companions=None, **fields):
    """A lottery event each of ``members`` applied to (with ``companions[i]``), now closed."""
    event = open_event(
        staff,
        selection=Selection.LOTTERY,
        companions_allowed=fields.pop("companions_allowed", 3),
        **fields,
    )
    for i, member in enumerate(members):
        apply_to_event(actor=member, event=event, companions=(companions or {}).get(i, 0))
    return close_now(staff, event)

"""Snapshots of what changes rarely, kept in each process and retired by a generation number.

A page that shows the spaces, the soonest events or the open surveys asks the same question of
the database on every request, and Django builds each of those queries afresh: 0.3-2 ms of
Python for a query the database answers in 0.05. A ``Snapshot`` keeps the answer in the process
under the number of its topic (a row of ``core.Generation``); the service that changes what a
topic holds calls ``bump(topic)`` in the same transaction, so the new number becomes visible
together with the change, and every process makes its copy again on its next read. Reading the
numbers is one plain statement per request, however many snapshots the page uses.

Numbers are random, not counted: a bump whose transaction rolls back leaves a number that no
later bump gives again, so a copy made inside that transaction (from rows that never were) is
never served.

What a snapshot holds must be the same for every reader; what depends on the reader (their
spaces, their answers) is filtered from it by the caller, per request.
"""

import secrets
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.signals import request_finished, request_started
from django.db import IntegrityError, connection, transaction

from hiroba.core.models import Generation

T = TypeVar("T")
_request = threading.local()
_snapshots: list["Snapshot"] = []


def bump(topic: str) -> None:
    """Give ``topic`` a new number, in the current transaction (call it where the change is
    written, inside the same ``atomic`` block)."""
    number = secrets.randbits(62)
    if not Generation.objects.filter(topic=topic).update(number=number):
        try:
            with transaction.atomic():
                Generation.objects.create(topic=topic, number=number)
        except IntegrityError:  # created meanwhile by another writer: ours is newer all the same
            Generation.objects.filter(topic=topic).update(number=number)
    # Read again on the next ask: in this transaction that is the new number, and after a
    # rollback the old one.
    _request.numbers = None


def numbers() -> dict[str, int]:
    """Every topic's number: read once per request (then kept until it ends), each time outside
    one. A plain statement: the ORM's query building would cost more than the snapshots save."""
    kept = getattr(_request, "numbers", None)
    if kept is not None:
        return kept
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT topic, number FROM {Generation._meta.db_table}")
        read = dict(cursor.fetchall())
    if getattr(_request, "active", False):
        _request.numbers = read
    return read


class Snapshot(Generic[T]):
    """``build()``'s answer, kept in this process while ``topics`` keep their numbers."""

    def __init__(self, build: Callable[[], T], *topics: str) -> None:
        self.build = build
        self.topics = topics
        self._kept: tuple[tuple[int, ...], T] | None = None
        _snapshots.append(self)

    def get(self) -> T:
        current = numbers()
        key = tuple(current.get(topic, 0) for topic in self.topics)
        kept = self._kept
        if kept is not None and kept[0] == key:
            return kept[1]
        value = self.build()
        self._kept = (key, value)
        return value

    def forget(self) -> None:
        self._kept = None


def forget_all() -> None:
    """Drop every snapshot of this process (tests: a rolled-back database has no numbers)."""
    for snapshot in _snapshots:
        snapshot.forget()


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.numbers = None


def _request_finished(**kwargs) -> None:
    _request.active = False
    _request.numbers = None


request_started.connect(_request_started, dispatch_uid="hiroba.core.generations.start")
request_finished.connect(_request_finished, dispatch_uid="hiroba.core.generations.finish")

"""Who an event is for, beyond "everyone who can read the community".

Three audiences, decided in permissions.py from the event's columns:

- all members (no ``space``, no ``audience_segment_id``);
- a space's members: with ``space`` set, the readers of that space (community.permissions
  decides who they are: everyone for a public space, the invited members of a restricted one);
- a saved segment: with ``audience_segment_id`` set, the members that segment includes now.

Segments sit above events in the stack, so this module owns a small registry that
``hiroba.segments`` fills from its ``AppConfig.ready()``: a checker that says whether a segment
exists and which of some segments include a member. Without a checker (segments not installed)
a segment's event is for staff only, and no segment can be chosen: it fails closed.
"""

from collections.abc import Iterable
from typing import Protocol


class SegmentChecker(Protocol):
    def exists(self, segment_id: int) -> bool:
        """Whether the saved segment ``segment_id`` exists."""

    def member_segment_ids(self, member, segment_ids: Iterable[int]) -> set[int]:
        """Which of ``segment_ids`` include ``member`` now (one query for all of them)."""


_checker: SegmentChecker | None = None


def set_segment_checker(checker: SegmentChecker | None) -> None:
    global _checker
    _checker = checker


def segment_exists(segment_id: int) -> bool:
    return _checker is not None and _checker.exists(segment_id)


def member_segment_ids(member, segment_ids: Iterable[int]) -> set[int]:
    """The segments among ``segment_ids`` that include ``member`` (none for visitors)."""
    wanted = {pk for pk in segment_ids if pk is not None}
    if _checker is None or not wanted or member is None or not member.is_authenticated:
        return set()
    return _checker.member_segment_ids(member, wanted)


def in_segment(member, segment_id: int) -> bool:
    return segment_id in member_segment_ids(member, [segment_id])

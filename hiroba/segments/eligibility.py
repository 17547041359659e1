"""The checker events ask whether a member is in an event's segment (hiroba.events.eligibility).

Membership is decided when it is read, from the segment's conditions (see models.py): for one
member and a few segments that is one query, a member row with one EXISTS per segment, each
reading that one member through the segment's conditions. A segment whose conditions cannot be
read any more includes nobody, so its events stay hidden rather than open to all.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Exists
from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.events.eligibility import set_segment_checker
from hiroba.segments.models import Segment
from hiroba.segments.selectors import members_of


class SegmentEligibility:
    def exists(self, segment_id: int) -> bool:
        return Segment.objects.filter(pk=segment_id).exists()

    def member_segment_ids(self, member, segment_ids: Iterable[int]) -> set[int]:
        now = timezone.now()
        checks = {}
        for segment in Segment.objects.filter(pk__in=list(segment_ids)):
            try:
                members = members_of(segment, now=now)
            except ValidationError:
                continue
            checks[f"in_{segment.pk}"] = Exists(members.filter(pk=member.pk))
        if not checks:
            return set()
        row = Member.objects.filter(pk=member.pk).annotate(**checks).values(*checks).first()
        if row is None:
            return set()
        return {int(name.removeprefix("in_")) for name, inside in row.items() if inside}


def register() -> None:
    set_segment_checker(SegmentEligibility())

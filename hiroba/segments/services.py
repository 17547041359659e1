"""Creating, changing and deleting segments, and auditing their exports: managers only.

Every change is audited (SEGMENT_CREATE / CHANGE / DELETE with the conditions before and after):
a segment decides who receives a newsletter or a campaign, so who changed it matters later.
Reading who is in a segment is in hiroba.segments.selectors (members_of, count_members,
iter_member_ids).
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.core.text import clean_text
from hiroba.segments.models import Segment
from hiroba.segments.permissions import require_segments
from hiroba.segments.rules import parse_rules

MAX_NAME = 100
MAX_DESCRIPTION = 500


def _text(errors: dict, value: str, *, field: str, limit: int, required: bool) -> str:
    try:
        return clean_text(value, field=field, max_length=limit, required=required)
    except ValidationError as error:
        errors.update(error.message_dict)
        return ""


def _clean(name: str, description: str, rules) -> tuple[str, str, list[dict]]:
    """Every problem at once (name, description and each condition), keyed by field."""
    errors: dict[str, list] = {}
    name = _text(errors, name, field="name", limit=MAX_NAME, required=True)
    description = _text(
        errors, description, field="description", limit=MAX_DESCRIPTION, required=False
    )
    stored: list[dict] = []
    try:
        stored = [rule.as_dict() for rule in parse_rules(rules)]
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return name, description, stored


@transaction.atomic
def create_segment(*, actor: Member, name: str, description: str = "", rules) -> Segment:
    """A new segment; its conditions are checked and stored in their normal form."""
    require_segments(actor)
    name, description, rules = _clean(name, description, rules)
    now = timezone.now()
    segment = Segment.objects.create(
        name=name,
        description=description,
        rules=rules,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    record_audit(
        actor=actor,
        action=AuditAction.SEGMENT_CREATE,
        target=segment,
        data={"name": name, "rules": rules},
    )
    return segment


@transaction.atomic
def update_segment(
    *, actor: Member, segment: Segment, name: str, description: str = "", rules
) -> Segment:
    """Replace a segment's name, description and conditions (the whole of it, as a form does)."""
    require_segments(actor)
    name, description, rules = _clean(name, description, rules)
    segment = Segment.objects.select_for_update().get(pk=segment.pk)
    before = {"name": segment.name, "description": segment.description, "rules": segment.rules}
    after = {"name": name, "description": description, "rules": rules}
    if before == after:
        return segment
    segment.name, segment.description, segment.rules = name, description, rules
    segment.updated_at = timezone.now()
    segment.save(update_fields=["name", "description", "rules", "updated_at"])
    record_audit(
        actor=actor,
        action=AuditAction.SEGMENT_CHANGE,
        target=segment,
        data={"before": before, "after": after},
    )
    return segment


@transaction.atomic
def delete_segment(*, actor: Member, segment: Segment) -> None:
    require_segments(actor)
    record_audit(
        actor=actor,
        action=AuditAction.SEGMENT_DELETE,
        target=segment,
        data={"name": segment.name, "rules": segment.rules},
    )
    Segment.objects.filter(pk=segment.pk).delete()


@transaction.atomic
def record_export(*, actor: Member, segment: Segment, fields: list[str]) -> None:
    """Audit an export of a segment's members (the file itself is streamed by the view): who,
    when, which segment with which conditions, and which columns of personal data left."""
    require_segments(actor)
    record_audit(
        actor=actor,
        action=AuditAction.SEGMENT_EXPORT,
        target=segment,
        data={"name": segment.name, "rules": segment.rules, "fields": fields},
    )


API_READ_WINDOW = 3600


def record_api_read(*, actor: Member, segment: Segment, fields: list[str]) -> None:
    """Audit the API's reading of a segment's members: one entry per manager, segment and hour
    in which a page was read, so a walk of thousands of pages is one entry and no page escapes
    (the cursor says nothing about whether an earlier page was audited)."""
    if cache.add(f"segments:api-read:{actor.pk}:{segment.pk}", 1, API_READ_WINDOW):
        record_export(actor=actor, segment=segment, fields=fields)

"""Segments for the company's own BI tools and later features: managers only (403 for everyone
else, 401 without a login). Invalid conditions are 422 with the messages keyed by condition type,
as the console's builder shows them.

Reading a segment's members is a handover of personal data, audited as SEGMENT_EXPORT as the
console's CSV export is: once per manager, segment and hour in which any page was read (whatever
cursor came with it; a walk of many pages is one entry, a page read with a forged cursor is not
missed).
"""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Status

from hiroba.accounts.permissions import require_login
from hiroba.core.api.body import JsonBody
from hiroba.core.api.params import MAX_ID
from hiroba.core.api.schemas import ERRORS
from hiroba.segments import selectors, services
from hiroba.segments.export import EXPORT_FIELDS
from hiroba.segments.models import Segment
from hiroba.segments.permissions import require_segments
from hiroba.segments.schemas import (
    CountOut,
    MemberParams,
    RulesIn,
    SegmentDetailOut,
    SegmentIn,
    SegmentListOut,
    SegmentMemberPageOut,
)

router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def _manager(request) -> object:
    actor = request.auth
    require_login(actor)
    require_segments(actor)
    return actor


def _segment(segment_id: int) -> Segment:
    segment = selectors.get_segment(segment_id)
    if segment is None:
        raise Http404("No such segment")
    return segment


def _detail(segment: Segment) -> Segment:
    """The segment with its count now, or why it cannot be counted."""
    try:
        segment.count, segment.count_error = selectors.count_members(segment), None
    except ValidationError as refusal:
        segment.count, segment.count_error = None, " ".join(refusal.messages)
    return segment


@router.get("", response={200: SegmentListOut, **ERRORS}, summary="Segments, last changed first")
def list_segments(request: HttpRequest):
    _manager(request)
    return {"items": selectors.list_segments()}


@router.post("", response={201: SegmentDetailOut, **ERRORS}, summary="Create a segment")
def create_segment(request: HttpRequest, payload: JsonBody[SegmentIn]):
    actor = _manager(request)
    segment = services.create_segment(actor=actor, **payload.dict())
    return Status(201, _detail(_segment(segment.pk)))


@router.post(
    "/count",
    response={200: CountOut, **ERRORS},
    summary="Count the members meeting conditions without saving them",
)
def count_rules(request: HttpRequest, payload: JsonBody[RulesIn]):
    _manager(request)
    return {"count": selectors.count_matching(payload.rules)}


@router.get(
    "/{segment_id}", response={200: SegmentDetailOut, **ERRORS}, summary="A segment and its count"
)
def get_segment(request: HttpRequest, segment_id: Id):
    _manager(request)
    return _detail(_segment(segment_id))


@router.put(
    "/{segment_id}",
    response={200: SegmentDetailOut, **ERRORS},
    summary="Replace a segment's name, description and conditions",
)
def update_segment(request: HttpRequest, segment_id: Id, payload: JsonBody[SegmentIn]):
    actor = _manager(request)
    segment = _segment(segment_id)
    services.update_segment(actor=actor, segment=segment, **payload.dict())
    return _detail(_segment(segment_id))


@router.delete("/{segment_id}", response={204: None, **ERRORS}, summary="Delete a segment")
def delete_segment(request: HttpRequest, segment_id: Id):
    actor = _manager(request)
    services.delete_segment(actor=actor, segment=_segment(segment_id))
    return Status(204, None)


@router.get(
    "/{segment_id}/members",
    response={200: SegmentMemberPageOut, **ERRORS},
    summary="The segment's members now, newest first (cursor-paged)",
)
def segment_members(request: HttpRequest, segment_id: Id, params: Query[MemberParams]):
    actor = _manager(request)
    segment = _segment(segment_id)
    page = selectors.member_page(segment, cursor=params.cursor, size=params.limit)
    services.record_api_read(actor=actor, segment=segment, fields=[*EXPORT_FIELDS, "api"])
    return {"items": page.items, "next_cursor": page.next_cursor}

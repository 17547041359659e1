"""What the segments API reads and writes. Conditions are the stored JSON (docs/segments.md)."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from hiroba.segments import selectors

RULES_DOC = (
    "Conditions, all of which must hold: a list of objects with a `type` (region, age_band, "
    "joined, spaces, posts, answers, ideas, nps, survey_answer, level, score, warming, "
    "last_active) and that type's fields; see docs/segments.md."
)


class SegmentIn(Schema):
    name: str = Field(max_length=1000)
    description: str = Field("", max_length=5000)
    rules: list[dict[str, Any]] = Field(default_factory=list, description=RULES_DOC)


class RulesIn(Schema):
    rules: list[dict[str, Any]] = Field(default_factory=list, description=RULES_DOC)


class CountOut(Schema):
    count: int


class SegmentOut(Schema):
    id: int
    name: str
    description: str
    rules: list[dict[str, Any]]
    created_by: str = Field(description="Handle of the manager who created it")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_created_by(obj) -> str:
        return obj.created_by.handle


class SegmentDetailOut(SegmentOut):
    count: int | None = Field(description="Members now; null when the conditions cannot be read")
    count_error: str | None = Field(None, description="Why the conditions cannot be read now")


class SegmentListOut(Schema):
    items: list[SegmentOut]


class MemberParams(Schema):
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


class SegmentMemberOut(Schema):
    id: int
    handle: str
    display_name: str
    region: str = Field(description="Prefecture code (JIS), 99 outside Japan, empty if not given")
    joined_at: datetime
    last_active_at: datetime | None
    level: str = Field(description="core, light, low or dormant; empty when not scored yet")

    @staticmethod
    def resolve_joined_at(obj) -> datetime:
        return obj.date_joined


class SegmentMemberPageOut(Schema):
    items: list[SegmentMemberOut]
    next_cursor: str | None

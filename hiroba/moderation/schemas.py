from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StrictInt, StrictStr

from hiroba.accounts.schemas import MemberBriefOut
from hiroba.core.api.params import MAX_ID
from hiroba.core.plaintext import markdown_excerpt

Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


class ReasonOut(Schema):
    code: str
    label: str


class ReportIn(Schema):
    target_type: Literal["post", "comment", "member"]
    target_id: Id | None = Field(None, description="The post's or comment's id")
    handle: StrictStr | None = Field(None, description="The member's handle (target_type=member)")
    reason: StrictStr = Field(description="A reason code from GET /moderation/reasons")
    note: StrictStr = ""


class ReportOut(Schema):
    id: int
    target_type: str
    target_id: int
    reason: str
    note: str
    created_at: datetime


class QueueReportOut(Schema):
    reason: str
    note: str
    reporter: MemberBriefOut | None
    created_at: datetime


class QueueItemOut(Schema):
    target_type: str
    target_id: int
    status: str | None = Field(description="published, held, hidden or deleted (posts, comments)")
    author: MemberBriefOut | None
    excerpt: str
    report_count: int
    reports: list[QueueReportOut]

    @staticmethod
    def resolve_status(obj) -> str | None:
        target = obj.target
        if target is None or obj.target_type == "member":
            return None
        return "deleted" if target.deleted_at else target.status

    @staticmethod
    def resolve_excerpt(obj) -> str:
        target = obj.target
        if target is None or obj.target_type == "member":
            return ""
        title = getattr(target, "title", "")
        return f"{title} {markdown_excerpt(target.body, 300)}".strip()[:300]


class QueuePageOut(Schema):
    items: list[QueueItemOut]
    next_cursor: str | None


class ActionIn(Schema):
    action: Literal["hide", "restore", "delete", "approve", "dismiss"]
    reason: StrictStr = ""


class AuditOut(Schema):
    id: int
    actor: MemberBriefOut | None
    action: str
    target_type: str
    target_id: int | None
    reason: str
    data: dict
    created_at: datetime


class AuditPageOut(Schema):
    items: list[AuditOut]
    next_cursor: str | None


class WordRuleIn(Schema):
    phrase: StrictStr
    action: Literal["block", "hold", "mask"]
    note: StrictStr = ""


class WordRulePatch(Schema):
    phrase: StrictStr | None = None
    action: Literal["block", "hold", "mask"] | None = None
    note: StrictStr | None = None
    is_active: bool | None = None


class WordRuleOut(Schema):
    id: int
    phrase: str
    folded: str
    action: str
    note: str
    is_active: bool
    created_at: datetime


class SanctionIn(Schema):
    kind: Literal["warn", "suspend", "ban"]
    reason: StrictStr
    days: Annotated[StrictInt, Field(ge=1, le=3650)] | None = None


class LiftIn(Schema):
    reason: StrictStr


class SanctionOut(Schema):
    id: int
    kind: str
    reason: str
    until: datetime | None
    created_by: MemberBriefOut
    created_at: datetime

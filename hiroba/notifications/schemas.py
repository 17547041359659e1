"""What the notifications API reads and writes."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, model_validator

from hiroba.accounts.schemas import MemberBriefOut
from hiroba.core.api.params import MAX_ID
from hiroba.notifications import selectors
from hiroba.posts.schemas import MAX_PAGE_SIZE

MAX_READ_IDS = 100


class NotificationListParams(Schema):
    unread: bool = Field(False, description="Only unread notifications")
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class NotificationOut(Schema):
    id: int
    verb: str = Field(description="What happened, e.g. comment, answer, reply, answer_accepted")
    text: str = Field(description="The message in the caller's language, plain text")
    html: str = Field(description="The same message as HTML, member-written parts escaped")
    actor: MemberBriefOut | None
    subject_type: str
    subject_id: int | None
    params: dict
    url: str = Field(description="Where it points: an absolute address on this site")
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.url)


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread_count: int = Field(
        description=f"Unread notifications, counted up to {selectors.UNREAD_CAP + 1}"
    )


class UnreadCountOut(Schema):
    unread_count: int = Field(description=f"Counted up to {selectors.UNREAD_CAP + 1}")
    text: str = Field(description=f'What the badge shows: the count, or "{selectors.UNREAD_CAP}+"')


class ReadIn(Schema):
    """Either ``{"all": true}`` or ``{"ids": [...]}`` (ids of the caller's own notifications)."""

    all: StrictBool = False
    ids: list[Annotated[StrictInt, Field(ge=1, le=MAX_ID)]] | None = Field(
        None, max_length=MAX_READ_IDS
    )

    @model_validator(mode="after")
    def _one_of(self):
        if self.all == (self.ids is not None):
            raise ValueError('Send either "all": true or "ids".')
        return self


class ReadOut(Schema):
    marked: int = Field(description="How many notifications changed from unread to read")
    unread_count: int

"""What the ideas API reads and writes."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema, UploadedFile
from pydantic import StrictInt, StrictStr

from hiroba.accounts.schemas import MemberBriefOut
from hiroba.core.api.params import MAX_ID
from hiroba.ideas import selectors
from hiroba.ideas.styles import status_styles
from hiroba.posts.schemas import MAX_PAGE_SIZE, PhotoOut, SpaceBriefOut

StatusName = Literal["new", "under_review", "planned", "realized", "declined", "duplicate"]


class IdeaListParams(Schema):
    status: StatusName | None = Field(None, description="Only ideas with this status")
    space: str | None = Field(None, max_length=50, description="Only this space (its slug)")
    sort: Literal["votes", "new", "changed"] = Field(
        "votes", description="votes: most votes first; new: newest; changed: last status change"
    )
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class IdeaOut(Schema):
    id: int
    title: str
    status: StatusName
    status_label: str = Field(description="The community's label for the status")
    status_color: str = Field(description="The community's color for the status (a name)")
    space: SpaceBriefOut
    author: MemberBriefOut
    submitted_at: datetime
    status_changed_at: datetime
    vote_count: int
    comment_count: int
    duplicate_of: int | None = Field(description="The original, for a merged duplicate")
    url: str = Field(description="The idea's page")

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.post.title

    @staticmethod
    def resolve_status_label(obj) -> str:
        return status_styles()[obj.status].label

    @staticmethod
    def resolve_status_color(obj) -> str:
        return status_styles()[obj.status].color

    @staticmethod
    def resolve_space(obj):
        return obj.post.space

    @staticmethod
    def resolve_author(obj):
        return obj.post.author

    @staticmethod
    def resolve_comment_count(obj) -> int:
        return obj.post.comment_count

    @staticmethod
    def resolve_duplicate_of(obj) -> int | None:
        return obj.duplicate_of_id

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("ideas:detail", args=[obj.pk]))


class IdeaPageOut(Schema):
    items: list[IdeaOut]
    next_cursor: str | None


class StatusChangeOut(Schema):
    id: int
    old_status: StatusName
    new_status: StatusName
    note: str
    note_html: str
    actor: MemberBriefOut | None
    duplicate_of: int | None
    created_at: datetime

    @staticmethod
    def resolve_duplicate_of(obj) -> int | None:
        return obj.duplicate_of_id


class IdeaDetailOut(IdeaOut):
    body: str
    body_html: str
    photos: list[PhotoOut]
    voted: bool = Field(description="Whether the caller voted for this idea")
    following: bool = Field(description="Whether the caller follows this idea")
    history: list[StatusChangeOut] = Field(description="Every status change, oldest first")
    can_change_status: bool = Field(description="Whether the caller is staff who review ideas")

    @staticmethod
    def resolve_history(obj) -> list:
        return obj.status_history

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.post.body

    @staticmethod
    def resolve_body_html(obj) -> str:
        return obj.post.body_html

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.post.photos.all())


class IdeaIn(Schema):
    space: StrictStr = Field(description="The slug of a space that takes ideas")
    title: StrictStr
    body: StrictStr


class IdeaForm(IdeaIn):
    """An idea sent as multipart/form-data: the same fields and photos."""

    photos: list[UploadedFile] = Field([], description="Up to 10 JPEG, PNG or WebP photos")


class StatusIn(Schema):
    status: StatusName = Field(description="Not duplicate: mark duplicates with /duplicate")
    note: StrictStr = Field(description="The note members see in the history (Markdown)")
    revisit_at: datetime | None = Field(
        None, description="Park the idea (under review or planned) until this moment"
    )


class DuplicateIn(Schema):
    original: Annotated[StrictInt, Field(ge=1, le=MAX_ID)] = Field(
        description="The id of the idea this one duplicates"
    )
    note: StrictStr


# No community has ideas from before this day (the dashboard's figures start there too). Days far
# earlier do not even convert: 0001-01-01 in Tokyo is before year 1 in UTC.
FIRST_DAY = date(2000, 1, 1)


class StatsParams(Schema):
    since: date | None = Field(
        None, ge=FIRST_DAY, description="First day of the period (submission dates)"
    )
    until: date | None = Field(None, ge=FIRST_DAY, description="Day after the period")
    space: str | None = Field(None, max_length=50, description="Only this space (its slug)")


class FunnelOut(Schema):
    submitted: int
    reviewed: int
    planned: int
    realized: int


class IdeaStatsOut(Schema):
    since: datetime | None
    until: datetime | None
    realization_rate: float | None = Field(description="realized / submitted")
    funnel: FunnelOut
    responded: int = Field(description="Ideas with a first staff response")
    median_response_seconds: float | None = Field(
        description="Median seconds from submission to the first status change or staff comment"
    )
    definitions: dict[str, str]

    @staticmethod
    def resolve_funnel(obj) -> dict:
        return dict(obj.funnel)

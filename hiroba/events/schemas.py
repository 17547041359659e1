"""What the events API reads and writes."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, StrictBool, StrictInt, StrictStr

from hiroba.accounts.schemas import MemberBriefOut
from hiroba.core.api.params import MAX_ID
from hiroba.events import selectors
from hiroba.events.models import ApplicationState
from hiroba.events.services import MAX_COMPANIONS
from hiroba.posts.schemas import SpaceBriefOut
from hiroba.surveys.models import NUMBER_RANGES, TEXT_LIMITS
from hiroba.surveys.schemas import AnswerValue

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 1, 1, tzinfo=UTC)


def _plausible(moment: datetime) -> datetime:
    # Far years are refused here: an offset would carry year 1 or 9999 beyond what the
    # database and Python's datetime can hold.
    if not EARLIEST <= moment <= LATEST:
        raise ValueError("give a date-time between the years 2000 and 2999")
    return moment


Moment = Annotated[AwareDatetime, AfterValidator(_plausible)]
Text = Annotated[StrictStr, Field(max_length=50_000)]
FORMATS = Literal["offline", "online", "hybrid", "live"]
SELECTIONS = Literal["first_come", "lottery"]
QUESTION_KINDS = Literal["single", "multiple", "scale", "nps", "short_text", "long_text"]
STATES = Literal[tuple(ApplicationState.values)]  # type: ignore[valid-type]


class EventListParams(Schema):
    when: Literal["upcoming", "past"] = Field(
        "upcoming", description="upcoming: not ended, soonest first; past: ended, latest first"
    )
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


class PageParams(Schema):
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


class ApplicationListParams(PageParams):
    state: STATES | None = Field(None, description="Only the applications in this state")


class EventOut(Schema):
    id: int
    title: str
    format: str = Field(description="offline, online, hybrid or live")
    status: str = Field(description="draft, published, closed, drawn, held, archived, cancelled")
    selection: str = Field(description="first_come or lottery")
    venue: str
    starts_at: datetime
    ends_at: datetime
    applications_open_at: datetime
    applications_close_at: datetime
    cancel_deadline: datetime | None = Field(description="Members may cancel until then")
    confirm_deadline: datetime | None = Field(description="Lottery winners confirm by then")
    capacity: int
    seats_left: int
    waitlisted_count: int
    companions_allowed: int
    audience: str = Field(description="all (members), space (its readers) or segment")
    space: SpaceBriefOut | None = Field(description="The space whose readers it is for")

    @staticmethod
    def resolve_audience(obj) -> str:
        if obj.audience_segment_id is not None:
            return "segment"
        return "space" if obj.space_id is not None else "all"


class EventPageOut(Schema):
    items: list[EventOut]
    next_cursor: str | None


class EventChoiceOut(Schema):
    id: int
    text: str


class EventQuestionOut(Schema):
    id: int
    kind: str = Field(description="single, multiple, scale, nps, short_text or long_text")
    text: str
    help_text: str
    required: bool
    min: int | None = Field(description="Smallest number (scale and NPS)")
    max: int | None = Field(description="Largest number (scale and NPS)")
    max_length: int | None = Field(description="Longest text (text questions)")
    choices: list[EventChoiceOut]

    @staticmethod
    def resolve_min(obj):
        found = NUMBER_RANGES.get(obj.kind)
        return found[0] if found else None

    @staticmethod
    def resolve_max(obj):
        found = NUMBER_RANGES.get(obj.kind)
        return found[1] if found else None

    @staticmethod
    def resolve_max_length(obj):
        return TEXT_LIMITS.get(obj.kind)


class EventQuestionListOut(Schema):
    event: int
    questions: list[EventQuestionOut]


class ApplicationOut(Schema):
    id: int
    event: int
    state: str = Field(
        description="applied, confirmed, waitlisted, won, lost, cancelled or attended"
    )
    companions: int
    waitlist_position: int | None
    answers: dict[str, AnswerValue] = Field(
        description="Question id → choice id, [choice ids], number or text"
    )
    created_at: datetime
    cancelled_at: datetime | None

    @staticmethod
    def resolve_event(obj) -> int:
        return obj.event_id


class MyApplicationOut(ApplicationOut):
    event_title: str
    starts_at: datetime

    @staticmethod
    def resolve_event_title(obj) -> str:
        return obj.event.title

    @staticmethod
    def resolve_starts_at(obj) -> datetime:
        return obj.event.starts_at


class MyApplicationPageOut(Schema):
    items: list[MyApplicationOut]
    next_cursor: str | None


class StaffApplicationOut(ApplicationOut):
    member: MemberBriefOut
    checked_in_at: datetime | None
    draw_rank: int | None


class StaffApplicationPageOut(Schema):
    items: list[StaffApplicationOut]
    next_cursor: str | None


class EventDetailOut(EventOut):
    description: str
    description_html: str
    address: str
    online_url: str | None = Field(
        description="For confirmed participants and staff only; null for everyone else"
    )
    audience_segment_id: int | None = Field(description="The segment it is for (staff only)")
    questions: list[EventQuestionOut]
    my_application: ApplicationOut | None = Field(description="The caller's application")

    @staticmethod
    def resolve_online_url(obj):
        return obj.online_url if getattr(obj, "shows_online_url", False) else None

    @staticmethod
    def resolve_audience_segment_id(obj):
        return obj.audience_segment_id if getattr(obj, "for_staff", False) else None

    @staticmethod
    def resolve_questions(obj):
        return obj.question_list

    @staticmethod
    def resolve_my_application(obj):
        return obj.my_application


Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


class EventIn(Schema):
    title: Text
    description: Text = ""
    format: FORMATS = "offline"
    venue: Text = ""
    address: Text = ""
    online_url: Text = Field("", description="Shown to confirmed participants only")
    stream_url: Text = ""
    starts_at: Moment
    ends_at: Moment
    applications_open_at: Moment
    applications_close_at: Moment
    cancel_deadline: Moment | None = Field(None, description="Empty: until the event starts")
    confirm_deadline: Moment | None = Field(None, description="Lottery winners confirm by then")
    capacity: Annotated[StrictInt, Field(ge=1, le=1_000_000)]
    companions_allowed: Annotated[StrictInt, Field(ge=0, le=MAX_COMPANIONS)] = 0
    selection: SELECTIONS = "first_come"
    space: Annotated[StrictStr, Field(max_length=50)] | None = Field(
        None, description="Slug of the space whose readers it is for (empty: everyone)"
    )
    audience_segment_id: Id | None = Field(
        None, description="A saved segment whose members it is for (empty: everyone)"
    )


class EventPatch(Schema):
    """The fields to change. Those left out, or null, keep their values; but for ``space``,
    ``audience_segment_id``, ``cancel_deadline`` and ``confirm_deadline`` null clears them (the
    whole community; no segment; until the start; no deadline). The selection cannot change."""

    title: Text | None = None
    description: Text | None = None
    format: FORMATS | None = None
    venue: Text | None = None
    address: Text | None = None
    online_url: Text | None = None
    stream_url: Text | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    applications_open_at: Moment | None = None
    applications_close_at: Moment | None = None
    cancel_deadline: Moment | None = None
    confirm_deadline: Moment | None = None
    capacity: Annotated[StrictInt, Field(ge=1, le=1_000_000)] | None = None
    companions_allowed: Annotated[StrictInt, Field(ge=0, le=MAX_COMPANIONS)] | None = None
    space: Annotated[StrictStr, Field(max_length=50)] | None = Field(
        None, description="Slug of the space; null: the whole community"
    )
    audience_segment_id: Id | None = Field(None, description="null: no segment")


class EventQuestionIn(Schema):
    kind: QUESTION_KINDS
    text: Annotated[StrictStr, Field(max_length=5000)]
    help_text: Annotated[StrictStr, Field(max_length=5000)] = ""
    required: StrictBool = False
    choices: list[Annotated[StrictStr, Field(max_length=5000)]] = Field(
        default_factory=list, max_length=100, description="For single and multiple choice"
    )


class EventQuestionsIn(Schema):
    questions: list[EventQuestionIn] = Field(
        max_length=100, description="The whole form, in order: it replaces the questions"
    )


class ApplyIn(Schema):
    companions: Annotated[StrictInt, Field(ge=0, le=1000)] = 0
    answers: dict[str, AnswerValue] = Field(
        default_factory=dict, description="Question id → choice id, [choice ids], number or text"
    )

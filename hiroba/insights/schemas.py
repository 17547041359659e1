"""The KPI API's shapes. Numbers that have nothing to divide by are null."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class PeriodParams(Schema):
    period: Literal["day", "week", "month", "custom"] = Field(
        "month", description="day, week (Monday to Sunday), month, or custom (day to end)"
    )
    day: date | None = Field(
        None, description="A day in the period (the first day of a custom one); default today"
    )
    end: date | None = Field(None, description="The last day of a custom period")


class PeriodOut(Schema):
    start: date
    end: date
    days: int


class FiguresOut(Schema):
    start: date
    end: date
    members_total: int
    new_members: int
    dau: float
    active_members: int
    mau: int
    unique_visitors: int
    stickiness: float | None
    posts: int
    posters: int
    comments: int
    reactions: int
    questions_asked: int
    answered_by_member: int
    answered_by_staff: int
    solved_by_member: int
    solved_by_staff: int
    answer_median_seconds: float | None
    answer_average_seconds: float | None
    ideas_submitted: int
    ideas_realized: int
    realization_rate: float | None
    nps: float | None
    nps_answers: int
    nps_round: str
    connections: int
    connections_per_active: float | None
    sessions: int
    stay_total_seconds: int
    stay_average_seconds: float | None
    events_held: int
    event_participants: int
    levels: dict[str, int]
    as_of: datetime | None = Field(
        description="When the hourly rollup behind the figures of the activity log ran (ideas "
        "and NPS are read at the request); null when no day of the period is rolled up yet"
    )


class KpisOut(Schema):
    period: PeriodOut
    previous_period: PeriodOut
    figures: FiguresOut
    previous: FiguresOut
    definitions: dict[str, str] = Field(description="What each figure means, by its key")


class DayOut(Schema):
    day: date
    active: int
    visitors: int
    posters: int
    new_members: int
    members_total: int
    posts: int
    comments: int
    reactions: int
    questions_asked: int
    answered_by_member: int
    answered_by_staff: int
    solved_by_member: int
    solved_by_staff: int
    connections: int
    sessions: int
    stay_seconds: int
    levels: dict[str, int]


class SeriesOut(Schema):
    period: PeriodOut
    days: list[DayOut]


class SpaceFiguresOut(Schema):
    space_id: int
    name: str
    active_members: int
    posters: int
    posts: int
    comments: int
    reactions: int
    questions_asked: int
    answered: int
    solved: int


class SpacesOut(Schema):
    period: PeriodOut
    spaces: list[SpaceFiguresOut]


class LevelsOut(Schema):
    period: PeriodOut
    levels: dict[str, int] = Field(description="Members per activity level on the last day")
    days: list[dict] = Field(description="[{day, levels}] for each day of the period")

"""Periods of the KPIs: inclusive ranges of days in the community's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

MAX_DAYS = 366 * 3  # a custom period longer than this is refused (the form and the API say so)


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in the community's time zone (an aware datetime)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def today() -> date:
    return timezone.localdate()


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included. ``kind``: day, week (Mon–Sun), month, custom."""

    start: date
    end: date
    kind: str = "custom"

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @classmethod
    def day(cls, day: date) -> "Period":
        return cls(day, day, "day")

    @classmethod
    def week(cls, day: date) -> "Period":
        start = day - timedelta(days=day.weekday())
        return cls(start, start + timedelta(days=6), "week")

    @classmethod
    def month(cls, day: date) -> "Period":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return cls(start, following - timedelta(days=1), "month")

    @classmethod
    def of(cls, kind: str, day: date, end: date | None = None) -> "Period":
        if kind == "custom":
            return cls(day, end or day, "custom")
        return {"day": cls.day, "week": cls.week, "month": cls.month}[kind](day)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def previous(self) -> "Period":
        """The same number of days, ending the day before ``start`` (for a 31-day month: the
        31 days before it, so that both sides of a comparison have as many days)."""
        before = self.start - timedelta(days=1)
        return Period(before - timedelta(days=self.days - 1), before, "custom")

    @property
    def since(self) -> datetime:
        return day_start(self.start)

    @property
    def until(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return day_start(self.end + timedelta(days=1))

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

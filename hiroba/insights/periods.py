"""Periods of the KPIs: inclusive ranges of days in the community's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format

# A custom period longer than this is refused (the form and the API say so): a cold year of
# member pairs is already seconds of unions at mineo scale.
MAX_DAYS = 366
FIRST_DAY = date(2000, 1, 1)  # days before this (or after today) are refused: no figures there


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in the community's time zone (an aware datetime)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def today() -> date:
    """Today in the community's time zone, the one the rollups' days are cut in (whatever
    language or zone the current request activated)."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


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
        """The period this one is compared with: the one rule of every comparison (dashboard,
        report, PDF, CSV, API; docs/kpis.md). The day before; the week before (the same
        weekdays while this week is not over); as many days right before a custom period; and
        for a month:

        - a finished month, the whole calendar month before, however long each is (November
          against 1–31 October, March against 1–28 or 1–29 February);
        - a month in progress (``so_far``), the same days of the month before, cut at that
          month's end (1–10 December against 1–10 November, 1–30 March against 1–28 February).
        """
        if self.kind == "day":
            return Period.day(self.start - timedelta(days=1))
        if self.kind == "week":
            week = timedelta(days=7)
            return Period(self.start - week, self.end - week, "week")
        if self.kind == "month":
            before = Period.month(self.start - timedelta(days=1))
            if self.end >= Period.month(self.start).end:
                return before
            end = min(before.start + (self.end - self.start), before.end)
            return Period(before.start, end, "month")
        before = self.start - timedelta(days=1)
        return Period(before - timedelta(days=self.days - 1), before, "custom")

    def so_far(self, day: date) -> "Period":
        """The part of the period up to ``day`` (today): figures of a period that is not over
        yet count only the days that have been, so an average is not diluted by days to come."""
        return self if self.end <= day else Period(self.start, day, self.kind)

    @property
    def since(self) -> datetime:
        return day_start(self.start)

    @property
    def until(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return day_start(self.end + timedelta(days=1))

    def __str__(self) -> str:
        """The days as the active language writes a day (machine-read places use the dates)."""
        if self.start == self.end:
            return date_format(self.start, "DATE_FORMAT")
        return f"{date_format(self.start, 'DATE_FORMAT')} – {date_format(self.end, 'DATE_FORMAT')}"

    def iso(self) -> str:
        """The days in ISO 8601, the same in every language (CSV files, docs/conventions.md)."""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

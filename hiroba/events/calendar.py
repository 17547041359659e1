"""A month of events laid out by day, in the community's time zone (the active one)."""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from hiroba.events.models import Event

MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
# The months a calendar may show: anything else is a visitor's typo or a probe.
FIRST_YEAR, LAST_YEAR = 2000, 2200


@dataclass
class Day:
    day: date
    in_month: bool
    today: bool
    events: list[Event] = field(default_factory=list)

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAYS_ABBR[self.day.weekday()])


def parse_month(value: str | None, today: date) -> date | None:
    """The first day of the month ``YYYY-MM`` names; this month for no value; None when the
    value is not a month the calendar shows."""
    if not value:
        return today.replace(day=1)
    match = MONTH_RE.fullmatch(value)
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def shift_month(first: date, months: int) -> date | None:
    """The first day of the month ``months`` away, or None past the calendar's range."""
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return date(year, month + 1, 1)


def grid_bounds(first: date) -> tuple[date, date]:
    """The first and last day shown: whole weeks from Sunday to Saturday around the month."""
    weeks = calendar.Calendar(firstweekday=calendar.SUNDAY).monthdatescalendar(
        first.year, first.month
    )
    return weeks[0][0], weeks[-1][-1]


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def month_grid(first: date, events: list[Event], today: date) -> list[list[Day]]:
    """Weeks of days around the month ``first``; each day lists the events taking place on it
    (an event over several days shows on each)."""
    start, end = grid_bounds(first)
    days = {}
    day = start
    while day <= end:
        days[day] = Day(day=day, in_month=day.month == first.month, today=day == today)
        day += timedelta(days=1)
    for event in events:
        begins = timezone.localtime(event.starts_at).date()
        # An event ending at midnight does not take place on the day it ends.
        ends = timezone.localtime(event.ends_at - timedelta(microseconds=1)).date()
        day = max(begins, start)
        while day <= min(ends, end):
            days[day].events.append(event)
            day += timedelta(days=1)
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def weekday_names() -> list[str]:
    """The calendar's column heads, Sunday first, in the active language."""
    return [str(WEEKDAYS_ABBR[(6 + i) % 7]) for i in range(7)]


def month_param(first: date | None) -> str:
    """The ``?month=`` value of a month (ISO, the same in every language)."""
    return f"{first:%Y-%m}" if first else ""

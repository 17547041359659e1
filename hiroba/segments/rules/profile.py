"""Conditions on the member's own profile: when they joined, their region and age band."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.accounts.regions import Region
from hiroba.segments.rules.base import (
    Rule,
    read_choices,
    read_date,
    refuse,
    register,
)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the community's time zone (the active one)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@register
@dataclass(frozen=True)
class Joined(Rule):
    """Joined between two days of the community's calendar, both included; either may be open."""

    type = "joined"
    label = gettext_lazy("Joined")
    fields = ("from", "to")

    start: date | None
    end: date | None

    @classmethod
    def parse(cls, data):
        start, end = read_date(data, "from"), read_date(data, "to")
        if start is None and end is None:
            raise refuse(_("Give a first day, a last day or both."), code="empty")
        if start and end and start > end:
            raise refuse(_("The first day is after the last day."), code="from_after_to")
        return cls(start, end)

    def q(self, *, now):
        q = Q()
        if self.start:
            q &= Q(date_joined__gte=start_of_day(self.start))
        if self.end:
            q &= Q(date_joined__lt=start_of_day(self.end + timedelta(days=1)))
        return q

    def as_dict(self):
        return {
            "type": self.type,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }

    def describe(self):
        start = date_format(self.start) if self.start else "…"
        end = date_format(self.end) if self.end else "…"
        return _("Joined %(start)s – %(end)s") % {"start": start, "end": end}


@register
@dataclass(frozen=True)
class Regions(Rule):
    """Lives in one of the regions (prefecture codes of hiroba.accounts.regions)."""

    type = "region"
    label = gettext_lazy("Region")
    fields = ("regions",)

    regions: tuple[str, ...]

    @classmethod
    def parse(cls, data):
        return cls(tuple(read_choices(data, "regions", Region.values)))

    def q(self, *, now):
        return Q(region__in=self.regions)

    def as_dict(self):
        return {"type": self.type, "regions": list(self.regions)}

    def describe(self):
        names = ", ".join(str(Region(code).label) for code in self.regions)
        return _("Region: %(names)s") % {"names": names}


# Age is this year minus the birth year: only the year is known, so a member is counted in the
# band of the age they reach this year (a 29-year-old whose birthday is in December is in the
# 30s from January). Bands: (first age, last age) of that count, or None for "not given".
AGE_BANDS = {
    "under20": (0, 19),
    "20s": (20, 29),
    "30s": (30, 39),
    "40s": (40, 49),
    "50s": (50, 59),
    "60s": (60, 69),
    "70plus": (70, 200),
    "unknown": None,
}
AGE_BAND_LABELS = {
    "under20": gettext_lazy("Under 20"),
    "20s": gettext_lazy("20s"),
    "30s": gettext_lazy("30s"),
    "40s": gettext_lazy("40s"),
    "50s": gettext_lazy("50s"),
    "60s": gettext_lazy("60s"),
    "70plus": gettext_lazy("70 and over"),
    "unknown": gettext_lazy("Birth year not given"),
}


@register
@dataclass(frozen=True)
class AgeBands(Rule):
    type = "age_band"
    label = gettext_lazy("Age band")
    fields = ("bands",)

    bands: tuple[str, ...]

    @classmethod
    def parse(cls, data):
        return cls(tuple(read_choices(data, "bands", AGE_BANDS)))

    def q(self, *, now):
        year = timezone.localdate(now).year
        q = Q()
        for band in self.bands:
            ages = AGE_BANDS[band]
            if ages is None:
                q |= Q(birth_year__isnull=True)
            else:
                first, last = ages
                q |= Q(birth_year__gte=year - last, birth_year__lte=year - first)
        return q

    def as_dict(self):
        return {"type": self.type, "bands": list(self.bands)}

    def describe(self):
        names = ", ".join(str(AGE_BAND_LABELS[band]) for band in self.bands)
        return _("Age: %(names)s") % {"names": names}

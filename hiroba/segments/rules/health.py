"""Conditions on engagement now, read from hiroba.activity.health: activity level, long-term
score, warming up, and the last visit or activity.

Each is an index range over MemberHealth (see docs/health.md), so they stay fast at scale. A
member without a health row has never been active: dormant, score 0, never active.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.activity.health import Level, level_counts, level_q, score_q, warming_q
from hiroba.segments.rules.base import Rule, read_choices, read_int, refuse, register
from hiroba.segments.rules.profile import start_of_day

MAX_SCORE = 1_000_000
MAX_DAYS = 3650

# A branch no member meets (there is no member 0) that still allows an empty health row. It
# keeps the join to MemberHealth an outer one, so SQLite reads the members in order and probes
# each one's health row, instead of walking a health index range and then reading a member row
# at random for each member in it: for 196,000 light members 1.5 s instead of 3.3 s at mineo
# scale (under load), but for 4,000 core members 2.3 s instead of tens of milliseconds. So it
# is used only when the levels hold more than BROAD_SHARE of the members (level_counts: one
# query of index-range counts).
MEMBERS_FIRST = Q(health__last_active_at__isnull=True, pk=0)
BROAD_SHARE = 0.1


@register
@dataclass(frozen=True)
class Levels(Rule):
    type = "level"
    label = gettext_lazy("Activity level")
    fields = ("levels",)

    levels: tuple[str, ...]

    @classmethod
    def parse(cls, data):
        return cls(tuple(read_choices(data, "levels", Level.values)))

    def q(self, *, now):
        q = level_q(list(self.levels), now=now)
        counts = level_counts(now=now)
        chosen = sum(counts[level] for level in self.levels)
        return q | MEMBERS_FIRST if chosen > BROAD_SHARE * sum(counts.values()) else q

    def as_dict(self):
        return {"type": self.type, "levels": list(self.levels)}

    def describe(self):
        names = ", ".join(str(Level(v).label) for v in self.levels)
        return _("Activity level: %(names)s") % {"names": names}


def _read_score(data: dict, key: str) -> float | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise refuse(_("%(field)s must be a number.") % {"field": key})
    try:
        number = float(value)
    except ValueError:
        raise refuse(_("%(field)s must be a number.") % {"field": key}) from None
    if not 0 <= number <= MAX_SCORE:  # also refuses NaN
        raise refuse(
            _("%(field)s must be between 0 and %(high)s.") % {"field": key, "high": MAX_SCORE}
        )
    return int(number) if number.is_integer() else number


@register
@dataclass(frozen=True)
class Score(Rule):
    """The long-term health score now: at least ``min`` and below ``max``."""

    type = "score"
    label = gettext_lazy("Health score")
    fields = ("min", "max")

    low: float | None
    high: float | None

    @classmethod
    def parse(cls, data):
        low, high = _read_score(data, "min"), _read_score(data, "max")
        if low is None and high is None:
            raise refuse(_("Give a minimum, a maximum or both."), code="empty")
        if low is not None and high is not None and low >= high:
            raise refuse(_("The minimum must be below the maximum."), code="min_above_max")
        return cls(low, high)

    def q(self, *, now):
        return score_q(min_score=self.low, max_score=self.high, now=now)

    def as_dict(self):
        return {"type": self.type, "min": self.low, "max": self.high}

    def describe(self):
        low = "0" if self.low is None else f"{self.low:g}"
        high = "∞" if self.high is None else f"{self.high:g}"
        return _("Health score from %(low)s up to (not including) %(high)s") % {
            "low": low,
            "high": high,
        }


@register
@dataclass(frozen=True)
class Warming(Rule):
    """Warming up now: a short-term score well above the member's long-term rate."""

    type = "warming"
    label = gettext_lazy("Warming up")
    fields = ()

    @classmethod
    def parse(cls, data):
        return cls()

    def q(self, *, now):
        return warming_q(now=now)

    def as_dict(self):
        return {"type": self.type}

    def describe(self):
        return _("Warming up now")


@register
@dataclass(frozen=True)
class LastActive(Rule):
    """Last visit or activity of any kind, in the community's days.

    ``within_days`` N: on one of the last N days, today included (1 is today).
    ``not_within_days`` M: not on any of the last M days (never active members included).
    Both: active in the last N days but not the last M (M < N), e.g. members drifting away.
    """

    type = "last_active"
    label = gettext_lazy("Last visit")
    fields = ("within_days", "not_within_days")

    within: int | None
    not_within: int | None

    @classmethod
    def parse(cls, data):
        within = read_int(data, "within_days", minimum=1, maximum=MAX_DAYS)
        not_within = read_int(data, "not_within_days", minimum=1, maximum=MAX_DAYS)
        if within is None and not_within is None:
            raise refuse(_("Give a number of days."), code="empty")
        if within is not None and not_within is not None and not_within >= within:
            raise refuse(
                _("“Not within” must be fewer days than “within”, or no member can match."),
                code="empty_window",
            )
        return cls(within, not_within)

    def q(self, *, now):
        today = timezone.localdate(now)
        q = Q()
        if self.within is not None:
            since = start_of_day(today - timedelta(days=self.within - 1))
            # No index serves last_active_at: members first is the only good order.
            q &= Q(health__last_active_at__gte=since) | MEMBERS_FIRST
        if self.not_within is not None:
            since = start_of_day(today - timedelta(days=self.not_within - 1))
            q &= Q(health__last_active_at__lt=since) | Q(health__last_active_at__isnull=True)
        return q

    def as_dict(self):
        return {"type": self.type, "within_days": self.within, "not_within_days": self.not_within}

    def describe(self):
        parts = []
        if self.within is not None:
            parts.append(_("active in the last %(n)s days") % {"n": self.within})
        if self.not_within is not None:
            parts.append(_("not in the last %(n)s days") % {"n": self.not_within})
        return _("Last visit: %(when)s") % {"when": ", ".join(parts)}

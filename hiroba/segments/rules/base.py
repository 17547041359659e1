"""What every condition shares: the registry by type, reading a condition's fields, and the errors.

A condition is a small class: ``parse`` checks one JSON object and returns an instance (or
raises ValidationError with a message a manager can act on), ``q`` turns it into a ``Q`` over
Member, ``as_dict`` gives back its stored form, and ``describe`` says it in words.
"""

from datetime import date, datetime
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

REGISTRY: dict[str, type["Rule"]] = {}
# Ids and counts beyond these are typing mistakes, and a database column could not hold them.
MAX_ID = 2**63 - 1
MAX_COUNT = 1_000_000


def register(cls: type["Rule"]) -> type["Rule"]:
    REGISTRY[cls.type] = cls
    return cls


class Rule:
    """One condition. Subclasses set ``type``, ``label`` and ``fields`` (the keys they accept)."""

    type: ClassVar[str]
    label: ClassVar[str]
    fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def parse(cls, data: dict) -> "Rule":
        raise NotImplementedError

    def q(self, *, now: datetime) -> Q:
        raise NotImplementedError

    def as_dict(self) -> dict:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


def refuse(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


def read_int(data: dict, key: str, *, minimum: int = 0, maximum: int = MAX_COUNT) -> int | None:
    """An optional whole number within [minimum, maximum]; None when absent or null."""
    value = data.get(key)
    if value is None or value == "":
        return None
    # bool is an int in Python; true is not a number a manager meant.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise refuse(_("%(field)s must be a whole number.") % {"field": key})
    try:
        number = int(value)
    except ValueError:
        raise refuse(_("%(field)s must be a whole number.") % {"field": key}) from None
    if not minimum <= number <= maximum:
        raise refuse(
            _("%(field)s must be between %(low)s and %(high)s.")
            % {"field": key, "low": minimum, "high": maximum}
        )
    return number


def read_range(data: dict, *, minimum: int = 0, maximum: int = MAX_COUNT) -> tuple:
    """``min`` and ``max`` (each optional, at least one given, min ≤ max)."""
    low = read_int(data, "min", minimum=minimum, maximum=maximum)
    high = read_int(data, "max", minimum=minimum, maximum=maximum)
    if low is None and high is None:
        raise refuse(_("Give a minimum, a maximum or both."), code="empty")
    if low is not None and high is not None and low > high:
        raise refuse(_("The minimum is larger than the maximum."), code="min_above_max")
    return low, high


def read_ids(data: dict, key: str) -> list[int]:
    """A non-empty list of ids, without repeats, in ascending order."""
    values = data.get(key)
    if not isinstance(values, list) or not values:
        raise refuse(_("Choose at least one."), code="empty")
    ids = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise refuse(_("%(field)s must be a list of ids.") % {"field": key})
        try:
            number = int(value)
        except ValueError:
            raise refuse(_("%(field)s must be a list of ids.") % {"field": key}) from None
        if not 1 <= number <= MAX_ID:
            raise refuse(_("%(field)s must be a list of ids.") % {"field": key})
        ids.add(number)
    return sorted(ids)


def read_choices(data: dict, key: str, allowed) -> list[str]:
    """A non-empty list taken from ``allowed`` (kept in ``allowed``'s order, without repeats)."""
    values = data.get(key)
    if not isinstance(values, list) or not values:
        raise refuse(_("Choose at least one."), code="empty")
    allowed = list(allowed)
    unknown = [v for v in values if not isinstance(v, str) or v not in allowed]
    if unknown:
        raise refuse(
            _("Unknown values: %(values)s.") % {"values": ", ".join(map(str, unknown))},
            code="unknown_value",
        )
    return [a for a in allowed if a in values]


# Dates a condition may name: wide enough for any member's history, narrow enough that the day
# after the last one still exists (9999-12-31 + 1 day overflowed into a 500 on every read).
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def read_date(data: dict, key: str) -> date | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    parsed = value if isinstance(value, date) else None
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise refuse(_("%(field)s must be a date (YYYY-MM-DD).") % {"field": key})
    if not FIRST_DATE <= parsed <= LAST_DATE:
        raise refuse(
            _("%(field)s must be a date from %(first)s to %(last)s.")
            % {"field": key, "first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()}
        )
    return parsed


def read_bool(data: dict, key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise refuse(_("%(field)s must be true or false.") % {"field": key})
    return value


def range_words(low, high) -> str:
    if low is not None and high is not None:
        return _("%(low)s to %(high)s") % {"low": low, "high": high}
    if low is not None:
        return _("%(low)s or more") % {"low": low}
    return _("%(high)s or fewer") % {"high": high}

"""A segment's conditions: each type is one small class (see base.Rule), registered by type.

``parse_rules`` checks a whole list and returns the conditions, or raises one ValidationError
whose messages are keyed by condition type (``"rules"`` for the list itself), so that a form can
show each message beside its own fields and the API can answer 422 with the same keys.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from hiroba.segments.rules import (  # noqa: F401 (each module registers its conditions)
    engagement,
    health,
    profile,
    surveys,
)
from hiroba.segments.rules.base import REGISTRY, Rule

MAX_RULES = len(REGISTRY)


def parse_rules(raw) -> list[Rule]:
    if not isinstance(raw, list):
        raise ValidationError({"rules": [_("Conditions must be a list.")]}, code="invalid")
    errors: dict[str, list] = {}
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, data in enumerate(raw):
        kind = data.get("type") if isinstance(data, dict) else None
        cls = REGISTRY.get(kind) if isinstance(kind, str) else None
        if cls is None:
            errors.setdefault("rules", []).append(
                _("Condition %(n)s: unknown type %(type)s.") % {"n": index + 1, "type": repr(kind)}
            )
            continue
        if kind in seen:
            # All conditions are ANDed; two of one type are one condition written twice, and the
            # page edits one of each, so a second would be lost on the next save there.
            errors.setdefault(kind, []).append(_("Give each kind of condition once."))
            continue
        seen.add(kind)
        unknown = sorted(set(data) - {"type", *cls.fields})
        if unknown:
            errors.setdefault(kind, []).append(
                _("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}
            )
            continue
        try:
            rules.append(cls.parse(data))
        except ValidationError as error:
            errors.setdefault(kind, []).extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return rules


def rules_q(rules: list[Rule], *, now) -> Q:
    q = Q()
    for rule in rules:
        q &= rule.q(now=now)
    return q


def rule_labels(raw) -> list[str]:
    """The names of a stored list's condition types, without checking them (for lists)."""
    items = raw if isinstance(raw, list) else []
    types = [d.get("type") for d in items if isinstance(d, dict)]
    return [str(REGISTRY[t].label) for t in types if t in REGISTRY]

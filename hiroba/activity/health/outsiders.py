"""Which accounts the health figures leave out (staff, official editorial accounts, banned and
closed accounts), so that "members" is the same number on every screen.

The rule is accounts' (``hiroba.accounts.models.outsiders_q``: it knows the roles), and accounts
sits above the activity log: it hands the rule over from its AppConfig.ready() with
``register_outsiders``, and the health queries ask ``outsiders_q`` here.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

OutsidersRule = Callable[[str], Q]

_rule: OutsidersRule | None = None


def register_outsiders(rule: OutsidersRule) -> None:
    """``rule(prefix)`` is a filter over the user model (or over a model reaching it through
    ``prefix``, e.g. "member__") matching the accounts left out; registering again replaces it."""
    global _rule
    _rule = rule


def outsiders_q(prefix: str = "") -> Q:
    if _rule is None:
        raise ImproperlyConfigured(
            "No rule for the accounts the health figures leave out: hiroba.accounts registers "
            "it (register_outsiders) from its AppConfig.ready()."
        )
    return _rule(prefix)

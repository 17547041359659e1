"""Who may open which part of the console. Every console screen asks these; members get a 403
(never a redirect that hides the console's existence badly). The insights and segments rules are
their apps' own (their APIs ask them too); the console's pages ask them through here."""

from django.utils.translation import gettext as _

from hiroba.accounts.models import STAFF_ROLES
from hiroba.accounts.permissions import MANAGER_ROLES, is_member
from hiroba.core.errors import Refused
from hiroba.events.permissions import is_event_staff, require_event_staff
from hiroba.insights.permissions import can_see_insights, require_insights
from hiroba.segments.permissions import can_manage_segments, require_segments

__all__ = [
    "can_manage_segments",
    "can_open_console",
    "can_run_events",
    "can_see_insights",
    "require_console",
    "require_events",
    "require_insights",
    "require_segments",
]


def can_open_console(actor) -> bool:
    """Every staff role: each sees the to-do items of its own work."""
    return is_member(actor) and actor.role in STAFF_ROLES


def require_console(actor) -> None:
    if not can_open_console(actor):
        raise Refused(_("Only staff can open the console."), code="staff_only")


def can_change_health_settings(actor) -> bool:
    """The activity levels\x27 thresholds and the warming rule: managers only."""
    return is_member(actor) and actor.role in MANAGER_ROLES


def require_health_settings(actor) -> None:
    if not can_change_health_settings(actor):
        raise Refused(
            _("Only community managers can change the activity levels."), code="managers_only"
        )


def can_run_events(actor) -> bool:
    """Editors and managers create and run events (the events app decides)."""
    return can_open_console(actor) and is_event_staff(actor)


def require_events(actor) -> None:
    require_console(actor)
    require_event_staff(actor)

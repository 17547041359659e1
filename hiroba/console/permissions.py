"""Who may open which part of the console. Every console screen and the insights and segments
APIs ask these; members get a 403 (never a redirect that hides the console's existence badly)."""

from django.utils.translation import gettext as _

from hiroba.accounts.models import STAFF_ROLES
from hiroba.accounts.permissions import EDITOR_ROLES, MANAGER_ROLES, is_member
from hiroba.core.errors import Refused


def can_open_console(actor) -> bool:
    """Every staff role: each sees the to-do items of its own work."""
    return is_member(actor) and actor.role in STAFF_ROLES


def can_see_insights(actor) -> bool:
    """KPIs, the executive report, members' scores and levels: editors and managers."""
    return is_member(actor) and actor.role in EDITOR_ROLES


def can_manage_segments(actor) -> bool:
    """Segments list and export members' personal data: managers only."""
    return is_member(actor) and actor.role in MANAGER_ROLES


def require_console(actor) -> None:
    if not can_open_console(actor):
        raise Refused(_("Only staff can open the console."), code="staff_only")


def require_insights(actor) -> None:
    if not can_see_insights(actor):
        raise Refused(
            _("Only editors and community managers can see the figures."), code="insights_only"
        )


def require_segments(actor) -> None:
    if not can_manage_segments(actor):
        raise Refused(_("Only community managers can use segments."), code="managers_only")


def can_change_health_settings(actor) -> bool:
    """The activity levels' thresholds and the warming rule: managers only."""
    return is_member(actor) and actor.role in MANAGER_ROLES


def require_health_settings(actor) -> None:
    if not can_change_health_settings(actor):
        raise Refused(
            _("Only community managers can change the activity levels."), code="managers_only"
        )

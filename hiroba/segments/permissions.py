"""Who may use segments: the console's segment pages and the segments API ask here."""

from django.utils.translation import gettext as _

from hiroba.accounts.permissions import MANAGER_ROLES, is_member
from hiroba.core.errors import Refused


def can_manage_segments(actor) -> bool:
    """Segments list and export members' personal data: managers only."""
    return is_member(actor) and actor.role in MANAGER_ROLES


def require_segments(actor) -> None:
    if not can_manage_segments(actor):
        raise Refused(_("Only community managers can use segments."), code="managers_only")

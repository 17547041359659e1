"""Who may see the figures: the console's insights pages and the insights API ask here."""

from django.utils.translation import gettext as _

from hiroba.accounts.permissions import EDITOR_ROLES, is_member
from hiroba.core.errors import Refused


def can_see_insights(actor) -> bool:
    """KPIs, the executive report, members' scores and levels: editors and managers."""
    return is_member(actor) and actor.role in EDITOR_ROLES


def require_insights(actor) -> None:
    if not can_see_insights(actor):
        raise Refused(
            _("Only editors and community managers can see the figures."), code="insights_only"
        )

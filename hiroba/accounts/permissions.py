"""Who may do what with accounts. Every door asks these, never the role field directly."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hiroba.accounts.models import Role
from hiroba.core.errors import Refused

EDITOR_ROLES = frozenset({Role.EDITOR, Role.MANAGER, Role.ADMIN})
MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.MANAGER, Role.ADMIN})
MANAGER_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


def is_member(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active and not actor.is_official)


def is_editor(actor) -> bool:
    return is_member(actor) and actor.role in EDITOR_ROLES


def is_moderator(actor) -> bool:
    return is_member(actor) and actor.role in MODERATOR_ROLES


def is_manager(actor) -> bool:
    return is_member(actor) and actor.role in MANAGER_ROLES


def require_login(actor) -> None:
    """Reads that need an account (my notifications, the console's figures): a member who is
    logged in and active. An official account is written through, never logged in to."""
    if not is_member(actor):
        raise Refused(_("Please log in to do this."), code="login_required")


def require_writer(actor) -> None:
    """Anyone logged in and not suspended may write; suspended members may still read."""
    require_login(actor)
    if actor.is_write_blocked:
        if actor.suspended_until is not None:
            message = _(
                "Your account is suspended until %(until)s: you can read but not post, comment "
                "or react."
            ) % {"until": date_format(localtime(actor.suspended_until), "DATETIME_FORMAT")}
        else:
            message = _("Your account is suspended: you can read but not post, comment or react.")
        raise Refused(message, code="suspended")


def require_manager(actor) -> None:
    require_writer(actor)
    if not is_manager(actor):
        raise Refused(_("Only community managers can do this."), code="managers_only")


def require_editor(actor) -> None:
    require_writer(actor)
    if not is_editor(actor):
        raise Refused(_("Only editors can do this."), code="editors_only")


def require_moderator(actor) -> None:
    require_writer(actor)
    if not is_moderator(actor):
        raise Refused(_("Only moderators can do this."), code="moderators_only")


def rank(member) -> int:
    """Authority: members 0, moderators and editors 1, managers 2, administrators 3."""
    if member.role == Role.ADMIN:
        return 3
    if member.role == Role.MANAGER:
        return 2
    return 0 if member.role == Role.MEMBER else 1


def can_post_as(actor, account) -> bool:
    """Members post as themselves; editors may also post as an official editorial account."""
    if account.pk == actor.pk:
        return True
    return account.is_official and is_editor(actor)

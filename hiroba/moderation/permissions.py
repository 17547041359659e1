"""Who may report, moderate, manage word rules, sanction and read the audit log.

Pages and API ask these. The queue, word rules and the audit log answer 404 to members, as if
they did not exist (the same answer a restricted space gives).
"""

import re

from django.http import Http404

from hiroba.accounts.models import HANDLE_RE, Member
from hiroba.accounts.permissions import is_manager, is_moderator, rank
from hiroba.accounts.selectors import members_with_handle
from hiroba.posts.permissions import access_comment, access_post


def require_queue_access(actor) -> None:
    """The queue, word rules and sanctions: moderators, managers and administrators."""
    if not is_moderator(actor):
        raise Http404("No such page")


def require_audit_access(actor) -> None:
    """The audit log: managers and administrators (moderators are among those it audits)."""
    if not is_manager(actor):
        raise Http404("No such page")


def can_sanction(actor, member, kind: str) -> bool:
    """Moderators warn and suspend members; bans, and sanctions on staff, need a higher rank.

    The one rule for every door that sanctions or lifts (the queue's member page, the managers'
    member list, the API): moderation's sanction service asks it.

    Nobody sanctions themselves, an official account, or someone of their own rank or above
    (managers sanction moderators and editors; only administrators sanction managers).
    """
    if not is_moderator(actor) or member.pk == actor.pk or member.is_official:
        return False
    if kind == "ban" and not is_manager(actor):
        return False
    return rank(actor) > rank(member)


def access_member(actor, handle: str) -> Member:
    """A member to report or sanction, by handle: the same 404 for missing and inactive."""
    # The shape first: a NUL byte or a 2,000-character "handle" never reaches the database.
    if not re.fullmatch(HANDLE_RE.strip("^$"), handle or ""):
        raise Http404("No such member")
    member = members_with_handle(handle).filter(is_official=False).first()
    if member is None or (not member.is_active and not is_moderator(actor)):
        raise Http404("No such member")
    return member


def access_target(actor, target_type: str, target_id) -> object:
    """A post, comment or member (by id) that ``actor`` may read, for a report or an action."""
    if target_type == "post":
        return access_post(actor, target_id)
    if target_type == "comment":
        return access_comment(actor, target_id)
    if target_type == "member":
        try:
            member = Member.objects.filter(pk=int(target_id), is_official=False).first()
        except (TypeError, ValueError):
            member = None
        if member is None or not (member.is_active or is_moderator(actor)):
            raise Http404("No such member")
        return member
    raise Http404("No such item")

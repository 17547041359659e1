"""Sanctions: warn, suspend for a period, ban, lift. The member row holds the current state
(require_writer reads it); Sanction rows keep the history; every step is audited and the member
is told by e-mail. The one service for every door that sanctions (the queue's member page, the
managers' member list, the API), with one authority rule: permissions.can_sanction."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_moderator
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.core.errors import Refused
from hiroba.moderation import jobs
from hiroba.moderation.models import Resolution, Sanction, SanctionKind
from hiroba.moderation.permissions import can_sanction
from hiroba.moderation.services.actions import resolve_reports

MAX_DAYS = 3650
AUDIT_ACTIONS = {
    SanctionKind.WARN: AuditAction.MEMBER_WARN,
    SanctionKind.SUSPEND: AuditAction.MEMBER_SUSPEND,
    SanctionKind.BAN: AuditAction.MEMBER_BAN,
    SanctionKind.LIFT: AuditAction.MEMBER_LIFT,
}


def _clean(kind: str, reason: str, days) -> tuple[str, int | None]:
    if kind not in (SanctionKind.WARN, SanctionKind.SUSPEND, SanctionKind.BAN):
        raise ValidationError({"kind": _("Choose warn, suspend or ban.")}, code="invalid_kind")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give a reason: the member is shown it.")}, code="reason_required"
        )
    if len(reason) > 1000 or "\x00" in reason:
        raise ValidationError({"reason": _("Please keep the reason under 1000 characters.")})
    if kind != SanctionKind.SUSPEND or days in (None, ""):
        return reason, None
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": _("Choose a number of days from 1 to %(max)d, or none for no end.")
             % {"max": MAX_DAYS}},
            code="invalid_days",
        )  # fmt: skip
    return reason, days


def _refuse_unless_allowed(actor, member: Member, kind: str) -> None:
    if not can_sanction(actor, member, kind):
        if kind == SanctionKind.BAN:
            message = _("Only community managers can ban, and only members below them.")
        else:
            message = _("You cannot sanction this member.")
        raise Refused(message, code="no_authority")


def _record(*, actor, member: Member, kind: str, reason: str, until=None) -> Sanction:
    sanction = Sanction.objects.create(
        member=member, kind=kind, reason=reason, until=until, created_by=actor
    )
    data = {"sanction": sanction.pk} | ({"until": until.isoformat()} if until else {})
    entry = record_audit(
        actor=actor, action=AUDIT_ACTIONS[kind], target=member, reason=reason, data=data
    )
    if kind != SanctionKind.LIFT:
        resolve_reports(actor=actor, resolution=Resolution.SANCTIONED, member=member)
    record_activity(actor=actor, verb=Verb.PROFILE_EDIT, subject=member, data={"sanction": kind})
    transaction.on_commit(lambda: jobs.notify_outcome(entry.pk))
    return sanction


@transaction.atomic
def sanction_member(
    *, actor: Member, member: Member, kind: str, reason: str, days: int | None = None
) -> Sanction:
    """Warn, suspend (for ``days``, or until lifted) or ban a member below the actor.

    A suspended member can read but not write; a ban also ends their sessions and log-ins.
    """
    require_moderator(actor)
    reason, days = _clean(kind, reason, days)
    _refuse_unless_allowed(actor, member, kind)
    given, member = member, Member.objects.select_for_update().get(pk=member.pk)
    until = None
    if kind == SanctionKind.SUSPEND:
        until = timezone.now() + timedelta(days=days) if days else None
        member.is_suspended, member.suspended_until = True, until
        member.save(update_fields=["is_suspended", "suspended_until"])
    elif kind == SanctionKind.BAN:
        member.is_suspended, member.suspended_until = True, None
        member.banned_at, member.is_active = timezone.now(), False
        member.save(update_fields=["is_suspended", "suspended_until", "banned_at", "is_active"])
    _show_state(member, on=given)
    return _record(actor=actor, member=member, kind=kind, reason=reason, until=until)


@transaction.atomic
def lift_sanction(*, actor: Member, member: Member, reason: str) -> Sanction:
    """End a suspension or a ban now (a ban needs a manager, as banning does)."""
    require_moderator(actor)
    reason = (reason or "").strip()[:1000]
    if not reason:
        raise ValidationError(
            {"reason": _("Give a reason: the member is shown it.")}, code="reason_required"
        )
    given, member = member, Member.objects.select_for_update().get(pk=member.pk)
    kind = SanctionKind.BAN if member.banned_at else SanctionKind.SUSPEND
    _refuse_unless_allowed(actor, member, kind)
    if not member.is_suspended and not member.banned_at:
        raise Refused(_("This member is not suspended."), code="not_suspended")
    _lift(member)
    _show_state(member, on=given)
    return _record(actor=actor, member=member, kind=SanctionKind.LIFT, reason=reason)


def _show_state(locked: Member, *, on: Member) -> None:
    """The caller's member object shows the new state too (no query): a caller that goes on
    to act as that member must meet the suspension."""
    for name in ("is_suspended", "suspended_until", "banned_at", "is_active"):
        setattr(on, name, getattr(locked, name))


def _lift(member: Member) -> None:
    member.is_suspended, member.suspended_until = False, None
    member.banned_at, member.is_active = None, True
    member.save(update_fields=["is_suspended", "suspended_until", "banned_at", "is_active"])


def lift_expired_suspensions(*, now=None) -> int:
    """Clear suspensions whose period has ended (require_writer already lets them write)."""
    now = now or timezone.now()
    lifted = 0
    due = Member.objects.filter(is_suspended=True, suspended_until__lte=now)
    for member_id in due.values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            member = Member.objects.select_for_update().get(pk=member_id)
            if not member.is_suspended or not member.suspended_until:
                continue
            if member.suspended_until > now:
                continue
            _lift(member)
            record_audit(
                actor=None,
                action=AuditAction.MEMBER_LIFT,
                target=member,
                reason=_("The suspension period ended."),
            )
            lifted += 1
    return lifted

"""Changes to members. Every door (sign-up page, settings page, API, console, command) calls these."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts import jobs
from hiroba.accounts.models import Member, Role
from hiroba.accounts.permissions import (
    MANAGER_ROLES,
    is_member,
    require_manager,
    require_writer,
)
from hiroba.accounts.selectors import members_with_handle
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.core.errors import Refused
from hiroba.core.images import clean_square_image

PROFILE_FIELDS = ("display_name", "bio", "birth_year", "region", "language")


def _check_handle_free(handle: str, *, exclude_pk: int | None = None) -> None:
    taken = members_with_handle(handle).exclude(pk=exclude_pk).exists()
    if taken:
        raise ValidationError({"handle": _("This handle is already taken.")}, code="handle_taken")


@transaction.atomic
def register_member(
    *,
    email: str,
    password: str | None,
    display_name: str,
    handle: str,
    accepted_guidelines: bool,
    role: str = Role.MEMBER,
    member: Member | None = None,
) -> Member:
    """Create a member who accepted the guidelines, and record the sign-up.

    ``member`` is an unsaved instance to fill in (allauth's sign-up flow hands us one).
    """
    if not accepted_guidelines:
        raise ValidationError(
            {"accept_guidelines": _("Please read and accept the community guidelines.")},
            code="guidelines_not_accepted",
        )
    member = member or Member()
    member.email = Member.objects.normalize_email(email) or None
    member.display_name = display_name.strip()
    member.handle = handle.strip()
    member.role = role
    member.accepted_guidelines_at = timezone.now()
    # The handle check comes first: full_clean would report the same clash as a bare
    # constraint name.
    _check_handle_free(member.handle)
    member.full_clean(exclude=["password"])
    if password:
        validate_password(password, member)
        member.set_password(password)
    else:
        member.set_unusable_password()
    member.save()
    record_activity(actor=member, verb=Verb.SIGNUP, subject=member)
    return member


@transaction.atomic
def create_editorial_account(*, actor, display_name: str, handle: str, bio: str = "") -> Member:
    """An official account (e.g. "Hiroba編集部") that editors post as; it cannot log in."""
    require_manager(actor)
    account = Member(
        display_name=display_name.strip(), handle=handle.strip(), bio=bio, is_official=True
    )
    _check_handle_free(account.handle)
    account.full_clean(exclude=["password", "email"])
    account.set_unusable_password()
    account.save()
    record_activity(
        actor=actor, verb=Verb.PROFILE_EDIT, subject=account, data={"created": "official"}
    )
    return account


def update_profile(*, actor, member: Member, icon=None, **changes) -> Member:
    """Change display name, bio, birth year, region and the icon (one's own, or any as a manager).

    All or nothing: the icon is verified first, so a bad icon leaves the other fields unchanged.
    """
    _require_profile_editor(actor, member)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown profile fields: %s") % ", ".join(sorted(unknown)))
    for field, value in changes.items():
        setattr(member, field, value.strip() if isinstance(value, str) else value)
    member.full_clean(exclude=["password", "email"])
    # Decoding the image happens before the transaction (SQLite takes its write lock at BEGIN).
    image = clean_square_image(icon, prefix="icon", field="icon") if icon else None
    fields = list(changes)
    with transaction.atomic():
        if image is not None:
            member.icon.save(image.content.name, image.content, save=False)
            member.icon_small = ""
            fields += ["icon", "icon_small"]
            transaction.on_commit(lambda: jobs.make_icon_sizes(member.pk))
        member.save(update_fields=fields)
        record_activity(
            actor=actor, verb=Verb.PROFILE_EDIT, subject=member, data={"fields": sorted(fields)}
        )
    return member


@transaction.atomic
def set_language(*, actor, language: str) -> Member:
    """Remember the actor's language for pages, notifications and e-mails ("" for none).

    Unlike the rest of the profile, a suspended member may change it: it is how they read.
    """
    if not is_member(actor):
        raise Refused(_("Please log in to do this."), code="login_required")
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")}, code="invalid_language")
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
        record_activity(
            actor=actor, verb=Verb.PROFILE_EDIT, subject=actor, data={"fields": ["language"]}
        )
    return actor


def set_icon(*, actor, member: Member, upload) -> Member:
    """Verify and crop an uploaded icon; the small size is made by a job after commit."""
    return update_profile(actor=actor, member=member, icon=upload)


def _require_profile_editor(actor, member: Member) -> None:
    require_writer(actor)
    if member.pk != actor.pk:
        require_manager(actor)


def _require_authority_over(actor, member: Member) -> None:
    """Managers manage members below them; only administrators manage managers and admins.

    (Sanctions have their own rule: hiroba.moderation.permissions.can_sanction.)"""
    require_manager(actor)
    if member.pk == actor.pk:
        raise Refused(_("You cannot change your own role or suspend yourself."), code="self")
    if member.role in MANAGER_ROLES and actor.role != Role.ADMIN:
        raise Refused(
            _("Only administrators can change managers and administrators."), code="admins_only"
        )


@transaction.atomic
def change_role(*, actor, member: Member, role: str) -> Member:
    _require_authority_over(actor, member)
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="invalid_role")
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise ValidationError(
            _("Only administrators can make administrators."), code="invalid_role"
        )
    before = member.role
    member.role = role
    member.save(update_fields=["role"])
    record_activity(actor=actor, verb=Verb.PROFILE_EDIT, subject=member, data={"role": role})
    if before != role:
        record_audit(
            actor=actor,
            action=AuditAction.MEMBER_ROLE,
            target=member,
            data={"from": before, "to": role},
        )
    return member

"""Changes to the community's settings and spaces. Staff acts here are audited: opening and
closing the community, its settings, a space's settings, and whom managers add to a space or
remove from it. (A new space is not: it is empty, and its settings show what it is.)"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import require_manager, require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.community.models import Community, Space, SpaceMembership, Visibility
from hiroba.community.permissions import (
    can_join,
    forget_visible_spaces,
    spaces_changed,
    visible_space_ids,
)
from hiroba.community.selectors import forget_community, get_community, spaces_written
from hiroba.community.signals import member_added_to_space
from hiroba.core.errors import Refused
from hiroba.core.images import clean_square_image
from hiroba.core.markdown import render_markdown
from hiroba.core.pagecache import pages_changed

SETTINGS_FIELDS = (
    "name",
    "description",
    "language",
    "time_zone",
    "is_open",
    "show_idea_stats",
    "guidelines",
    "default_ideas_space",
)
# Long texts are audited as "changed", not copied into the log.
AUDIT_TEXT_ONLY = {"description", "guidelines"}


def update_community_settings(*, actor, logo=None, **changes) -> Community:
    """Managers change the name, description, language, time zone, open/closed, guidelines, logo,
    and the space an idea is proposed in by default (one that takes ideas, or None).

    Audited: one entry for opening or closing, one for the other settings that really changed.
    """
    require_manager(actor)
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown settings: %s") % ", ".join(sorted(unknown)))
    # Decoding the logo happens before the transaction (SQLite takes its write lock at BEGIN).
    image = clean_square_image(logo, prefix="logo", edge=256, field="logo") if logo else None
    return _write_settings(actor=actor, image=image, changes=changes)


@transaction.atomic
def _write_settings(*, actor, image, changes: dict) -> Community:
    community = Community.objects.select_for_update().get_or_create(pk=1)[0]
    before = {field: getattr(community, field) for field in changes}
    for field, value in changes.items():
        setattr(community, field, value.strip() if isinstance(value, str) else value)
    if "default_ideas_space" in changes:
        _check_ideas_space(changes["default_ideas_space"])
    community.full_clean()
    _check_time_zone(community.time_zone)
    # The guidelines give no post a tag: their hashtags stay text (tags=()).
    community.guidelines_html = render_markdown(community.guidelines, tags=())
    if image is not None:
        community.logo.save(image.content.name, image.content, save=False)
    community.save()
    pages_changed()
    record_activity(
        actor=actor, verb=Verb.SETTINGS_EDIT, subject=community, data={"fields": sorted(changes)}
    )
    after = {field: getattr(community, field) for field in changes}
    changed = {f: (before[f], after[f]) for f in changes if before[f] != after[f]}
    _audit_settings(actor, community, changed, logo=image is not None)
    forget_community()  # this process, at once
    transaction.on_commit(forget_community)  # and again once the change is visible to all
    spaces_changed()  # open/closed changes what anonymous visitors may read
    return community


def _check_ideas_space(space: Space | None) -> None:
    if space is not None and (not space.allows_ideas or space.is_archived):
        raise ValidationError(
            {"default_ideas_space": _("Choose a space that takes ideas.")},
            code="ideas_closed",
        )


def _audited_value(value):
    """A setting as the audit log keeps it: a space by its slug (rows are JSON)."""
    return value.slug if isinstance(value, Space) else value


def _audit_settings(actor, community: Community, changed: dict, *, logo: bool) -> None:
    if "is_open" in changed:
        opened = changed.pop("is_open")[1]
        action = AuditAction.COMMUNITY_OPEN if opened else AuditAction.COMMUNITY_CLOSE
        record_audit(actor=actor, action=action, target=community)
    fields = sorted([*changed, *(["logo"] if logo else [])])
    if fields:
        values = {
            field: [_audited_value(before), _audited_value(after)]
            for field, (before, after) in changed.items()
            if field not in AUDIT_TEXT_ONLY
        }
        record_audit(
            actor=actor,
            action=AuditAction.COMMUNITY_SETTINGS,
            target=community,
            data={"fields": fields, "changes": values},
        )


def _check_time_zone(name: str) -> None:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"time_zone": _("Unknown time zone.")}, code="invalid_time_zone"
        ) from None


@transaction.atomic
def create_space(
    *,
    actor,
    slug: str,
    name: str,
    description: str = "",
    visibility: str = Visibility.PUBLIC,
    position=None,
    allows_ideas: bool = False,
) -> Space:
    require_manager(actor)
    if position is None:
        position = (
            Space.objects.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
    space = Space(
        slug=slug.strip(),
        name=name.strip(),
        description=description,
        visibility=visibility,
        position=position,
        allows_ideas=allows_ideas,
    )
    space.full_clean()
    space.save()
    spaces_changed()
    pages_changed()
    record_activity(
        actor=actor,
        verb=Verb.SETTINGS_EDIT,
        subject=space,
        space_id=space.pk,
        data={"created": True},
    )
    return space


@transaction.atomic
def update_space(*, actor, space: Space, **changes) -> Space:
    require_manager(actor)
    allowed = {"name", "description", "visibility", "position", "allows_ideas", "is_archived"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Unknown space fields: %s") % ", ".join(sorted(unknown)))
    before = {field: getattr(space, field) for field in changes}
    for field, value in changes.items():
        setattr(space, field, value)
    space.full_clean()
    space.save(update_fields=list(changes))
    spaces_changed()
    pages_changed()
    record_activity(
        actor=actor,
        verb=Verb.SETTINGS_EDIT,
        subject=space,
        space_id=space.pk,
        data={"fields": sorted(changes)},
    )
    changed = {f: [before[f], getattr(space, f)] for f in changes if before[f] != getattr(space, f)}
    if changed:
        values = {f: v for f, v in changed.items() if f != "description"}
        record_audit(
            actor=actor,
            action=AuditAction.SPACE_CHANGE,
            target=space,
            data={"slug": space.slug, "fields": sorted(changed), "changes": values},
        )
    return space


def _add_member(*, actor, space: Space, member) -> SpaceMembership | None:
    """The new membership, or None when the member already was in the space."""
    try:
        with transaction.atomic():
            membership = SpaceMembership.objects.create(space=space, member=member)
    except IntegrityError:
        return None
    Space.objects.filter(pk=space.pk).update(member_count=F("member_count") + 1)
    record_activity(
        actor=member,
        verb=Verb.SPACE_JOIN,
        subject=space,
        space_id=space.pk,
        data={"invited_by": actor.pk} if actor.pk != member.pk else {},
    )
    forget_visible_spaces(member)
    spaces_written()  # its member count
    return membership


@transaction.atomic
def join_space(*, actor, space: Space) -> bool:
    """Join a public or members-only space; True if the actor was not a member before."""
    require_writer(actor)
    if space.pk not in visible_space_ids(actor) or not can_join(actor, space):
        raise Refused(_("This space is by invitation only."), code="invitation_only")
    return _add_member(actor=actor, space=space, member=actor) is not None


def _membership_audit(space: Space) -> dict:
    return {"space": space.slug, "space_id": space.pk, "visibility": space.visibility}


@transaction.atomic
def invite_to_space(*, actor, space: Space, member) -> bool:
    """Managers add a member to any space, restricted ones included; True if the member was not
    in it before. Audited, and the member is told (a notification, by the notifications app)."""
    require_manager(actor)
    membership = _add_member(actor=actor, space=space, member=member)
    if membership is None:
        return False
    record_audit(
        actor=actor, action=AuditAction.SPACE_INVITE, target=member, data=_membership_audit(space)
    )
    member_added_to_space.send(sender=Space, membership=membership, actor=actor)
    return True


def _remove_member(*, space: Space, member, data: dict) -> bool:
    deleted, _rows = SpaceMembership.objects.filter(space=space, member=member).delete()
    if not deleted:
        return False
    Space.objects.filter(pk=space.pk).update(member_count=F("member_count") - 1)
    record_activity(
        actor=member, verb=Verb.SPACE_LEAVE, subject=space, space_id=space.pk, data=data
    )
    forget_visible_spaces(member)
    spaces_written()  # its member count
    return True


@transaction.atomic
def leave_space(*, actor, space: Space) -> bool:
    """Leave a space; True if the actor was in it."""
    require_writer(actor)
    return _remove_member(space=space, member=actor, data={})


@transaction.atomic
def remove_from_space(*, actor, space: Space, member) -> bool:
    """Managers take a member out of a space (a restricted one stops showing to them at once);
    True if the member was in it. Audited."""
    require_manager(actor)
    if not _remove_member(space=space, member=member, data={"removed_by": actor.pk}):
        return False
    record_audit(
        actor=actor, action=AuditAction.SPACE_REMOVE, target=member, data=_membership_audit(space)
    )
    return True


def community_guidelines_html() -> str:
    return get_community().guidelines_html

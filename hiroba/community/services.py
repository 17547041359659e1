"""Changes to the community's settings and spaces."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import require_manager, require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.community.models import Community, Space, SpaceMembership, Visibility
from hiroba.community.permissions import (
    can_join,
    forget_visible_spaces,
    spaces_changed,
    visible_space_ids,
)
from hiroba.community.selectors import forget_community, get_community
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
)


def update_community_settings(*, actor, logo=None, **changes) -> Community:
    """Managers change the name, description, language, time zone, open/closed, guidelines, logo."""
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
    for field, value in changes.items():
        setattr(community, field, value.strip() if isinstance(value, str) else value)
    community.full_clean()
    _check_time_zone(community.time_zone)
    community.guidelines_html = render_markdown(community.guidelines)
    if image is not None:
        community.logo.save(image.content.name, image.content, save=False)
    community.save()
    pages_changed()
    record_activity(
        actor=actor, verb=Verb.SETTINGS_EDIT, subject=community, data={"fields": sorted(changes)}
    )
    forget_community()  # this process, at once
    transaction.on_commit(forget_community)  # and again once the change is visible to all
    spaces_changed()  # open/closed changes what anonymous visitors may read
    return community


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
    return space


def _add_member(*, actor, space: Space, member) -> bool:
    try:
        with transaction.atomic():
            SpaceMembership.objects.create(space=space, member=member)
    except IntegrityError:
        return False
    Space.objects.filter(pk=space.pk).update(member_count=F("member_count") + 1)
    record_activity(
        actor=member,
        verb=Verb.SPACE_JOIN,
        subject=space,
        space_id=space.pk,
        data={"invited_by": actor.pk} if actor.pk != member.pk else {},
    )
    forget_visible_spaces(member)
    return True


@transaction.atomic
def join_space(*, actor, space: Space) -> bool:
    """Join a public or members-only space; True if the actor was not a member before."""
    require_writer(actor)
    if space.pk not in visible_space_ids(actor) or not can_join(actor, space):
        raise Refused(_("This space is by invitation only."), code="invitation_only")
    return _add_member(actor=actor, space=space, member=actor)


@transaction.atomic
def invite_to_space(*, actor, space: Space, member) -> bool:
    """Managers add a member to any space, restricted ones included."""
    require_manager(actor)
    return _add_member(actor=actor, space=space, member=member)


@transaction.atomic
def leave_space(*, actor, space: Space, member=None) -> bool:
    """Leave a space (or, as a manager, remove ``member`` from it)."""
    require_writer(actor)
    member = member or actor
    if member.pk != actor.pk:
        require_manager(actor)
    deleted, _rows = SpaceMembership.objects.filter(space=space, member=member).delete()
    if not deleted:
        return False
    Space.objects.filter(pk=space.pk).update(member_count=F("member_count") - 1)
    record_activity(actor=member, verb=Verb.SPACE_LEAVE, subject=space, space_id=space.pk)
    forget_visible_spaces(member)
    return True


def community_guidelines_html() -> str:
    return get_community().guidelines_html

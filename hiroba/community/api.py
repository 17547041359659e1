"""Spaces: the list the caller may read and one space; managers add members to a space and
remove them. A member's public profile, which only readers of the community see. A space's
posts are served by posts' API (hiroba.posts.api.space_posts_router)."""

import re

from django.http import Http404, HttpRequest
from ninja import Router, Status

from hiroba.accounts.models import HANDLE_RE, Member
from hiroba.accounts.permissions import require_manager
from hiroba.accounts.schemas import ProfileOut
from hiroba.accounts.selectors import get_member_by_handle, members_with_handle
from hiroba.community import services
from hiroba.community.permissions import (
    access_space,
    can_read_community,
    require_reader,
    visible_space_ids,
)
from hiroba.community.schemas import SpaceMemberOut, SpaceOut
from hiroba.community.selectors import joined_space_ids, list_visible_spaces
from hiroba.core.api.params import check_slug
from hiroba.core.api.schemas import ERRORS

router = Router()
# Members as the community shows them to its readers; mounted at /members next to accounts' own.
members_router = Router()


def _with_joined(actor, spaces: list) -> list:
    joined = joined_space_ids(actor)
    for space in spaces:
        space.joined = space.pk in joined
    return spaces


@router.get("", response={200: list[SpaceOut], **ERRORS}, summary="Spaces the caller may read")
def list_spaces(request: HttpRequest):
    actor = request.auth
    require_reader(actor)
    return _with_joined(actor, list_visible_spaces(visible_space_ids(actor)))


@router.get("/{slug}", response={200: SpaceOut, **ERRORS}, summary="One space")
def get_space(request: HttpRequest, slug: str):
    space = access_space(request.auth, check_slug(slug))
    return _with_joined(request.auth, [space])[0]


def _member(handle: str) -> Member:
    # Only a handle's shape reaches the database; editorial accounts are not space members.
    member = None
    if re.fullmatch(HANDLE_RE, handle):
        member = members_with_handle(handle).filter(is_official=False, is_active=True).first()
    if member is None:
        raise Http404("No such member")
    return member


@router.put(
    "/{slug}/members/{handle}",
    response={200: SpaceMemberOut, 201: SpaceMemberOut, **ERRORS},
    summary="Add a member to a space (managers; 201 added, 200 already a member)",
)
def add_space_member(request: HttpRequest, slug: str, handle: str):
    require_manager(request.auth)
    space = access_space(request.auth, check_slug(slug))
    member = _member(handle)
    added = services.invite_to_space(actor=request.auth, space=space, member=member)
    return Status(201 if added else 200, {"space": space.slug, "handle": member.handle})


@router.delete(
    "/{slug}/members/{handle}",
    response={204: None, **ERRORS},
    summary="Remove a member from a space (managers; 404 if not a member)",
)
def remove_space_member(request: HttpRequest, slug: str, handle: str):
    require_manager(request.auth)
    space = access_space(request.auth, check_slug(slug))
    if not services.remove_from_space(actor=request.auth, space=space, member=_member(handle)):
        raise Http404("Not a member of this space")
    return Status(204, None)


_HANDLE = re.compile(HANDLE_RE)


def get_public_member(actor, handle: str) -> Member:
    """An active member (or official account) by handle, case-insensitive, as the profile page
    finds it; the same 404 when there is none and when the community is closed to the actor."""
    if not _HANDLE.fullmatch(handle or "") or not can_read_community(actor):
        raise Http404("No such member")
    member = get_member_by_handle(handle)
    if member is None:
        raise Http404("No such member")
    return member


@members_router.get(
    "/{handle}",
    response={200: ProfileOut, **ERRORS},
    summary="A member's public profile",
    # The operation kept the name it had when accounts served it: generated clients call it so.
    operation_id="accounts_profile",
)
def profile(request: HttpRequest, handle: str):
    return get_public_member(request.auth, handle)

"""Reads the API needs that no app selector offers yet."""

import re

from django.http import Http404

from hiroba.accounts.models import HANDLE_RE, Member
from hiroba.accounts.selectors import get_member_by_handle
from hiroba.api.models import ApiToken
from hiroba.community.permissions import can_read_community

_HANDLE = re.compile(HANDLE_RE)


def get_public_member(actor, handle: str) -> Member:
    """An active member (or official account) by handle, case-insensitive, as the profile page finds it."""
    if not _HANDLE.fullmatch(handle or "") or not can_read_community(actor):
        raise Http404("No such member")
    member = get_member_by_handle(handle)
    if member is None:
        raise Http404("No such member")
    return member


def list_active_tokens(actor) -> list[ApiToken]:
    return list(ApiToken.objects.filter(member=actor, revoked_at__isnull=True).order_by("-id"))

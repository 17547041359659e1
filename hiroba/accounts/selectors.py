"""Reads of members."""

from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import Lower

from hiroba.accounts.models import Member, members_q
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.core.pagination import Page, keyset_page


def members_with_handle(handle: str) -> QuerySet:
    """Members whose handle equals ``handle`` ignoring case.

    Written as LOWER(handle) = lower(value) so that the database uses the case-insensitive unique
    index (member_handle_ci_unique); ``handle__iexact`` compiles to LIKE on SQLite and UPPER() on
    PostgreSQL, and reads every member.
    """
    return Member.objects.alias(handle_lower=Lower("handle")).filter(handle_lower=handle.lower())


def get_member_by_handle(handle: str) -> Member | None:
    return members_with_handle(handle).filter(is_active=True).first()


NEWEST_JOINED = ("-date_joined", "-id")


def _joined_since(joined_since) -> QuerySet:
    """The community's members (``members_q``: no staff, editorial, banned or closed accounts,
    as the KPIs count new members) who joined since ``joined_since``, newest first: the
    console's members to welcome. Walks the date_joined index."""
    return Member.objects.filter(members_q(), date_joined__gte=joined_since).order_by(
        *NEWEST_JOINED
    )


def newest_members(*, joined_since, limit: int) -> tuple[int, list]:
    """How many members joined since ``joined_since`` (``_joined_since``), and the ``limit``
    newest."""
    joined = _joined_since(joined_since)
    newest = list(joined[:limit])
    count = len(newest) if len(newest) < limit else joined.count()
    return count, newest


def list_new_members(*, joined_since, cursor: str | None = None, size: int = 50) -> Page:
    """A keyset page of the members newest_members counts, newest first."""
    return keyset_page(
        _joined_since(joined_since),
        order=NEWEST_JOINED,
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


def ban_reason(member: Member) -> str:
    """Why ``member`` was banned: the reason of the latest ban in the audit log (the one the ban
    e-mail gave), or "" if there is none."""
    entry = (
        AuditEntry.objects.filter(
            target_type="member", target_id=member.pk, action=AuditAction.MEMBER_BAN
        )
        .order_by("-id")
        .values_list("reason", flat=True)
        .first()
    )
    return entry or ""

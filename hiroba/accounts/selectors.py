"""Reads of members."""

from django.db.models import QuerySet
from django.db.models.functions import Lower

from hiroba.accounts.models import Member


def members_with_handle(handle: str) -> QuerySet:
    """Members whose handle equals ``handle`` ignoring case.

    Written as LOWER(handle) = lower(value) so that the database uses the case-insensitive unique
    index (member_handle_ci_unique); ``handle__iexact`` compiles to LIKE on SQLite and UPPER() on
    PostgreSQL, and reads every member.
    """
    return Member.objects.alias(handle_lower=Lower("handle")).filter(handle_lower=handle.lower())


def get_member_by_handle(handle: str) -> Member | None:
    return members_with_handle(handle).filter(is_active=True).first()

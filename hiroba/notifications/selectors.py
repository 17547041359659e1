"""Reads: a member's notifications newest first by key, and the unread count the badge shows."""

from django.db.models import QuerySet

from hiroba.core.pagination import Page, keyset_page
from hiroba.core.prepared import values_rows
from hiroba.notifications.messages import CHOOSABLE, EMAIL_DEFAULTS
from hiroba.notifications.models import Notification, NotificationSettings

PAGE_SIZE = 20
# The badge counts up to here and shows "99+" beyond: one bounded walk of the unread index.
UNREAD_CAP = 99


def notifications_of(member) -> QuerySet:
    return Notification.objects.filter(recipient=member)


def list_notifications(
    member, *, cursor: str | None = None, size: int = PAGE_SIZE, unread_only: bool = False
) -> Page:
    """A page of the member's notifications, newest first, with their actors (two queries at
    most: the page, and nothing else; the actor is joined)."""
    queryset = notifications_of(member)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return keyset_page(
        queryset.select_related("actor"), order=("-id",), kinds=(int,), cursor=cursor, size=size
    )


def count_unread(member) -> int:
    """Unread notifications, counted up to UNREAD_CAP + 1 on the partial index notif_unread."""
    if member is None or not member.is_authenticated:
        return 0
    # Every page asks it (the badge): one statement per process, with the member's id put in.
    unread = values_rows(
        "unread notifications",
        lambda recipient: (
            Notification.objects.filter(recipient_id=recipient, read_at__isnull=True)
            .order_by()
            .values("id")[: UNREAD_CAP + 1]
        ),
        recipient=member.pk,
    )
    return len(unread)


def badge_text(count: int) -> str:
    return f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)


def email_choices(member) -> dict[str, bool]:
    """Which categories the member gets by e-mail: their saved choices over the defaults."""
    saved = (
        NotificationSettings.objects.filter(member=member).values_list("email", flat=True).first()
    )
    saved = saved if isinstance(saved, dict) else {}
    return {category: bool(saved.get(category, EMAIL_DEFAULTS[category])) for category in CHOOSABLE}

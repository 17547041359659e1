"""Writing one batch of an event's notifications and claiming its e-mail copies: the job's
work (jobs.deliver_notifications), below both the job and the service that queues it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.notifications.messages import EMAIL_DEFAULTS
from hiroba.notifications.models import Notification, NotificationSettings

# Rows written per job (one INSERT each); an event for more members is several jobs.
BATCH_SIZE = 500


def write_notifications(event: dict, recipient_ids: list[int]) -> list[Notification]:
    """Insert one row per active recipient for ``event``; rows that exist already stay as they are.

    Returns the recipients' rows that still owe an e-mail copy (for the job to claim).
    """
    created_at = datetime.fromisoformat(event["created_at"])
    active = list(
        Member.objects.filter(pk__in=recipient_ids, is_active=True).values_list("pk", flat=True)
    )
    rows = [
        Notification(
            recipient_id=member_id,
            verb=event["verb"],
            actor_id=event["actor_id"],
            subject_type=event["subject_type"],
            subject_id=event["subject_id"],
            url=event["url"],
            params=event["params"],
            event_key=event["event_key"],
            created_at=created_at,
        )
        for member_id in active
    ]
    Notification.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return active


def claim_email_copies(*, event_key: str, recipient_ids: list[int], category: str) -> list:
    """The rows of this event whose recipients want e-mail for ``category`` and have not had it.

    Marks them emailed in one transaction (rows locked on PostgreSQL; SQLite's IMMEDIATE
    transactions queue writers), so a job running twice sends each copy once.
    """
    wanting = [
        member_id
        for member_id, choices in _email_choices(recipient_ids).items()
        if choices.get(category, EMAIL_DEFAULTS.get(category, False))
    ]
    if not wanting:
        return []
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor")
            .filter(recipient_id__in=wanting, event_key=event_key, emailed_at__isnull=True)
            .exclude(recipient__email__isnull=True)
            .exclude(recipient__email="")
        )
        if rows:
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                emailed_at=timezone.now()
            )
    return rows


def _email_choices(recipient_ids: list[int]) -> dict[int, dict]:
    choices = {member_id: {} for member_id in recipient_ids}
    for member_id, email in NotificationSettings.objects.filter(
        member_id__in=recipient_ids
    ).values_list("member_id", "email"):
        choices[member_id] = email if isinstance(email, dict) else {}
    return choices

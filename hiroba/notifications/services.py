"""Telling members what happened: notify() from any app's service, reading and settings here.

notify() is called inside the caller's transaction and writes nothing there: after commit, jobs
(jobs.deliver_notifications) write the rows in batches and send the e-mail copies, so a change
that concerns 5,000 members costs the request one list of ids.
"""

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from hiroba.accounts.models import Member
from hiroba.notifications.delivery import BATCH_SIZE
from hiroba.notifications.jobs import deliver_notifications
from hiroba.notifications.messages import CHOOSABLE, get_spec
from hiroba.notifications.models import Notification, NotificationSettings

MAX_URL = 500


def is_local_url(url: str) -> bool:
    """A path on this site: starts with one "/", no scheme, no host, no backslash tricks."""
    return (
        isinstance(url, str)
        and 0 < len(url) <= MAX_URL
        and url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and not any(ord(c) < 32 or ord(c) == 127 for c in url)
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def notify(
    *,
    recipients: Iterable,
    verb: str,
    actor,
    target: Model | None,
    url: str,
    params: dict | None = None,
    key: str | None = None,
    email: bool = True,
) -> None:
    """Tell ``recipients`` (member ids or Members) about ``verb`` done by ``actor`` to ``target``.

    Duplicates are removed and the actor is never told about their own doing. Rows are written
    after the caller's transaction commits (nothing on rollback). ``key`` names the event for
    idempotency across calls: the same (verb, key) reaches a member once, however often it is
    sent (a comment hidden and shown again); without it every call is a new event.
    ``url`` must be a path on this site; ``params`` plain JSON values (member-written text is
    fine: it is escaped when shown). ``email=False`` never sends e-mail copies (for events whose
    sender e-mails them itself).
    """
    if get_spec(verb) is None:
        raise ValueError(f"Notification verb {verb!r} is not registered")
    if not is_local_url(url):
        raise ValueError(f"Notification url must be a path on this site: {url!r}")
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", True) else None
    ids = []
    seen = {actor_id}
    for recipient in recipients:
        member_id = recipient.pk if isinstance(recipient, Model) else int(recipient)
        if member_id not in seen:
            seen.add(member_id)
            ids.append(member_id)
    if not ids:
        return
    event = {
        "verb": verb,
        "actor_id": actor_id,
        "subject_type": target._meta.model_name if target is not None else "",
        "subject_id": target.pk if target is not None else None,
        "url": url,
        "params": _plain(params or {}),
        "event_key": event_key(verb, key),
        "created_at": timezone.now().isoformat(),
        "email": bool(email),
    }
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        transaction.on_commit(lambda batch=batch: deliver_notifications(event, batch))


def event_key(verb: str, key: str | None) -> str:
    if key is None:
        return f"{verb}:{uuid.uuid4().hex}"
    raw = f"{verb}:{key}"
    return raw if len(raw) <= 64 else f"{verb[:20]}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _plain(params: dict) -> dict:
    """JSON values only: numbers, booleans and None stay; anything else becomes its text."""
    plain = {}
    for name, value in params.items():
        if value is None or isinstance(value, bool | int | float):
            plain[str(name)] = value
        else:
            plain[str(name)] = str(value)
    return plain


def mark_read(*, actor: Member, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read (once: the first time stays)."""
    if notification.recipient_id != actor.pk:
        raise ValueError("Not the actor's notification")  # fetchers give 404 before this
    if notification.read_at is None:
        now = timezone.now()
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        if updated:
            notification.read_at = now
    return notification


def mark_all_read(*, actor: Member, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's unread notifications read: all, or those of ``ids`` that are theirs.

    Returns how many changed. Ids of other members' notifications change nothing.
    """
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


# Notifications older than this are deleted by the nightly job (read or not).
KEEP_DAYS = 365
PURGE_BATCH = 2000


def purge_old_notifications(*, now: datetime | None = None, max_batches: int = 100) -> int:
    """Delete notifications older than KEEP_DAYS, oldest first, in batches; returns how many.

    Rows are made in id order, so the old ones are the lowest ids: each batch walks the primary
    key from the start and stops after PURGE_BATCH rows, and the walk ends as soon as the
    oldest row left is young enough (never a scan of the whole table).
    """
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    deleted = 0
    for _batch in range(max_batches):
        oldest = Notification.objects.order_by("id").values_list("created_at", flat=True).first()
        if oldest is None or oldest >= cutoff:
            break
        ids = list(
            Notification.objects.filter(created_at__lt=cutoff)
            .order_by("id")
            .values_list("id", flat=True)[:PURGE_BATCH]
        )
        deleted += Notification.objects.filter(pk__in=ids).delete()[0]
    return deleted


@transaction.atomic
def save_settings(*, actor: Member, email: dict[str, bool]) -> NotificationSettings:
    """Save which categories come by e-mail (categories members cannot choose are ignored)."""
    choices = {category: bool(email.get(category)) for category in CHOOSABLE}
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(member=actor)
    row.email = choices
    row.updated_at = timezone.now()
    row.save(update_fields=["email", "updated_at"])
    return row

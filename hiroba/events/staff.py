"""What event staff do besides creating and editing events (``services``): the cover image, the
audited export of the participants, and messages to a group of them.

A message is one notification per member (``hiroba.notifications.notify``), written and e-mailed
by the notifications' jobs after commit in batches, so a message to thousands of participants
costs the request one list of ids. Each message and each export leaves an audit entry.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.accounts.models import Member
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.core.images import CleanImage, clean_image
from hiroba.core.text import clean_text
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.notify import event_url
from hiroba.events.participants import EXPORT_FIELDS
from hiroba.events.permissions import readers_among, require_event_staff
from hiroba.notifications.services import notify

MESSAGE_VERB = "event_message"
MAX_SUBJECT = 80
# A message is read in the notification list and its e-mail copy, whole: notifications cut
# longer params (hiroba.notifications.messages.MAX_PARAM_LENGTH), so the body stays below that.
MAX_MESSAGE_BODY = 180

S = ApplicationState
# Who a message goes to: (label, the application states of its members).
MESSAGE_GROUPS: dict[str, tuple] = {
    "participants": (
        gettext_lazy("Participants (confirmed, won and attended)"),
        (S.CONFIRMED, S.WON, S.ATTENDED),
    ),
    "confirmed": (gettext_lazy("Confirmed"), (S.CONFIRMED,)),
    "won": (gettext_lazy("Lottery winners yet to confirm"), (S.WON,)),
    "applied": (gettext_lazy("Applied, waiting for the draw"), (S.APPLIED,)),
    "waitlisted": (gettext_lazy("Waitlisted"), (S.WAITLISTED,)),
    "attended": (gettext_lazy("Attended"), (S.ATTENDED,)),
    "lost": (gettext_lazy("Not selected"), (S.LOST,)),
    "everyone": (
        gettext_lazy("Everyone who applied (but cancelled applications)"),
        tuple(state for state in S.values if state != S.CANCELLED),
    ),
}


def clean_cover(upload) -> CleanImage:
    """Verify and re-encode a cover upload (before any transaction: decoding takes a while and
    SQLite holds its write lock from BEGIN). Errors are keyed "cover"."""
    return clean_image(upload, prefix="event", field="cover")


@transaction.atomic
def set_event_cover(*, actor: Member, event: Event, image: CleanImage) -> Event:
    """Store ``image`` (from ``clean_cover``) as the event's cover."""
    require_event_staff(actor)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status in (EventStatus.CANCELLED, EventStatus.ARCHIVED):
        raise ValidationError(_("This event can no longer be changed."), code="not_editable")
    locked.cover.save(image.content.name, image.content, save=False)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["cover", "updated_at"])
    record_activity(
        actor=actor,
        verb=Verb.EVENT_UPDATE,
        subject=locked,
        space_id=locked.space_id,
        data={"fields": ["cover"]},
    )
    return locked


def record_participants_export(*, actor: Member, event: Event, filters: dict) -> None:
    """Audit a download of the event's participants (the file is streamed by the view): who,
    when, which event, with which filters and which columns."""
    require_event_staff(actor)
    record_audit(
        actor=actor,
        action=AuditAction.EVENT_EXPORT,
        target=event,
        data={"title": event.title, "filters": filters, "fields": list(EXPORT_FIELDS)},
    )


def group_recipients(event: Event, group: str) -> list[int]:
    """The members of ``group`` who may still see the event (one who left its space or its
    segment hears no more of it)."""
    _label, states = MESSAGE_GROUPS[group]
    return readers_among(
        event,
        Application.objects.filter(event=event, state__in=states)
        .order_by("id")
        .values_list("member_id", flat=True)
        .distinct(),
    )


@transaction.atomic
def message_participants(
    *, actor: Member, event: Event, group: str, subject: str, body: str
) -> int:
    """Send ``subject`` and ``body`` to the members of ``group`` (a key of MESSAGE_GROUPS) as a
    notification with an e-mail copy (their settings decide); returns how many were sent to."""
    require_event_staff(actor)
    errors = {}
    if group not in MESSAGE_GROUPS:
        errors["group"] = _("Choose who receives the message.")
    try:
        subject = clean_text(subject, field="subject", max_length=MAX_SUBJECT)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        body = clean_text(body, field="body", max_length=MAX_MESSAGE_BODY)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors, code="invalid_message")
    recipients = group_recipients(event, group)
    if not recipients:
        raise ValidationError({"group": _("Nobody is in this group yet.")}, code="no_recipients")
    notify(
        recipients=recipients,
        verb=MESSAGE_VERB,
        actor=actor,
        target=event,
        url=event_url(event),
        params={"event": event.title, "subject": subject, "body": body},
    )
    record_audit(
        actor=actor,
        action=AuditAction.EVENT_MESSAGE,
        target=event,
        data={"group": group, "subject": subject, "recipients": len(recipients)},
    )
    return len(recipients)

"""What members hear about their events, and telling them (notify() writes after commit).

Every notice is about the member's own application, so all verbs are in the ``own`` category:
a member who turned off e-mail for their own content gets these in the site only. The system
sends them (``actor=None``): notify() never tells an actor of their own doing, and a member who
applies must still hear where their application stands.

Dates travel as ISO 8601 text and are written when read, in the reader's language and the
community's time zone.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hiroba.events.models import Application, ApplicationState, Event
from hiroba.events.permissions import readers_among
from hiroba.notifications.messages import Category, register
from hiroba.notifications.services import notify

APPLIED = "event_applied"
CONFIRMED = "event_confirmed"
WAITLISTED = "event_waitlisted"
PROMOTED = "event_promoted"
WON = "event_won"
LOST = "event_lost"
OFFERED = "event_offered"
WIN_EXPIRED = "event_win_expired"
REMINDER = "event_reminder"
CHANGED = "event_changed"
CANCELLED = "event_cancelled"

# Applications whose members still expect the event (and hear of changes to it).
LIVE = (
    ApplicationState.APPLIED,
    ApplicationState.CONFIRMED,
    ApplicationState.WAITLISTED,
    ApplicationState.WON,
)
# The fields members are told about when staff change them (services.NOTEWORTHY).
FIELD_LABELS = {
    "title": pgettext_lazy("event field", "title"),
    "format": pgettext_lazy("event field", "format"),
    "venue": pgettext_lazy("event field", "venue"),
    "address": pgettext_lazy("event field", "address"),
    "online_url": pgettext_lazy("event field", "online link"),
    "starts_at": pgettext_lazy("event field", "start"),
    "ends_at": pgettext_lazy("event field", "end"),
}


def event_url(event: Event) -> str:
    """The event's page, where every notice about it leads."""
    return reverse("events:detail", args=[event.pk])


def draw_url(event: Event) -> str:
    return reverse("events:draw", args=[event.pk])


def _when(value: datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _tell(application: Application, event: Event, verb: str, *, key: str, url: str = "", **params):
    recipients = readers_among(event, [application.member_id])
    if not recipients:
        return
    notify(
        recipients=recipients,
        verb=verb,
        actor=None,
        target=event,
        url=url or event_url(event),
        params={"title": event.title, **params},
        key=key,
    )


def application_placed(application: Application, event: Event) -> None:
    """Where a new application stands: applied to the lottery, confirmed, or waitlisted."""
    if application.state == ApplicationState.APPLIED:
        _tell(
            application,
            event,
            APPLIED,
            key=str(application.pk),
            closes=_when(event.applications_close_at),
        )
    elif application.state == ApplicationState.CONFIRMED:
        _tell(application, event, CONFIRMED, key=str(application.pk), starts=_when(event.starts_at))
    elif application.state == ApplicationState.WAITLISTED:
        _tell(
            application,
            event,
            WAITLISTED,
            key=str(application.pk),
            position=application.waitlist_position,
        )


def promoted(application: Application, event: Event) -> None:
    _tell(application, event, PROMOTED, key=str(application.pk), starts=_when(event.starts_at))


def draw_results(event: Event, *, winners: list[Application], losers: list[Application]) -> None:
    """The draw's outcome: one notice per group (the winners share the confirm-by date), to
    those who may still see the event."""
    winner_ids = readers_among(event, [a.member_id for a in winners])
    loser_ids = readers_among(event, [a.member_id for a in losers])
    if winner_ids:
        notify(
            recipients=winner_ids,
            verb=WON,
            actor=None,
            target=event,
            url=draw_url(event),
            params={"title": event.title, "confirm_by": _when(winners[0].confirm_by)},
            key=str(event.pk),
        )
    if loser_ids:
        notify(
            recipients=loser_ids,
            verb=LOST,
            actor=None,
            target=event,
            url=draw_url(event),
            params={"title": event.title},
            key=str(event.pk),
        )


def offered(application: Application, event: Event) -> None:
    """A runner-up's seat (a winner declined or did not confirm in time)."""
    _tell(
        application,
        event,
        OFFERED,
        key=str(application.pk),
        url=draw_url(event),
        confirm_by=_when(application.confirm_by),
    )


def win_expired(application: Application, event: Event) -> None:
    _tell(application, event, WIN_EXPIRED, key=str(application.pk), url=draw_url(event))


def reminder(event: Event, member_ids: list[int]) -> None:
    """The day-before reminder; the key makes it once per member and event."""
    member_ids = readers_among(event, member_ids)
    if not member_ids:
        return
    notify(
        recipients=member_ids,
        verb=REMINDER,
        actor=None,
        target=event,
        url=event_url(event),
        params={"title": event.title, "starts": _when(event.starts_at)},
        key=str(event.pk),
    )


def tell_event_changed(event: Event, changed_fields, *, actor=None) -> list[int]:
    """Tell the members still expecting ``event`` which of its noteworthy fields changed.

    services.update_event calls this with the fields it changed; fields members need not hear
    about (a description tweak) are left out, and
    nothing is sent when none remain. Returns the ids of the members told.
    """
    fields = [name for name in FIELD_LABELS if name in set(changed_fields)]
    if not fields:
        return []
    member_ids = readers_among(
        event,
        Application.objects.filter(event=event, state__in=LIVE)
        .values_list("member_id", flat=True)
        .order_by("member_id"),
    )
    if not member_ids:
        return []
    notify(
        recipients=member_ids,
        verb=CHANGED,
        actor=actor,
        target=event,
        url=event_url(event),
        params={"title": event.title, "fields": ",".join(fields), "starts": _when(event.starts_at)},
    )
    return member_ids


def event_cancelled(event: Event, member_ids: list[int], *, actor, reason: str) -> None:
    member_ids = readers_among(event, member_ids)
    if not member_ids:
        return
    notify(
        recipients=member_ids,
        verb=CANCELLED,
        actor=actor,
        target=event,
        url=event_url(event),
        params={"title": event.title, "reason": reason},
        key=str(event.pk),
    )


# --- formatters: run when the notice is read, in the reader's language -------------------------


def _datetime(value) -> str:
    moment = parse_datetime(str(value or ""))
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _fields(value) -> str:
    names = [name for name in str(value or "").split(",") if name in FIELD_LABELS]
    return ", ".join(str(FIELD_LABELS[name]) for name in names)


def _reason(value) -> str:
    return str(value or "").strip() or str(_("No reason was given."))


def register_verbs() -> None:
    when = {"closes": _datetime, "starts": _datetime, "confirm_by": _datetime}
    messages = {
        APPLIED: _(
            "You applied for the lottery of “%(title)s”. Applications close %(closes)s; "
            "we will tell you the result of the draw."
        ),
        CONFIRMED: _("Your place at “%(title)s” (%(starts)s) is confirmed."),
        WAITLISTED: _(
            "“%(title)s” is full: you are number %(position)s on the waitlist. "
            "We will tell you if a place opens up."
        ),
        PROMOTED: _("A place opened up: you are now confirmed for “%(title)s” (%(starts)s)."),
        WON: _("You won a place at “%(title)s”! Please confirm it by %(confirm_by)s."),
        LOST: _(
            "You were not selected in the draw for “%(title)s”. If a winner does not confirm, "
            "their place goes to the next in the draw's order, and we will tell you."
        ),
        OFFERED: _(
            "A place at “%(title)s” came free and goes to you as the next in the draw's order. "
            "Please confirm it by %(confirm_by)s."
        ),
        WIN_EXPIRED: _(
            "Your place at “%(title)s” was not confirmed in time and went to the next in the "
            "draw's order."
        ),
        REMINDER: _("Reminder: “%(title)s” starts %(starts)s."),
        CHANGED: _("“%(title)s” has changed (%(fields)s). It starts %(starts)s."),
        CANCELLED: _("“%(title)s” has been cancelled. %(reason)s"),
    }
    formatters = when | {"fields": _fields, "reason": _reason}
    for verb, message in messages.items():
        register(verb, message, category=Category.OWN, formatters=formatters)

"""The survey audience "attendees of an event" (registered with surveys.audiences from ready()).

A survey with this audience names the event in ``Survey.audience_target_id``. Members who were
checked in (an application in the state ATTENDED) may answer it; it shows in their list of
surveys through one subquery on their own applications, so the list stays one query.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.permissions import can_read_event
from hiroba.surveys.audiences import Audience, register_audience

KIND = "event_attended"
# The events staff choose from in the builder: the latest ones, by start.
TARGET_CHOICES = 100


def _event(survey) -> Event | None:
    """The survey's event, read once per survey object (the page asks several questions)."""
    cached = getattr(survey, "_audience_event", False)
    if cached is False:
        cached = (
            Event.objects.filter(pk=survey.audience_target_id).first()
            if survey.audience_target_id is not None
            else None
        )
        survey._audience_event = cached
    return cached


class EventAttendees(Audience):
    kind = KIND
    label = gettext_lazy("Attendees of an event")
    has_target = True

    def target_choices(self, current: int | None = None) -> list[tuple[int, str]]:
        # Drafts and cancelled events have no attendees to ask.
        events = list(
            Event.objects.exclude(status__in=(EventStatus.DRAFT, EventStatus.CANCELLED))
            .order_by("-starts_at", "-id")
            .values_list("pk", "title")[:TARGET_CHOICES]
        )
        if current is not None and all(pk != current for pk, _title in events):
            events += Event.objects.filter(pk=current).values_list("pk", "title")
        return events

    def includes(self, survey, member) -> bool:
        return Application.objects.filter(
            event_id=survey.audience_target_id,
            member_id=member.pk,
            state=ApplicationState.ATTENDED,
        ).exists()

    def addressed_to(self, member) -> Q:
        # A subquery on the member's own applications: their survey list stays one query.
        attended = Application.objects.filter(
            member_id=member.pk, state=ApplicationState.ATTENDED
        ).values("event_id")
        return Q(audience_kind=self.kind, audience_target_id__in=attended)

    def visible_to(self, survey, member) -> bool:
        # An event in a space the member cannot read does not reveal itself, nor its surveys.
        event = _event(survey)
        return event is not None and can_read_event(member, event)

    def describe(self, survey, reader=None) -> str:
        event = _event(survey)
        if event is None or (reader is not None and not can_read_event(reader, event)):
            return str(self.label)
        return _("Attendees of %(event)s") % {"event": event.title}

    def outsider_message(self, survey, member) -> str:
        event = _event(survey)
        if event is None or not can_read_event(member, event):
            return super().outsider_message(survey, member)
        return _("This survey is for the members who attended %(event)s.") % {"event": event.title}

    def validate(self, survey) -> None:
        if (
            survey.audience_target_id is None
            or not Event.objects.filter(pk=survey.audience_target_id).exists()
        ):
            raise ValidationError(
                {"audience_target": _("Choose the event whose attendees are asked.")},
                code="event_required",
            )


def register() -> None:
    register_audience(EventAttendees())

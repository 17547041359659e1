"""Every change to an event and its applications: creating and publishing events, applying,
cancelling, and moving members up from the waitlist.

Seats are exact under concurrency three ways over: the event row is locked first
(select_for_update on PostgreSQL; SQLite's IMMEDIATE transactions serialize writers), seats are
taken with a conditional UPDATE (``confirmed_seats + seats <= capacity``) that holds even without
the lock, and a check constraint refuses anything past the capacity. Every change of an
application's state is a conditional UPDATE on the state it was read in.
"""

import time
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_login, require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.community.models import Space
from hiroba.core.errors import Refused
from hiroba.core.markdown import render_markdown
from hiroba.core.text import MAX_TITLE, clean_text
from hiroba.events import notify
from hiroba.events.eligibility import segment_exists
from hiroba.events.models import (
    Application,
    ApplicationState,
    Event,
    EventQuestion,
    EventStatus,
    Format,
    QuestionKind,
    Selection,
)
from hiroba.events.permissions import (
    AlreadyApplied,
    can_manage_application,
    can_read_event,
    is_event_staff,
    require_event_staff,
)
from hiroba.events.questions import MAX_QUESTIONS, clean_answers, questions_fixed
from hiroba.events.seats import offer_to_runners_up
from hiroba.events.seats import take_seats as _take_seats
from hiroba.events.selectors import events_written
from hiroba.events.tickets import issue_ticket_code
from hiroba.surveys.services.building import clean_choices

MAX_DESCRIPTION = 20_000
MAX_COMPANIONS = 10
PROMOTION_BATCH = 20
# Applications in these states hold seats that a cancellation gives back (a lottery's winners
# hold theirs until they confirm or decline).
SEATED = (ApplicationState.CONFIRMED, ApplicationState.WON)
# Applications in these states can no longer be cancelled.
FINAL = (ApplicationState.CANCELLED, ApplicationState.LOST, ApplicationState.ATTENDED)


@transaction.atomic
def create_event(
    *,
    actor: Member,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    applications_open_at: datetime,
    applications_close_at: datetime,
    capacity: int,
    description: str = "",
    format: str = Format.OFFLINE,
    venue: str = "",
    address: str = "",
    online_url: str = "",
    companions_allowed: int = 0,
    selection: str = Selection.FIRST_COME,
    space: Space | None = None,
    stream_url: str = "",
    cancel_deadline: datetime | None = None,
    confirm_deadline: datetime | None = None,
    audience_segment_id: int | None = None,
) -> Event:
    """A draft event (editors and managers); members see it once it is published."""
    require_event_staff(actor)
    _check_segment(audience_segment_id)
    event = Event(created_by=actor, selection=selection)
    _apply_fields(
        event,
        {
            "title": title,
            "description": description,
            "format": format,
            "venue": venue,
            "address": address,
            "online_url": online_url,
            "stream_url": stream_url,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "applications_open_at": applications_open_at,
            "applications_close_at": applications_close_at,
            "cancel_deadline": cancel_deadline,
            "confirm_deadline": confirm_deadline,
            "capacity": capacity,
            "companions_allowed": companions_allowed,
            "space": space,
            "audience_segment_id": audience_segment_id,
        },
    )
    event.full_clean(exclude=["space", "created_by", "cover"])
    event.save(force_insert=True)
    events_written()
    record_activity(actor=actor, verb=Verb.EVENT_CREATE, subject=event, space_id=event.space_id)
    return event


# What staff may change after creating an event. The selection method is fixed once made: a
# lottery's applicants did not apply to a first-come event.
EDITABLE = frozenset(
    {
        "title",
        "description",
        "format",
        "venue",
        "address",
        "online_url",
        "stream_url",
        "starts_at",
        "ends_at",
        "applications_open_at",
        "applications_close_at",
        "cancel_deadline",
        "confirm_deadline",
        "capacity",
        "companions_allowed",
        "space",
        "audience_segment_id",
    }
)
# Changes members who applied are told about (notifications, by the caller).
NOTEWORTHY = frozenset(
    {"title", "format", "venue", "address", "online_url", "starts_at", "ends_at"}
)


@transaction.atomic
def update_event(*, actor: Member, event: Event, **changes) -> tuple[Event, set[str]]:
    """Change an event's fields (editors and managers); returns the event and the names of the
    fields whose values changed, which its applicants are told of when they matter. The capacity
    may not fall below the seats already confirmed."""
    require_event_staff(actor)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code="not_editable",
        )
    locked = _lock_event(event.pk)
    if locked.status in (EventStatus.CANCELLED, EventStatus.ARCHIVED):
        raise ValidationError(_("This event can no longer be changed."), code="not_editable")
    if changes.get("audience_segment_id") not in (None, locked.audience_segment_id):
        # Only a newly chosen segment is checked: one deleted since keeps its event hidden.
        _check_segment(changes["audience_segment_id"])
    before = {name: getattr(locked, name if name != "space" else "space_id") for name in changes}
    fields = {name: getattr(locked, name) for name in EDITABLE} | changes
    _apply_fields(locked, fields)
    if locked.capacity < locked.confirmed_seats:
        raise ValidationError(
            {
                "capacity": _("%(seats)d seats are already confirmed; the capacity cannot be less.")
                % {"seats": locked.confirmed_seats}
            },
            code="capacity_below_seats",
        )
    changed = {
        name
        for name in changes
        if getattr(locked, name if name != "space" else "space_id") != before[name]
    }
    if not changed:
        return locked, changed
    more_seats = "capacity" in changed and locked.capacity > before["capacity"]
    locked.updated_at = timezone.now()
    locked.full_clean(exclude=["space", "created_by", "cover"])
    saved = [("space" if name == "space" else name) for name in changed]
    if "description" in changed:
        saved.append("description_html")
    locked.save(update_fields=[*saved, "updated_at"])
    events_written()
    record_activity(
        actor=actor,
        verb=Verb.EVENT_UPDATE,
        subject=locked,
        space_id=locked.space_id,
        data={"fields": sorted(changed)},
    )
    if more_seats:
        # New seats go to those already waiting, in their order, before any newcomer.
        if locked.selection == Selection.FIRST_COME:
            _promote_from_waitlist(locked)
        else:
            offer_to_runners_up(locked)
    if locked.status != EventStatus.DRAFT:
        # Members expecting the event hear of a new time, place or address (notify decides
        # which fields are worth telling).
        notify.tell_event_changed(locked, changed, actor=actor)
    return locked, changed


@transaction.atomic
def publish_event(*, actor: Member, event: Event) -> Event:
    """Show a draft to the members it is for (a conditional state change: published once)."""
    require_event_staff(actor)
    now = timezone.now()
    published = Event.objects.filter(pk=event.pk, status=EventStatus.DRAFT).update(
        status=EventStatus.PUBLISHED, published_at=now, updated_at=now
    )
    if not published:
        raise ValidationError(_("Only a draft event can be published."), code="not_draft")
    events_written()
    event.refresh_from_db()
    record_activity(actor=actor, verb=Verb.EVENT_PUBLISH, subject=event, space_id=event.space_id)
    return event


@transaction.atomic
def set_event_questions(
    *, actor: Member, event: Event, questions: list[dict]
) -> list[EventQuestion]:
    """Replace the questions of the event's application form (editors and managers), until the
    first application: answers name the questions and their choices by id.

    Each question is ``{"kind", "text", "help_text", "required", "choices"}`` with a survey
    question kind; choice questions need two choices or more. Every problem is reported at
    once, keyed ``questions.<index>.<field>``.
    """
    require_event_staff(actor)
    locked = _lock_event(event.pk)
    fixed = questions_fixed(locked)
    if fixed == "not_editable":
        raise ValidationError(_("This event can no longer be changed."), code="not_editable")
    if fixed == "has_applications":
        raise Refused(
            _("Members have applied: the questions can no longer change."), code="has_applications"
        )
    if not isinstance(questions, list | tuple):
        raise ValidationError({"questions": _("Send a list of questions.")}, code="invalid")
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(
            {"questions": _("An event asks at most %(max)d questions.") % {"max": MAX_QUESTIONS}},
            code="many_questions",
        )
    rows, errors = [], {}
    for index, data in enumerate(questions):
        try:
            rows.append(_clean_question(locked, index, data))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"questions.{index}.{field}"] = messages
    if errors:
        raise ValidationError(errors, code="invalid_questions")
    EventQuestion.objects.filter(event=locked).delete()
    EventQuestion.objects.bulk_create(rows)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["updated_at"])
    record_activity(
        actor=actor,
        verb=Verb.EVENT_UPDATE,
        subject=locked,
        space_id=locked.space_id,
        data={"fields": ["questions"], "questions": len(rows)},
    )
    return list(EventQuestion.objects.filter(event=locked).order_by("position", "id"))


def _clean_question(event: Event, index: int, data) -> EventQuestion:
    if not isinstance(data, dict):
        raise ValidationError({"__all__": _("Each question is an object.")})
    kind = data.get("kind")
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")}, code="kind")
    for field in ("text", "help_text"):
        if not isinstance(data.get(field) or "", str):
            raise ValidationError({field: _("Write this as text.")}, code="not_text")
    choices = data.get("choices") or []
    if not isinstance(choices, list | tuple) or not all(isinstance(c, str) for c in choices):
        raise ValidationError({"choices": _("Give the choices as a list of texts.")})
    texts = clean_choices(kind, choices)
    return EventQuestion(
        event=event,
        kind=kind,
        text=clean_text(data.get("text") or "", field="text", max_length=300),
        help_text=clean_text(
            data.get("help_text") or "", field="help_text", max_length=300, required=False
        ),
        required=bool(data.get("required")),
        position=index + 1,
        choices=[{"id": i, "text": text} for i, text in enumerate(texts, start=1)],
    )


@transaction.atomic
def apply_to_event(
    *, actor: Member, event: Event, companions: int = 0, answers: dict | None = None
) -> Application:
    """Apply to a published event while its applications are open, answering its questions.

    First come: confirmed while seats (the member and their companions) remain, else
    waitlisted at the next position. Lottery: applied, until the draw.
    """
    require_writer(actor)
    locked = _lock_event(event.pk)
    if not can_read_event(actor, locked):
        raise Http404("No such event")
    _require_open_for_applications(locked, timezone.now())
    if not isinstance(companions, int) or companions < 0:
        raise ValidationError(
            {"companions": _("Enter the number of companions.")}, code="invalid_companions"
        )
    if companions > locked.companions_allowed:
        raise ValidationError(
            {
                "companions": _("This event allows at most %(max)d companions per application.")
                % {"max": locked.companions_allowed}
            },
            code="too_many_companions",
        )
    live = Application.objects.filter(event=locked, member=actor).exclude(
        state=ApplicationState.CANCELLED
    )
    if live.exists():
        raise AlreadyApplied
    # After the event's lock: set_event_questions takes it too, so the questions hold still.
    cleaned = clean_answers(locked, answers)
    application = Application(event=locked, member=actor, companions=companions, answers=cleaned)
    try:
        # The seats and the row go together: a duplicate that slipped past the check above
        # (no lock without PostgreSQL's) takes back its seats with the savepoint.
        with transaction.atomic():
            _place(application, locked)
            application.save(force_insert=True)
    except IntegrityError:
        raise AlreadyApplied from None
    issue_ticket_code(application)
    record_activity(
        actor=actor,
        verb=Verb.EVENT_APPLY,
        subject=locked,
        space_id=locked.space_id,
        data={"state": application.state, "application": application.pk},
    )
    notify.application_placed(application, locked)
    return application


@transaction.atomic
def cancel_application(*, actor: Member, application: Application) -> Application:
    """Cancel an application (the member's own, or anyone's by event staff). Seats it held go
    to the waitlist at once: as many as now fit are confirmed, in waitlist order (a lottery's:
    to its runners-up in the draw's order). Members may cancel until the event's cancel
    deadline (none set: until it starts); staff at any time."""
    require_login(actor)
    locked = _lock_event(application.event_id)
    current = Application.objects.filter(pk=application.pk, event=locked).first()
    if current is None or not can_manage_application(actor, current):
        raise Http404("No such application")
    if current.state in FINAL:
        raise ValidationError(
            _("This application can no longer be cancelled."), code="not_cancellable"
        )
    now = timezone.now()
    if now >= cancel_closes_at(locked) and not is_event_staff(actor):
        raise Refused(
            _("Cancellations for this event have closed; please contact the organizers."),
            code="cancel_closed",
        )
    cancelled = Application.objects.filter(pk=current.pk, state=current.state).update(
        state=ApplicationState.CANCELLED, cancelled_at=now
    )
    if not cancelled:
        raise ValidationError(
            _("This application can no longer be cancelled."), code="not_cancellable"
        )
    if current.state in SEATED:
        Event.objects.filter(pk=locked.pk).update(
            confirmed_seats=F("confirmed_seats") - current.seats
        )
    elif current.state == ApplicationState.WAITLISTED:
        Event.objects.filter(pk=locked.pk).update(waitlisted_count=F("waitlisted_count") - 1)
    record_activity(
        actor=actor,
        verb=Verb.EVENT_CANCEL,
        subject=locked,
        space_id=locked.space_id,
        data={"application": current.pk, "member": current.member_id, "was": current.state},
    )
    if current.state in SEATED and locked.selection == Selection.FIRST_COME:
        _promote_from_waitlist(locked)
    elif current.state in SEATED:
        offer_to_runners_up(locked, now=now)
    current.state, current.cancelled_at = ApplicationState.CANCELLED, now
    return current


def cancel_closes_at(event: Event) -> datetime:
    """Members may cancel until the event's cancel deadline, or until it starts."""
    return event.cancel_deadline or event.starts_at


# A member's views of one event count once in this long (their session remembers).
VIEW_INTERVAL_SECONDS = 6 * 60 * 60
SESSION_EVENT_VIEWS = "hiroba_event_views"


def record_event_view(*, actor, event: Event, session=None) -> bool:
    """Count a view of the event's page: an F() update, no Activity row. Staff views are not
    counted; a member's repeated views within VIEW_INTERVAL_SECONDS are answered from their
    ``session`` without a write. A visitor who is not logged in has no session to write to (the
    page must stay cacheable): each rendering counts, and the page cache serves the rest."""
    if is_event_staff(actor):
        return False
    if actor is not None and actor.is_authenticated and session is not None:
        now = time.time()
        views = session.get(SESSION_EVENT_VIEWS, {})
        if now - views.get(str(event.pk), 0) < VIEW_INTERVAL_SECONDS:
            return False
        fresh = {k: t for k, t in views.items() if now - t < VIEW_INTERVAL_SECONDS}
        session[SESSION_EVENT_VIEWS] = fresh | {str(event.pk): now}
    Event.objects.filter(pk=event.pk).update(view_count=F("view_count") + 1)
    return True


# --- helpers -----------------------------------------------------------------------------------


def _lock_event(pk: int) -> Event:
    """The event row locked for this transaction (no join: PostgreSQL locks only this row)."""
    locked = Event.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise Http404("No such event")
    return locked


def _require_open_for_applications(event: Event, now: datetime) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise Refused(_("This event is not taking applications."), code="not_open")
    if now < event.applications_open_at:
        raise Refused(_("Applications for this event have not opened yet."), code="not_yet_open")
    if now >= event.applications_close_at:
        raise Refused(_("Applications for this event have closed."), code="applications_closed")


def _place(application: Application, event: Event) -> None:
    """Give a new application its state, its seats or its waitlist position. While anyone is
    waiting, a newcomer waits behind them (a party at the head that does not fit the free seats
    keeps its turn)."""
    if event.selection == Selection.LOTTERY:
        application.state = ApplicationState.APPLIED
    elif not event.waitlisted_count and _take_seats(event, application.seats):
        application.state = ApplicationState.CONFIRMED
    else:
        # Positions are never reused in an event (a unique constraint); the event's lock makes
        # "the highest plus one" exact.
        highest = Application.objects.filter(event=event).aggregate(
            highest=Max("waitlist_position")
        )["highest"]
        application.state = ApplicationState.WAITLISTED
        application.waitlist_position = (highest or 0) + 1
        Event.objects.filter(pk=event.pk).update(waitlisted_count=F("waitlisted_count") + 1)


def _promote_from_waitlist(event: Event) -> list[Application]:
    """Confirm waitlisted applications in position order while their seats fit.

    The order is strict: when the next party does not fit, no later one passes it. Each
    promotion is a conditional state change, and its seats a conditional counter update. Once
    the event has started (or is no longer taking part in applications), nobody is moved up.
    """
    current = Event.objects.filter(pk=event.pk).values("status", "starts_at").first()
    if (
        current is None
        or current["status"] not in (EventStatus.PUBLISHED, EventStatus.CLOSED)
        or current["starts_at"] <= timezone.now()
    ):
        return []
    promoted = []
    after = 0
    while True:
        # A short batch at a time: a cancellation frees a few seats, so a few promotions follow.
        batch = list(
            Application.objects.filter(
                event=event, state=ApplicationState.WAITLISTED, waitlist_position__gt=after
            )
            .select_related("member")
            .order_by("waitlist_position")[:PROMOTION_BATCH]
        )
        if not batch:
            return promoted
        for candidate in batch:
            after = candidate.waitlist_position
            if not _take_seats(event, candidate.seats, from_waitlist=True):
                return promoted
            moved = Application.objects.filter(
                pk=candidate.pk, state=ApplicationState.WAITLISTED
            ).update(state=ApplicationState.CONFIRMED)
            if not moved:  # cancelled meanwhile: give its seats back and look at the next one
                Event.objects.filter(pk=event.pk).update(
                    confirmed_seats=F("confirmed_seats") - candidate.seats,
                    waitlisted_count=F("waitlisted_count") + 1,
                )
                continue
            candidate.state = ApplicationState.CONFIRMED
            notify.promoted(candidate, event)
            record_activity(
                actor=None,
                verb=Verb.EVENT_PROMOTE,
                subject=event,
                space_id=event.space_id,
                data={
                    "application": candidate.pk,
                    "member": candidate.member_id,
                    "position": candidate.waitlist_position,
                },
            )
            promoted.append(candidate)


def _check_segment(segment_id) -> None:
    """A segment audience names a saved segment (segments answer through eligibility.py)."""
    if segment_id is None:
        return
    if (
        isinstance(segment_id, bool)
        or not isinstance(segment_id, int)
        or not (segment_id > 0 and segment_exists(segment_id))
    ):
        raise ValidationError(
            {"audience_segment_id": _("Choose one of the saved segments.")}, code="unknown_segment"
        )


def _apply_fields(event: Event, fields: dict) -> None:
    """Clean and check ``fields`` as a whole and set them on ``event`` (nothing is saved)."""
    text_limits = {
        "title": MAX_TITLE,
        "description": MAX_DESCRIPTION,
        "venue": 200,
        "address": 300,
        "online_url": 200,
        "stream_url": 200,
    }
    for name, limit in text_limits.items():
        fields[name] = clean_text(
            fields.get(name) or "", field=name, max_length=limit, required=name == "title"
        )
    _validate_event(
        format=fields["format"],
        selection=event.selection,
        starts_at=fields["starts_at"],
        ends_at=fields["ends_at"],
        applications_open_at=fields["applications_open_at"],
        applications_close_at=fields["applications_close_at"],
        cancel_deadline=fields.get("cancel_deadline"),
        confirm_deadline=fields.get("confirm_deadline"),
        capacity=fields["capacity"],
        companions_allowed=fields["companions_allowed"],
    )
    for name, value in fields.items():
        setattr(event, name, value)
    event.description_html = render_markdown(event.description)


def _validate_event(
    *,
    format: str,
    selection: str,
    starts_at: datetime,
    ends_at: datetime,
    applications_open_at: datetime,
    applications_close_at: datetime,
    capacity: int,
    companions_allowed: int,
    cancel_deadline: datetime | None = None,
    confirm_deadline: datetime | None = None,
) -> None:
    errors = {}
    if format not in Format.values:
        errors["format"] = _("Choose one of the formats.")
    if selection not in Selection.values:
        errors["selection"] = _("Choose first come or lottery.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    if applications_close_at <= applications_open_at:
        errors["applications_close_at"] = _("Applications must close after they open.")
    elif applications_close_at > starts_at:
        errors["applications_close_at"] = _("Applications must close before the event starts.")
    if cancel_deadline is not None and cancel_deadline > starts_at:
        errors["cancel_deadline"] = _("Cancellations must close before the event starts.")
    if confirm_deadline is not None and not (applications_close_at < confirm_deadline <= starts_at):
        errors["confirm_deadline"] = _(
            "Winners must confirm after applications close and before the event starts."
        )
    if not isinstance(capacity, int) or capacity < 1:
        errors["capacity"] = _("The capacity must be at least 1.")
    if not isinstance(companions_allowed, int) or not 0 <= companions_allowed <= MAX_COMPANIONS:
        errors["companions_allowed"] = _("Companions must be between 0 and %(max)d.") % {
            "max": MAX_COMPANIONS
        }
    if errors:
        raise ValidationError(errors, code="invalid_event")

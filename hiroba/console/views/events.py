"""Console: events — the list (drafts included), the create and edit forms, and an event's page
with its funnel, its participants (filters, pages, CSV), messages to them, the staff's tools
(check-in, the draw) and calling the event off. Editors and managers only (events_view); the
rules live in hiroba.events. The application form's questions: event_questions.py."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hiroba.console.context import console_context
from hiroba.console.decorators import events_view
from hiroba.console.event_forms import CancelEventForm, EventForm, MessageForm
from hiroba.core.forms import handle_form
from hiroba.core.pagination import keyset_page
from hiroba.events import participants as rows
from hiroba.events.funnel import application_counts, event_funnel
from hiroba.events.lifecycle import NOT_CANCELLABLE, cancel_event
from hiroba.events.lottery import can_draw_now
from hiroba.events.models import ApplicationState, Event, EventQuestion, EventStatus
from hiroba.events.services import create_event, publish_event, update_event
from hiroba.events.staff import (
    MESSAGE_GROUPS,
    clean_cover,
    message_participants,
    record_participants_export,
    set_event_cover,
)
from hiroba.segments.selectors import segment_names

LIST_SIZE = 50


def event_or_404(event_id: int) -> Event:
    """The event, with its space, for any console event page (staff see every event)."""
    event = Event.objects.select_related("space").filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event")
    return event


def _event_for_page(event_id: int) -> Event:
    """The event with what its console page shows beside it, in the one query: its space, its
    draw (without the entrant list) and how many questions its application form asks."""
    asked = (
        EventQuestion.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    event = (
        Event.objects.select_related("space", "draw")
        .defer("draw__entrants")
        .annotate(question_count=Coalesce(Subquery(asked), 0))
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise Http404("No such event")
    return event


def _name_segments(events) -> None:
    """Each event's ``segment_name``: the saved segment it is limited to (one query, and only
    when one of them is), so that staff see who an event is for."""
    names = segment_names(event.audience_segment_id for event in events)
    for event in events:
        event.segment_name = names.get(event.audience_segment_id)


def _zone() -> str:
    return timezone.get_current_timezone_name()


def _render(request, template: str, status: int = 200, **extra):
    return render(request, template, console_context(request, "events", **extra), status=status)


@require_GET
@events_view
def event_list(request):
    status = request.GET.get("status", "")
    events = Event.objects.select_related("space").annotate(applications_made=Count("applications"))
    if status in EventStatus.values:
        events = events.filter(status=status)
    page = keyset_page(
        events,
        order=("-starts_at", "-id"),
        kinds=(datetime, int),
        cursor=request.GET.get("cursor"),
        size=LIST_SIZE,
    )
    _name_segments(page.items)
    return _render(
        request,
        "console/events/list.html",
        page=page,
        status_filter=status if status in EventStatus.values else "",
        statuses=EventStatus.choices,
    )


def _save_cover(request, event: Event, image) -> Event:
    return set_event_cover(actor=request.user, event=event, image=image) if image else event


@require_http_methods(["GET", "POST"])
@events_view
def event_new(request):
    form = EventForm(request.POST or None, request.FILES or None)

    def act(data):
        # The image is checked before the transaction (see staff.clean_cover); the event and its
        # cover are saved together.
        image = clean_cover(data["cover"]) if data["cover"] else None
        with transaction.atomic():
            event = create_event(actor=request.user, selection=data["selection"], **form.changes())
            return _save_cover(request, event, image)

    def done(event):
        messages.success(request, _("The event is saved as a draft."))
        return redirect("console:event", event.pk)

    return handle_form(
        form,
        act=act,
        done=done,
        page=lambda status: _render(
            request, "console/events/edit.html", status, form=form, event=None, time_zone=_zone()
        ),
    )


@require_http_methods(["GET", "POST"])
@events_view
def event_edit(request, event_id: int):
    event = event_or_404(event_id)
    if request.method == "POST":
        form = EventForm(request.POST, request.FILES, event=event)
    else:
        form = EventForm(initial=EventForm.initial_from(event), event=event)

    def act(data):
        image = clean_cover(data["cover"]) if data["cover"] else None
        with transaction.atomic():
            changed_event, _changed = update_event(
                actor=request.user, event=event, **form.changes()
            )
            return _save_cover(request, changed_event, image)

    def done(saved):
        messages.success(request, _("The event is saved."))
        return redirect("console:event", saved.pk)

    return handle_form(
        form,
        act=act,
        done=done,
        page=lambda status: _render(
            request, "console/events/edit.html", status, form=form, event=event, time_zone=_zone()
        ),
    )


@require_POST
@events_view
def event_publish(request, event_id: int):
    event = event_or_404(event_id)
    try:
        publish_event(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published."))
    return redirect("console:event", event.pk)


def _detail_context(request, event: Event, *, message_form=None, cancel_form=None) -> dict:
    filters = rows.Filters.from_query(request.GET)
    counts = application_counts(event)
    _name_segments([event])
    return {
        "event": event,
        "draw": getattr(event, "draw", None),
        "can_draw": can_draw_now(event),
        "can_cancel": event.status not in NOT_CANCELLABLE,
        "cancel_form": cancel_form or CancelEventForm(),
        "funnel": event_funnel(event, counts),
        "counts": counts,
        "filters": filters,
        "page": rows.participant_page(event, filters, cursor=request.GET.get("cursor")),
        "states": [(value, label, counts[value]) for value, label in ApplicationState.choices],
        "message_form": message_form or MessageForm(),
        "export_query": request.GET.urlencode() if request.GET else "",
    }


@require_GET
@events_view
def event_detail(request, event_id: int):
    event = _event_for_page(event_id)
    if request.htmx and request.GET.get("cursor"):
        filters = rows.Filters.from_query(request.GET)
        page = rows.participant_page(event, filters, cursor=request.GET.get("cursor"))
        return _render(
            request,
            "console/events/_participant_rows.html",
            page=page,
            event=event,
            filters=filters,
        )
    return _render(request, "console/events/detail.html", **_detail_context(request, event))


@require_POST
@events_view
def event_message(request, event_id: int):
    event = _event_for_page(event_id)
    form = MessageForm(request.POST)

    def done(sent):
        messages.success(
            request,
            _("The message is on its way to %(count)d members (%(group)s).")
            % {"count": sent, "group": MESSAGE_GROUPS[form.cleaned_data["group"]][0]},
        )
        return redirect("console:event", event.pk)

    return handle_form(
        form,
        act=lambda data: message_participants(actor=request.user, event=event, **data),
        done=done,
        page=lambda status: _render(
            request,
            "console/events/detail.html",
            status,
            **_detail_context(request, event, message_form=form),
        ),
    )


@require_POST
@events_view
def event_cancel(request, event_id: int):
    """Call the event off: cancel_event cancels every application and tells the members."""
    event = _event_for_page(event_id)
    form = CancelEventForm(request.POST)

    def done(cancelled):
        messages.success(
            request, _("The event is cancelled; the members who applied are being told.")
        )
        return redirect("console:event", cancelled.pk)

    return handle_form(
        form,
        act=lambda data: cancel_event(actor=request.user, event=event, reason=data["reason"]),
        done=done,
        page=lambda status: _render(
            request,
            "console/events/detail.html",
            status,
            **_detail_context(request, event, cancel_form=form),
        ),
    )


@require_GET
@events_view
def event_export(request, event_id: int):
    """The participants (as filtered) as CSV, streamed; audited before the first byte."""
    event = event_or_404(event_id)
    filters = rows.Filters.from_query(request.GET)
    record_participants_export(actor=request.user, event=event, filters=filters.as_dict())
    body = rows.stream_csv(event, filters, zone=timezone.get_current_timezone())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="event-{event.pk}-participants-{stamp}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("events/", event_list, name="events"),
    path("events/new", event_new, name="event_new"),
    path("events/<int:event_id>/", event_detail, name="event"),
    path("events/<int:event_id>/edit", event_edit, name="event_edit"),
    path("events/<int:event_id>/publish", event_publish, name="event_publish"),
    path("events/<int:event_id>/message", event_message, name="event_message"),
    path("events/<int:event_id>/cancel", event_cancel, name="event_cancel"),
    path("events/<int:event_id>/participants.csv", event_export, name="event_export"),
]

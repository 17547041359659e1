"""The members' event pages: the lists (upcoming, past, mine), the month calendar, an event's
page, applying and cancelling. Thin: parse, call a selector or service, render."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hiroba.community.permissions import can_read_community
from hiroba.core.errors import Refused, answered_refusal
from hiroba.core.forms import apply_errors
from hiroba.events import calendar, questions, selectors, services
from hiroba.events.after import reports_context
from hiroba.events.live.permissions import has_live_page
from hiroba.events.lottery import can_draw_now
from hiroba.events.models import ApplicationState, Event, EventStatus, Selection
from hiroba.events.permissions import (
    access_event,
    access_own_application,
    is_event_staff,
    may_see_online_url,
)
from hiroba.events.sharing import event_meta
from hiroba.events.staff_links import staff_links

TABS = ("upcoming", "past", "mine")


def _tabs() -> list[tuple[str, str]]:
    return [("upcoming", _("Upcoming")), ("past", _("Past")), ("mine", _("My applications"))]


@require_GET
def event_list(request):
    if not can_read_community(request.user):
        return redirect_to_login(request.get_full_path())
    tab = request.GET.get("tab", "upcoming")
    tab = tab if tab in TABS else "upcoming"
    if tab == "mine" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cursor = request.GET.get("cursor")
    if tab == "mine":
        page = selectors.my_applications_page(request.user, cursor=cursor)
    elif tab == "past":
        page = selectors.past_events_page(request.user, cursor=cursor)
    else:
        page = selectors.upcoming_events_page(request.user, cursor=cursor)
    context = {"page": page, "tab": tab, "tabs": _tabs(), "is_past_tab": tab == "past"}
    if request.htmx and cursor:
        return render(request, "events/_list_page.html", context)
    return render(request, "events/list.html", context)


@require_GET
def event_calendar(request):
    if not can_read_community(request.user):
        return redirect_to_login(request.get_full_path())
    today = timezone.localdate()
    first = calendar.parse_month(request.GET.get("month"), today)
    if first is None:
        context = {
            "bad_month": request.GET.get("month", ""),
            "this_param": calendar.month_param(today),
        }
        return render(request, "events/calendar.html", context, status=400)
    start, end = calendar.grid_bounds(first)
    events = selectors.events_between(
        request.user,
        calendar.local_midnight(start),
        calendar.local_midnight(end) + timedelta(days=1),
    )
    previous, following = calendar.shift_month(first, -1), calendar.shift_month(first, 1)
    weeks = calendar.month_grid(first, events, today)
    context = {
        "month": first,
        "weeks": weeks,
        "weekday_names": calendar.weekday_names(),
        "previous": previous,
        "previous_param": calendar.month_param(previous),
        "next": following,
        "next_param": calendar.month_param(following),
        "this_month": today.replace(day=1),
        "this_param": calendar.month_param(today),
        "has_events": any(day.events for week in weeks for day in week if day.in_month),
    }
    return render(request, "events/calendar.html", context)


class ApplyForm(forms.Form):
    companions = forms.TypedChoiceField(
        label=gettext_lazy("Companions"),
        coerce=int,
        required=False,
        empty_value=0,
        help_text=gettext_lazy("People coming with you; each takes a seat."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        # The event's questions follow the companions (survey kinds; questions.py).
        self.questions = questions.event_questions(event)
        self.fields.update(questions.answer_fields(event, self.questions))
        allowed = event.companions_allowed
        field = self.fields["companions"]
        field.choices = [(n, str(n)) for n in range(allowed + 1)]
        field.widget.attrs["class"] = "form-select w-auto"
        if not allowed:
            field.widget = forms.HiddenInput()


@require_GET
def event_detail(request, event_id):
    event = access_event(request.user, event_id)
    services.record_event_view(actor=request.user, event=event, session=_session(request))
    return _detail(request, event)


def _session(request):
    # A visitor who is not logged in gets no session (their page stays cacheable).
    return request.session if request.user.is_authenticated else None


def _detail(request, event: Event, *, form=None, error: str = "", status: int = 200):
    user = request.user
    now = timezone.now()
    application = selectors.viewer_application(user, event)
    live = selectors.is_live_application(application)
    opens, closes = event.applications_open_at, event.applications_close_at
    if event.status != EventStatus.PUBLISHED:
        window = "closed" if event.status != EventStatus.CANCELLED else "cancelled"
    else:
        window = "not_yet" if now < opens else ("open" if now < closes else "closed")
    cancel_until = services.cancel_closes_at(event)
    can_apply = window == "open" and user.is_authenticated and not live
    context = {
        "event": event,
        "application": application,
        "live_application": live,
        "can_cancel": live
        and application.state not in services.FINAL
        and (now < cancel_until or is_event_staff(user)),
        "cancel_until": cancel_until,
        "window": window,
        "can_apply": can_apply,
        # Built only when shown: its questions are a query.
        "form": form or (ApplyForm(event=event) if can_apply else None),
        "can_confirm_win": application is not None
        and application.state == ApplicationState.WON
        and application.member_id == user.pk,
        "error": error,
        "show_online_url": bool(event.online_url) and may_see_online_url(user, event, application),
        "is_lottery": event.selection == Selection.LOTTERY,
        "is_past": event.ends_at <= now,
        "map_query": event.address or event.venue,
        "page_meta": event_meta(request, event),
        "is_staff": is_event_staff(user),
        "has_live_page": has_live_page(event) and event.status != EventStatus.CANCELLED,
        "is_drawn": event.selection == Selection.LOTTERY
        and event.status in (EventStatus.DRAWN, EventStatus.HELD, EventStatus.ARCHIVED),
        "can_draw": is_event_staff(user) and can_draw_now(event, now),
    }
    if context["is_staff"]:
        context["staff_links"] = staff_links(event)
    if event.starts_at <= now:
        # Photo reports come once the event has started (after.report_refusal).
        context["reports"] = reports_context(user, event)
    return render(request, "events/detail.html", context, status=status)


def _applied_message(application) -> str:
    if application.state == ApplicationState.CONFIRMED:
        return _("You are in: your place at this event is confirmed.")
    if application.state == ApplicationState.WAITLISTED:
        return _(
            "The event is full: you are on the waitlist (number %(position)d). "
            "If a place frees up, it is yours and we will tell you."
        ) % {"position": application.waitlist_position}
    return _("Your application is in. The draw decides who takes part; we will tell you.")


@login_required
@require_POST
def apply(request, event_id):
    event = access_event(request.user, event_id)
    form = ApplyForm(request.POST, event=event)
    if not form.is_valid():
        return _detail(request, event, form=form, status=422)
    try:
        application = services.apply_to_event(
            actor=request.user,
            event=event,
            companions=form.cleaned_data["companions"],
            answers=questions.answers_from_form(form.cleaned_data, form.questions),
        )
    except ValidationError as error:
        apply_errors(form, error)
        return _detail(request, event, form=form, status=422)
    except Refused as refused:
        response = _detail(request, event, form=form, error=refused.message, status=refused.status)
        return answered_refusal(response, refused)
    messages.success(request, _applied_message(application))
    return redirect("events:detail", event_id=event.pk)


@login_required
@require_POST
def cancel(request, application_id):
    application = access_own_application(request.user, application_id)
    event = application.event
    try:
        services.cancel_application(actor=request.user, application=application)
    except ValidationError as error:
        return _detail(request, event, error=" ".join(error.messages), status=422)
    except Refused as refused:
        response = _detail(request, event, error=refused.message, status=refused.status)
        return answered_refusal(response, refused)
    messages.success(request, _("Your application is cancelled."))
    return redirect("events:detail", event_id=event.pk)

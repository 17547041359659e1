"""The lottery's pages: the draw's audit page, staff drawing, winners confirming or declining,
and the event's calendar file. Thin: the rules are in lottery.py and calendar.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hiroba.core.errors import Refused
from hiroba.events import lottery
from hiroba.events.ics import build_ics
from hiroba.events.models import Application, Draw, Selection
from hiroba.events.permissions import access_event, access_own_application, is_event_staff


@require_GET
def event_ics(request, event_id):
    event = access_event(request.user, event_id)
    response = HttpResponse(build_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_GET
def draw_page(request, event_id):
    event = access_event(request.user, event_id)
    if event.selection != Selection.LOTTERY:
        raise Http404("No such draw")
    staff = is_event_staff(request.user)
    stored = Draw.objects.filter(event=event).first()
    context = {"event": event, "draw": stored, "is_staff": staff, "rows": [], "mine": None}
    if stored is not None:
        order = lottery.draw_order(stored)
        applications = {}
        if staff:
            applications = {
                str(a.pk): a
                for a in Application.objects.filter(event=event, draw_rank__isnull=False)
                .select_related("member")
                .only("pk", "state", "companions", "member__handle", "member__display_name")
            }
        context["rows"] = [
            {
                "rank": rank,
                "entrant": name,
                "won": rank <= stored.seats,
                "application": applications.get(name),
            }
            for rank, name in enumerate(order, start=1)
        ]
    if request.user.is_authenticated:
        context["mine"] = (
            Application.objects.filter(event=event, member=request.user, draw_rank__isnull=False)
            .order_by("-id")
            .first()
        )
    return render(request, "events/draw.html", context)


@login_required
@require_POST
def run_draw(request, event_id):
    event = access_event(request.user, event_id)
    if not is_event_staff(request.user):
        raise Http404("No such event")
    try:
        stored = lottery.draw_event(actor=request.user, event=event)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("The draw is made: %(winners)d of %(entrants)d applications won.")
            % {"winners": stored.seats, "entrants": len(stored.entrants)},
        )
    return redirect("events:draw", event_id=event.pk)


@login_required
@require_POST
def confirm_win(request, application_id):
    application = access_own_application(request.user, application_id)
    try:
        lottery.confirm_win(actor=request.user, application=application)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your place is confirmed. See you there!"))
    return redirect("events:draw", event_id=application.event_id)


@login_required
@require_POST
def decline_win(request, application_id):
    application = access_own_application(request.user, application_id)
    try:
        lottery.decline_win(actor=request.user, application=application)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("You gave up your place; it goes to the next in the draw."))
    return redirect("events:draw", event_id=application.event_id)

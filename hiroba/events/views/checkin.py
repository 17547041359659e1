"""The ticket a participant shows at the venue, and the phone page staff check people in with.

The check-in page works offline: its script (static/events/checkin.js) keeps every check-in in
the browser first and sends the waiting ones to ``checkin_sync`` when it can. The sync answers
each item on its own, and the service counts an application once, so a batch sent twice (the
answer was lost on the way back) changes nothing the second time. Without JavaScript the form
posts to the page itself.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hiroba.core.errors import Refused
from hiroba.events import selectors
from hiroba.events.models import Event
from hiroba.events.permissions import access_event, access_ticket, require_event_staff
from hiroba.events.services_checkin import CheckInRefused, check_in, checkin_window
from hiroba.events.tickets import display_code, issue_ticket_code, qr_svg

MAX_BATCH = 100
MAX_CLIENT_ID = 64
MAX_CODE_INPUT = 40


@login_required
def ticket(request, event_id):
    """The member's own ticket: QR code, short code, when and where. 404 for anyone else's."""
    application = access_ticket(request.user, event_id)
    # Applications made before codes existed, or written by a path that skips apply_to_event,
    # get theirs here once (the migration gave the older ones theirs).
    code = issue_ticket_code(application)
    event = application.event
    same_day = timezone.localdate(event.starts_at) == timezone.localdate(event.ends_at)
    return render(
        request,
        "events/ticket.html",
        {
            "event": event,
            "same_day": same_day,
            "application": application,
            "code": display_code(code),
            "qr": qr_svg(code, title=_("QR code of ticket %(code)s") % {"code": code}),
        },
    )


def _staff_event(request, event_id) -> Event:
    event = access_event(request.user, event_id)
    require_event_staff(request.user)
    return event


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request, event_id):
    """The staff's check-in page; a POST is the form without JavaScript (one code)."""
    event = _staff_event(request, event_id)
    if request.method == "POST":
        try:
            result = check_in(
                actor=request.user, event=event, code=request.POST.get("code", "")[:MAX_CODE_INPUT]
            )
        except CheckInRefused as refused:
            messages.error(request, refused.message)
        else:
            name = result.application.member.display_name
            if result.counted:
                messages.success(request, _("Checked in: %(name)s") % {"name": name})
            else:
                messages.warning(request, _("Already checked in: %(name)s") % {"name": name})
        return redirect("events:checkin", event.pk)
    opens, closes = checkin_window(event)
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "opens": opens,
            "closes": closes,
            "participants": selectors.count_participants(event),
            "recent": [
                {"application": a, "code": display_code(a.ticket_code)}
                for a in selectors.recent_check_ins(event)
            ],
        },
    )


@require_POST
def checkin_sync(request, event_id):
    """A batch of check-ins from the page's queue: ``{"items": [{"code", "client_id",
    "scanned_at"}]}``; answers each by its ``client_id`` with checked_in, already or refused."""
    try:
        event = _staff_event(request, event_id)
    except Http404:
        return _error("not_found", _("No such event."), 404)
    except Refused as refused:
        return _error(refused.code, refused.message, refused.status)
    try:
        items = json.loads(request.body)["items"]
    except (ValueError, KeyError, TypeError):
        return _error("invalid", _("Send a JSON object with a list of items."), 400)
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        return _error(
            "invalid", _("Send at most %(max)d items at a time.") % {"max": MAX_BATCH}, 400
        )
    results = [_sync_one(request.user, event, item) for item in items]
    event.refresh_from_db(fields=["attended_count"])
    return JsonResponse({"results": results, "attended_count": event.attended_count})


def _sync_one(actor, event: Event, item) -> dict:
    if not isinstance(item, dict):
        return {"client_id": "", **_refusal("invalid", _("This item is not a check-in."))}
    client_id = item.get("client_id")
    code, scanned_at = item.get("code"), _moment(item.get("scanned_at"))
    if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID:
        return {"client_id": "", **_refusal("invalid", _("This item has no client id."))}
    if not isinstance(code, str) or scanned_at is None:
        return {"client_id": client_id, **_refusal("invalid", _("This item is not a check-in."))}
    try:
        result = check_in(actor=actor, event=event, code=code[:MAX_CODE_INPUT], at=scanned_at)
    except CheckInRefused as refused:
        return {"client_id": client_id, **_refusal(refused.code, refused.message)}
    application = result.application
    return {
        "client_id": client_id,
        "status": "checked_in" if result.counted else "already",
        "name": application.member.display_name,
        "ticket": display_code(application.ticket_code),
        "companions": application.companions,
        "checked_in_at": application.checked_in_at.isoformat(),
    }


def _moment(value):
    """An ISO 8601 moment from the client (a naive one is in the community's time zone); None
    when it is not one. A missing moment is now."""
    if value is None:
        return timezone.now()
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _refusal(code: str, message: str) -> dict:
    return {"status": "refused", "code": code, "message": message}


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)

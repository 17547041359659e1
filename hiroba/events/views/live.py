"""The live page: the event's player beside its comments, which arrive in real time.

Posting, hiding and approving answer JSON to the page's script (``Accept: application/json``)
and redirect back to the page otherwise, so the page works without JavaScript too (without the
real-time part). The stream itself is hiroba/events/live/stream.py; ``stream_fallback`` is what
the same address answers when the site is served over WSGI.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hiroba.accounts.permissions import is_member
from hiroba.core.errors import Refused, answered_refusal
from hiroba.events.live.embed import player_for
from hiroba.events.live.models import MAX_LIVE_COMMENT, LiveCommentStatus
from hiroba.events.live.permissions import accepts_comments, access_live_event, can_moderate_live
from hiroba.events.live.selectors import comment_message, comments_after, list_live_comments
from hiroba.events.live.services import (
    access_live_comment,
    approve_live_comment,
    hide_live_comment,
    post_live_comment,
)
from hiroba.events.live.stream import format_messages, resume_point

# Under WSGI the browser asks again this often (milliseconds).
FALLBACK_RETRY_MS = 3000


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refusal_json(refused: Refused):
    response = JsonResponse(
        {"code": refused.code, "message": refused.message}, status=refused.status
    )
    return answered_refusal(response, refused)


def _errors_text(error: ValidationError) -> str:
    return (
        " ".join(message for messages in error.message_dict.values() for message in messages)
        if hasattr(error, "error_dict")
        else " ".join(error.messages)
    )


@require_GET
def live_page(request, event_id):
    event = access_live_event(request.user, event_id)
    comments = list_live_comments(request.user, event)
    shown = [c.pk for c in comments if c.status == LiveCommentStatus.PUBLISHED]
    player = player_for(event.stream_url)
    context = {
        "event": event,
        "player": player,
        "comments": comments,
        "after": max(shown, default=0),
        "can_comment": is_member(request.user) and accepts_comments(event),
        "can_moderate": can_moderate_live(request.user),
        "ended": event.ends_at <= timezone.now(),
        "max_length": MAX_LIVE_COMMENT,
    }
    response = render(request, "events/live.html", context)
    if player is not None:
        # The page frames this one player; every other page frames nothing (default-src 'self').
        response._csp_update = {"frame-src": [player.origin]}
    return response


@login_required
@require_POST
def live_comment(request, event_id):
    event = access_live_event(request.user, event_id)
    try:
        comment = post_live_comment(
            actor=request.user, event=event, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"code": "invalid", "message": _errors_text(error)}, status=422)
        messages.error(request, _errors_text(error))
        return redirect("events:live", event_id=event.pk)
    except Refused as refused:
        if _wants_json(request):
            return _refusal_json(refused)
        raise
    held = comment.status == LiveCommentStatus.HELD
    notice = _("Your comment is held for review: others see it once a moderator approves it.")
    if _wants_json(request):
        payload = {"status": comment.status, "comment": comment_message(comment)}
        if held:
            payload["message"] = notice
        return JsonResponse(payload, status=201)
    if held:
        messages.info(request, notice)
    return redirect("events:live", event_id=event.pk)


def _moderate(request, event_id, comment_id, action):
    event = access_live_event(request.user, event_id)
    comment = access_live_comment(request.user, event, comment_id)
    try:
        comment = action(comment)
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"code": "invalid", "message": _errors_text(error)}, status=422)
        messages.error(request, _errors_text(error))
        return redirect("events:live", event_id=event.pk)
    except Refused as refused:
        if _wants_json(request):
            return _refusal_json(refused)
        raise
    if _wants_json(request):
        return JsonResponse({"status": comment.status, "id": comment.pk})
    return redirect("events:live", event_id=event.pk)


@login_required
@require_POST
def live_hide(request, event_id, comment_id):
    return _moderate(
        request,
        event_id,
        comment_id,
        lambda comment: hide_live_comment(
            actor=request.user, comment=comment, reason=request.POST.get("reason", "")
        ),
    )


@login_required
@require_POST
def live_approve(request, event_id, comment_id):
    return _moderate(
        request,
        event_id,
        comment_id,
        lambda comment: approve_live_comment(actor=request.user, comment=comment),
    )


@never_cache
@require_GET
def stream_fallback(request, event_id):
    """The stream's address under WSGI: what was missed, then ``retry:`` (the browser asks
    again). Under ASGI, config/asgi.py answers this address before Django sees it."""
    event = access_live_event(request.user, event_id)
    after = resume_point(request.headers.get("Last-Event-ID"), request.GET.get("after"))
    missed = [comment_message(c) for c in comments_after(event.pk, after)] if after >= 0 else []
    body, _last = format_messages(missed, max(after, 0))
    response = HttpResponse(
        f"retry: {FALLBACK_RETRY_MS}\n\n".encode() + body,
        content_type="text/event-stream; charset=utf-8",
    )
    response["X-Accel-Buffering"] = "no"
    return response

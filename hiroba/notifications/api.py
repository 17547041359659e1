"""In-site notifications: what happened to a member's questions, answers, posts and ideas.

Only the caller's own notifications; every endpoint needs a logged-in member (401 otherwise).
"""

from django.http import HttpRequest
from ninja import Query, Router

from hiroba.accounts.permissions import require_login
from hiroba.core.api.body import JsonBody
from hiroba.core.api.schemas import ERRORS
from hiroba.notifications import selectors, services
from hiroba.notifications.messages import render_message
from hiroba.notifications.schemas import (
    NotificationListParams,
    NotificationPageOut,
    ReadIn,
    ReadOut,
    UnreadCountOut,
)

router = Router()


def _member(request: HttpRequest):
    actor = request.auth
    require_login(actor)
    return actor


@router.get(
    "", response={200: NotificationPageOut, **ERRORS}, summary="My notifications, newest first"
)
def list_notifications(request: HttpRequest, params: Query[NotificationListParams]):
    actor = _member(request)
    page = selectors.list_notifications(
        actor, cursor=params.cursor, size=params.limit, unread_only=params.unread
    )
    for item in page.items:
        item.text = render_message(item.verb, item.params, item.actor, html=False)
        item.html = render_message(item.verb, item.params, item.actor)
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "unread_count": selectors.count_unread(actor),
    }


@router.get(
    "/unread-count", response={200: UnreadCountOut, **ERRORS}, summary="How many are unread"
)
def unread_count(request: HttpRequest):
    count = selectors.count_unread(_member(request))
    return {"unread_count": count, "text": selectors.badge_text(count)}


@router.post(
    "/read",
    response={200: ReadOut, **ERRORS},
    summary='Mark notifications read: {"all": true} or {"ids": [...]}',
)
def mark_read(request: HttpRequest, payload: JsonBody[ReadIn]):
    actor = _member(request)
    marked = services.mark_all_read(actor=actor, ids=None if payload.all else payload.ids)
    return {"marked": marked, "unread_count": selectors.count_unread(actor)}

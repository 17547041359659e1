"""Whose notification is it: only its recipient may read or open one."""

from django.http import Http404

from hiroba.notifications.models import Notification


def access_notification(actor, notification_id) -> Notification:
    """The actor's own notification ``notification_id``; the same 404 for missing and not theirs."""
    if not getattr(actor, "is_authenticated", False):
        raise Http404("No such notification")
    try:
        notification_id = int(notification_id)
    except (TypeError, ValueError):
        raise Http404("No such notification") from None
    notification = (
        Notification.objects.filter(pk=notification_id, recipient=actor)
        .select_related("actor")
        .first()
    )
    if notification is None:
        raise Http404("No such notification")
    return notification

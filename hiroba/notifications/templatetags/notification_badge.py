"""The unread badge in the navigation: one bounded count for members, nothing for visitors."""

from django import template

from hiroba.notifications.selectors import badge_text, count_unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> dict | None:
    """{"count": n, "text": "n" or "99+"} for a logged-in member, once per request; else None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(request, "_hiroba_unread", None)
    if cached is None:
        count = count_unread(user)
        cached = request._hiroba_unread = {"count": count, "text": badge_text(count)}
    return cached

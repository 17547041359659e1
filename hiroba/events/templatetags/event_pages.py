"""The badges of the members' event pages: an application's state, an event's format."""

from django import template

from hiroba.events.models import ApplicationState, EventStatus, Format

register = template.Library()

STATE_STYLES = {
    ApplicationState.APPLIED: "text-bg-info",
    ApplicationState.CONFIRMED: "text-bg-success",
    ApplicationState.WAITLISTED: "text-bg-warning",
    ApplicationState.WON: "text-bg-success",
    ApplicationState.LOST: "text-bg-secondary",
    ApplicationState.CANCELLED: "text-bg-light border",
    ApplicationState.ATTENDED: "text-bg-primary",
}
FORMAT_STYLES = {
    Format.OFFLINE: "event-format-offline",
    Format.ONLINE: "event-format-online",
    Format.HYBRID: "event-format-hybrid",
    Format.LIVE: "event-format-live",
}


@register.inclusion_tag("events/_state_badge.html")
def application_badge(application):
    return {
        "label": application.get_state_display(),
        "style": STATE_STYLES.get(application.state, "text-bg-light"),
        "state": application.state,
    }


@register.inclusion_tag("events/_format_badge.html")
def format_badge(event):
    return {
        "label": event.get_format_display(),
        "style": FORMAT_STYLES.get(event.format, ""),
        "cancelled": event.status == EventStatus.CANCELLED,
    }

"""``{% calendar_links event as links %}``: the "add to calendar" links of an event."""

from django import template
from django.urls import reverse

from hiroba.events.ics import google_calendar_url, outlook_calendar_url

register = template.Library()


@register.simple_tag
def calendar_links(event) -> dict:
    return {
        "ics": reverse("events:ics", args=[event.pk]),
        "google": google_calendar_url(event),
        "outlook": outlook_calendar_url(event),
    }

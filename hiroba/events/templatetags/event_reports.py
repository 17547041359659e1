"""The photo report kind's template helpers: its loaded row on cards, its event on the post's page."""

from django import template

from hiroba.events.models import EventReport
from hiroba.events.permissions import can_read_event
from hiroba.posts.kinds import loaded_row

register = template.Library()

register.filter("loaded_report", loaded_row)


def names_event_to_all_readers(report, post) -> bool:
    """Whether everyone who reads ``post`` may see the event it reports on, so that its card
    (one cached card for every reader) may name it: not an event limited to a segment, and not
    one whose space is not the post's. Otherwise the card says "Event report" only, and the
    post's page names the event to those who may see it (``reported_event``)."""
    event = report.event
    return event.audience_segment_id is None and event.space_id in (None, post.space_id)


@register.filter
def badge_event(report, post):
    """The event a report's card may name, or None."""
    if report is None or not names_event_to_all_readers(report, post):
        return None
    return report.event


@register.simple_tag
def reported_event(post, user):
    """The event ``post`` reports on, if ``user`` may see it (one query), else None."""
    report = EventReport.objects.filter(post_id=post.pk).select_related("event").first()
    if report is None or not can_read_event(user, report.event):
        return None
    return report.event

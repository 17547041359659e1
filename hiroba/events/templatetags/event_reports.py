"""The photo report kind's template helpers: its loaded row on cards, its event on the post's page."""

from django import template

from hiroba.events.models import EventReport
from hiroba.events.permissions import can_read_event
from hiroba.posts.kinds import loaded_row

register = template.Library()

register.filter("loaded_report", loaded_row)


@register.simple_tag
def reported_event(post, user):
    """The event ``post`` reports on, if ``user`` may see it (one query), else None."""
    report = EventReport.objects.filter(post_id=post.pk).select_related("event").first()
    if report is None or not can_read_event(user, report.event):
        return None
    return report.event

"""``{% idea_badge status %}``, ``post|loaded_idea`` and ``seconds|as_duration`` for idea pages
and feed cards."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiroba.ideas.styles import status_styles
from hiroba.posts.models import Post

register = template.Library()


@register.simple_tag
def idea_badge(status: str):
    """The status badge in the community's label and color."""
    style = status_styles().get(status)
    if style is None:
        return ""
    return format_html(
        '<span class="badge {} idea-status idea-status-{}">{}</span>',
        style.badge_class,
        style.status,
        style.label,
    )


@register.filter
def loaded_idea(post):
    """An idea post's Idea row, only when the feed loaded it with the post (no query here)."""
    if not isinstance(post, Post) or post.kind != "idea":
        return None
    if Post.idea.is_cached(post):
        return getattr(post, "idea", None)
    return None


@register.filter
def as_duration(seconds) -> str:
    """A wait in the largest whole unit that fits: minutes, hours or days."""
    if seconds is None:
        return "–"
    seconds = float(seconds)
    if seconds < 3600:
        minutes = max(1, round(seconds / 60))
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if seconds < 86400 * 2:
        hours = round(seconds / 3600)
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = round(seconds / 86400, 1)
    return _("%(n)s days") % {"n": f"{days:g}"}


@register.filter
def percent(value) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f}%"

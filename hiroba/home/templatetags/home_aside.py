"""``{% home_aside %}``: the home page's side column (home/_aside.html), rendered once per set of
what it shows and kept (core.fragments).

Its thirty-odd links and dates were a fifth of a warm home page's time. The key holds all it
shows: the surveys, events, spaces (with their post counts) and tags the view read for this
reader, the language and the time zone its dates are written in.
"""

from django import template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from hiroba.core.fragments import key_of, render_kept

register = template.Library()

KEY_VERSION = 1


@register.simple_tag(takes_context=True)
def home_aside(context) -> str:
    facts = (
        KEY_VERSION,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        tuple((s.pk, s.title, s.closes_at) for s in context["surveys"]),
        tuple((e.pk, e.title, e.starts_at, e.venue, e.format) for e in context["events"]),
        tuple((s.slug, s.name, s.post_count) for s in context["spaces"]),
        tuple(tag["name"] for tag in context["tags"]),
    )
    # The template is rendered by the autoescaping engine, and holds no form.
    return mark_safe(render_kept(context, "home/_aside.html", key_of("home-aside", facts)))

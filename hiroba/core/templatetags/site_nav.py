"""``{% site_nav %}``: the navigation bar (core/_nav.html), rendered once per reader state.

Every page showed it, and rendering its thirty links and translations was a fifth of a cached
page's time. Its key holds all it shows: the language, the community's name and logo, the
member's name, handle, icon and roles, and the unread count the page read (``unread``).
"""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from hiroba.core.fragments import key_of, render_kept

register = template.Library()

KEY_VERSION = 1


def _reader_facts(context) -> tuple:
    user = context["user"]
    if not user.is_authenticated:
        return ("visitor",)
    return (
        user.pk,
        user.handle,
        user.display_name,
        user.icon.name,
        user.icon_small.name,
        user.role,
        user.is_official,
        bool(context.get("user_is_editor")),
        bool(context.get("user_is_manager")),
        bool(context.get("user_is_moderator")),
        tuple(sorted((context.get("unread") or {}).items())),
    )


@register.simple_tag(takes_context=True)
def site_nav(context) -> str:
    community = context["community"]
    facts = (
        KEY_VERSION,
        translation.get_language(),
        community.name,
        community.logo.name if community.logo else "",
        _reader_facts(context),
    )
    # The template is rendered by the autoescaping engine; only the CSRF token is put in.
    return mark_safe(render_kept(context, "core/_nav.html", key_of("nav", facts)))

"""The link-preview tags of every page's <head>, and the share buttons of a shareable page."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("core/_page_meta.html", takes_context=True)
def page_meta_tags(context):
    """The page's own preview (``page_meta`` in the context, see hiroba.core.sharing), else the
    community's: its name, description and logo, which anyone may see."""
    request, community = context.get("request"), context.get("community")
    meta = context.get("page_meta")
    if request is None or community is None:
        return {}
    feeds = list(meta.feeds) if meta else []
    if community.is_open:
        title = _("%(community)s: articles") % {"community": community.name}
        feeds.insert(0, (title, request.build_absolute_uri(reverse("posts:articles_feed"))))
    logo = request.build_absolute_uri(community.logo.url) if community.logo else ""
    return {
        "community": community,
        "meta": meta,
        "description": meta.description if meta else community.description,
        "image": (meta.image if meta else "") or logo,
        "feeds": feeds,
    }


@register.inclusion_tag("core/_share.html", takes_context=True)
def share_buttons(context):
    """LINE, X and "copy link" for a page that has a public preview; nothing on other pages."""
    return {"meta": context.get("page_meta"), "request": context.get("request")}

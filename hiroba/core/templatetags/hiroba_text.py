import html

from django import template
from django.utils.html import strip_tags

register = template.Library()


@register.filter
def plain_text(rendered_html: str) -> str:
    """The text of sanitized HTML, for excerpts: tags dropped and entities decoded.

    The result is an ordinary string, so autoescaping escapes it exactly once ("&" stays "&").
    """
    return html.unescape(strip_tags(rendered_html or ""))

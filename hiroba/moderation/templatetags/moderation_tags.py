"""Moderation on other apps' pages: the notice on held or hidden content, the report link."""

from django import template

from hiroba.audit.selectors import moderation_reasons
from hiroba.community.models import ReportReason

register = template.Library()


@register.inclusion_tag("moderation/_notice.html", takes_context=True)
def moderation_notice(context, post):
    """What the writer (or a moderator) of a post that others cannot see is told, and why."""
    reason = ""
    if post.deleted_at is None and post.status in ("held", "hidden"):
        entry = moderation_reasons("post", [post.pk]).get(post.pk)
        reason = entry.reason if entry else ""
    return {
        "post": post,
        "reason": reason,
        "user_is_moderator": context.get("user_is_moderator"),
    }


@register.inclusion_tag("moderation/_report_link.html", takes_context=True)
def report_link(context, target_type: str, target):
    """A "Report" link for members who did not write it (moderators act from the queue)."""
    user = context["user"]
    owner = target.pk if target_type == "member" else target.created_by_id
    shown = user.is_authenticated and owner != user.pk and not context.get("user_is_moderator")
    return {"shown": shown, "target_type": target_type, "target_id": target.pk}


@register.inclusion_tag("moderation/_guideline_reasons.html")
def guideline_reasons():
    """The reasons members report for, as the guidelines page lists them."""
    return {"reasons": ReportReason.choices}

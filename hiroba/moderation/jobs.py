"""Moderation's work after commit: telling writers the outcome (periodic jobs: ``schedules``)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from huey.contrib.djhuey import db_task

from hiroba.accounts.models import Member
from hiroba.audit.models import AuditEntry
from hiroba.community.selectors import get_community, language_for
from hiroba.moderation import notices
from hiroba.posts.models import Comment, Post

# The outcomes a writer hears about, and the page where they can read it.
TOLD_ACTIONS = {
    "post_hide",
    "post_restore",
    "post_delete",
    "post_approve",
    "comment_hide",
    "comment_restore",
    "comment_delete",
    "comment_approve",
    "member_warn",
    "member_suspend",
    "member_ban",
    "member_lift",
}


def _recipient(entry: AuditEntry) -> Member | None:
    if entry.target_type == "member":
        return Member.objects.filter(pk=entry.target_id).first()
    model = Post if entry.target_type == "post" else Comment
    item = model.objects.select_related("created_by").filter(pk=entry.target_id).first()
    return item.created_by if item is not None else None


def _link(entry: AuditEntry) -> str:
    if entry.action.startswith("post_") and not entry.action.endswith("delete"):
        return settings.SITE_URL + reverse("posts:detail", args=[entry.target_id])
    if entry.action.startswith("comment_") and not entry.action.endswith("delete"):
        post_id = Comment.objects.filter(pk=entry.target_id).values_list("post_id", flat=True)
        if post_id:
            path = reverse("posts:detail", args=[post_id[0]])
            return f"{settings.SITE_URL}{path}#comment-{entry.target_id}"
    return settings.SITE_URL + reverse("community:guidelines")


def _local_time(value: str | None, zone: str) -> str:
    """The moment in the community's zone, written as the active language writes a moment."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value).astimezone(ZoneInfo(zone))
    return date_format(moment, "DATETIME_FORMAT")


@db_task(retries=3, retry_delay=60)
def notify_outcome(entry_id: int) -> None:
    """E-mail the writer (or the sanctioned member) what moderators decided and why, and put it
    in their notifications.

    Safe to run twice: it only sends a message (the notification is keyed by the entry).
    Written in the member's language (their choice, else the community's).
    """
    entry = AuditEntry.objects.select_related("actor").filter(pk=entry_id).first()
    if entry is None or entry.action not in TOLD_ACTIONS:
        return
    member = _recipient(entry)
    if member is None or member.is_official:
        return
    notices.tell_in_site(entry=entry, member=member, link=_link(entry))
    if not member.email:
        return
    community = get_community()
    with translation.override(language_for(member)):
        context = {
            "entry": entry,
            "member": member,
            "community": community,
            "link": _link(entry),
            "until": _local_time(entry.data.get("until"), community.time_zone),
        }
        subject = render_to_string("moderation/email/outcome_subject.txt", context).strip()
        body = render_to_string("moderation/email/outcome_body.txt", context)
    send_mail(subject, body, None, [member.email])

"""Posting, hiding and approving live comments.

Word rules apply as they do to a post's comments (posts.words): a blocked word refuses the
comment, a word to review holds it (its writer and the moderators on the page see it until a
moderator approves it), a masked word is replaced. The comment budget is the comments' one
(HIROBA_RATE_COMMENT). Viewers learn of each change through the broker, after commit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.core.errors import Refused
from hiroba.core.ratelimit import check_rate
from hiroba.core.text import clean_text
from hiroba.events.live import broker
from hiroba.events.live.models import MAX_LIVE_COMMENT, LiveComment, LiveCommentStatus
from hiroba.events.live.permissions import accepts_comments, can_moderate_live, has_live_page
from hiroba.events.live.selectors import comment_message, hide_message
from hiroba.events.models import Event
from hiroba.events.permissions import can_read_event
from hiroba.posts.holds import hold_for_text
from hiroba.posts.words import screen


def _announce(comment: LiveComment, message: dict) -> None:
    event_id = comment.event_id
    transaction.on_commit(lambda: broker.publish(event_id, message))


@transaction.atomic
def post_live_comment(*, actor: Member, event: Event, body: str) -> LiveComment:
    """A comment on ``event``'s live page, shown to every viewer at once unless a word rule
    holds it. 404 for an event the actor may not read or that has no live page."""
    require_writer(actor)
    if not can_read_event(actor, event) or not has_live_page(event):
        raise Http404("No such live page")
    if not accepts_comments(event):
        raise Refused(_("This event no longer takes comments."), code="closed")
    body = clean_text(body, field="body", max_length=MAX_LIVE_COMMENT)
    texts, screening = screen({"body": body})
    check_rate(actor=actor, action="comment")
    hold = hold_for_text(screening)
    comment = LiveComment.objects.create(
        event=event,
        author=actor,
        body=texts["body"],
        status=LiveCommentStatus.HELD if hold else LiveCommentStatus.PUBLISHED,
        held_note=hold[1][:300] if hold else "",
    )
    if hold:
        record_audit(actor=None, action=AuditAction.COMMENT_HOLD, target=comment, reason=hold[1])
    else:
        _announce(comment, comment_message(comment))
    return comment


def _require_moderator(actor) -> None:
    require_writer(actor)
    if not can_moderate_live(actor):
        raise Refused(_("Only moderators can do this."), code="moderators_only")


@transaction.atomic
def hide_live_comment(*, actor: Member, comment: LiveComment, reason: str = "") -> LiveComment:
    """Take a comment off the live page (moderators and event staff); viewers' pages drop it."""
    _require_moderator(actor)
    now = timezone.now()
    changed = (
        LiveComment.objects.filter(pk=comment.pk)
        .exclude(status=LiveCommentStatus.HIDDEN)
        .update(status=LiveCommentStatus.HIDDEN, moderated_at=now, moderated_by=actor)
    )
    comment.refresh_from_db()
    if changed:
        record_audit(actor=actor, action=AuditAction.COMMENT_HIDE, target=comment, reason=reason)
        _announce(comment, hide_message(comment))
    return comment


@transaction.atomic
def approve_live_comment(*, actor: Member, comment: LiveComment) -> LiveComment:
    """Show a held comment to every viewer (moderators and event staff)."""
    _require_moderator(actor)
    changed = LiveComment.objects.filter(pk=comment.pk, status=LiveCommentStatus.HELD).update(
        status=LiveCommentStatus.PUBLISHED, moderated_at=timezone.now(), moderated_by=actor
    )
    comment.refresh_from_db()
    if not changed:
        raise ValidationError(_("Only a held comment can be approved."), code="not_held")
    record_audit(actor=actor, action=AuditAction.COMMENT_APPROVE, target=comment)
    _announce(comment, comment_message(comment))
    return comment


def access_live_comment(actor, event: Event, comment_id) -> LiveComment:
    """A comment of ``event`` that ``actor`` may moderate; 404 otherwise."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise Http404("No such comment") from None
    comment = LiveComment.objects.filter(pk=pk, event=event).first()
    if comment is None or not can_moderate_live(actor):
        raise Http404("No such comment")
    return comment

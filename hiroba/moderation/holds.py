"""Holding new content for review: by a word rule, or because its writer is new.

Called by the post and comment services inside their transaction. A hold opens a report
without a reporter, so held content waits in the moderators' queue like reported content.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import is_editor, is_moderator
from hiroba.community.selectors import get_community
from hiroba.moderation.models import HoldReason, Report, Resolution
from hiroba.moderation.words import Screening
from hiroba.posts.models import Post


def hold_for_post(actor, screening: Screening) -> tuple[str, str] | None:
    """(reason code, note) when a new post must wait for review, else None."""
    if screening.hold:
        return HoldReason.WORD_RULE, _words_note(screening)
    if is_moderator(actor) or is_editor(actor):
        return None
    first = get_community().hold_first_posts
    if first and Post.objects.filter(created_by=actor).count() < first:
        return HoldReason.NEW_MEMBER, _("One of the first %(count)d posts of a new member.") % {
            "count": first
        }
    return None


def hold_for_text(screening: Screening) -> tuple[str, str] | None:
    """Comments and edits are held for words only (the first-posts rule counts posts)."""
    return (HoldReason.WORD_RULE, _words_note(screening)) if screening.hold else None


def _words_note(screening: Screening) -> str:
    return _("Words to review: %(words)s") % {"words": "、".join(screening.held)}


def open_hold(*, reason: str, note: str, post: Post | None = None, comment=None) -> Report:
    """The queue entry for held content (one open hold per target)."""
    existing = Report.objects.filter(
        reporter__isnull=True, resolved_at__isnull=True, post=post, comment=comment
    ).first()
    if existing is not None:
        return existing
    return Report.objects.create(post=post, comment=comment, reason=reason, note=note[:1000])


def close_on_delete(*, actor, post: Post | None = None, comment=None) -> int:
    """Its writer deleted the content: its open reports and hold leave the queue, as closed."""
    target = {"post": post} if post is not None else {"comment": comment}
    return Report.objects.filter(resolved_at__isnull=True, **target).update(
        resolved_at=timezone.now(), resolved_by=actor, resolution=Resolution.DELETED
    )

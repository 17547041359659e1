"""Holding new content for review: by a word rule, or because its writer is new.

The post and comment services decide here, inside their transaction, whether new content waits
for review. The queue it waits in is moderation's: moderation registers it from its
AppConfig.ready() (posts sits below moderation and does not import it). A hold opens a report
without a reporter, so held content waits in the moderators' queue like reported content.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.accounts.permissions import is_editor, is_moderator
from hiroba.community.selectors import get_community
from hiroba.posts.models import Comment, Post
from hiroba.posts.words import Screening


class HoldReason(models.TextChoices):
    """Why the system (not a member) put something in the queue."""

    WORD_RULE = "held_word_rule", gettext_lazy("Held by a word rule")
    NEW_MEMBER = "held_new_member", gettext_lazy("A new member's first posts")


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


@dataclass(frozen=True)
class ReviewQueue:
    """Where held content waits: ``open_hold(reason=, note=, post=|comment=)`` puts it in the
    queue (once per target), ``close_on_delete(actor=, post=|comment=)`` closes what the queue
    holds for content its writer deleted and returns how many entries it closed."""

    open_hold: Callable[..., object]
    close_on_delete: Callable[..., int]


_queue: ReviewQueue | None = None


def set_review_queue(queue: ReviewQueue) -> None:
    global _queue
    _queue = queue


def _review_queue() -> ReviewQueue:
    if _queue is None:
        # Holding content that no queue shows would hide it from everyone for good.
        raise ImproperlyConfigured("No review queue is registered (hiroba.moderation does it).")
    return _queue


def open_hold(*, reason: str, note: str, post: Post | None = None, comment: Comment | None = None):
    """The queue entry for held content (one open hold per target)."""
    return _review_queue().open_hold(reason=reason, note=note, post=post, comment=comment)


def close_on_delete(*, actor, post: Post | None = None, comment: Comment | None = None) -> int:
    """Its writer deleted the content: its open reports and hold leave the queue, as closed."""
    return _review_queue().close_on_delete(actor=actor, post=post, comment=comment)

"""The queue entries of held content. Posts decides what is held (hiroba.posts.holds); this is
the review queue it is held in, registered with posts from ready()."""

from django.utils import timezone

from hiroba.moderation.models import Report, Resolution
from hiroba.posts.holds import ReviewQueue, set_review_queue
from hiroba.posts.models import Comment, Post


def open_hold(*, reason: str, note: str, post: Post | None = None, comment=None) -> Report:
    """The queue entry for held content (one open hold per target)."""
    existing = Report.objects.filter(
        reporter__isnull=True, resolved_at__isnull=True, post=post, comment=comment
    ).first()
    if existing is not None:
        return existing
    return Report.objects.create(post=post, comment=comment, reason=reason, note=note[:1000])


def close_on_delete(*, actor, post: Post | None = None, comment: Comment | None = None) -> int:
    """Its writer deleted the content: its open reports and hold leave the queue, as closed."""
    target = {"post": post} if post is not None else {"comment": comment}
    return Report.objects.filter(resolved_at__isnull=True, **target).update(
        resolved_at=timezone.now(), resolved_by=actor, resolution=Resolution.DELETED
    )


def register_review_queue() -> None:
    set_review_queue(ReviewQueue(open_hold=open_hold, close_on_delete=close_on_delete))

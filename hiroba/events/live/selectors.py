"""What the live page and its stream read."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from hiroba.events.live.models import LiveComment, LiveCommentStatus
from hiroba.events.live.permissions import can_moderate_live
from hiroba.events.models import Event

# The page shows the latest comments; older ones are the event's record, not the chat.
PAGE_COMMENTS = 200
# At most this many comments are replayed to a viewer who reconnects.
CATCH_UP = 500


def list_live_comments(actor, event: Event, *, limit: int = PAGE_COMMENTS) -> list[LiveComment]:
    """The latest published comments, oldest first, plus the held ones its writer or a
    moderator may see (marked by their status)."""
    shown = Q(status=LiveCommentStatus.PUBLISHED)
    if can_moderate_live(actor):
        shown |= Q(status=LiveCommentStatus.HELD)
    elif actor is not None and actor.is_authenticated:
        shown |= Q(status=LiveCommentStatus.HELD, author_id=actor.pk)
    latest = (
        LiveComment.objects.filter(shown, event=event)
        .select_related("author")
        .order_by("-id")[:limit]
    )
    return list(reversed(latest))


def comments_after(event_id: int, after: int, *, limit: int = CATCH_UP) -> QuerySet[LiveComment]:
    """Published comments with an id past ``after``, in order (the stream's catch-up)."""
    return (
        LiveComment.objects.filter(
            event_id=event_id, status=LiveCommentStatus.PUBLISHED, id__gt=after
        )
        .select_related("author")
        .order_by("id")[:limit]
    )


def comment_message(comment: LiveComment) -> dict:
    """What viewers receive of a published comment (the page's script builds it as text)."""
    author = comment.author
    return {
        "type": "comment",
        "id": comment.pk,
        "author": author.display_name,
        "url": reverse("accounts:profile", args=[author.handle]) if author.handle else "",
        "body": comment.body,
        "at": comment.created_at.isoformat(),
        "time": date_format(localtime(comment.created_at), "TIME_FORMAT"),
    }


def hide_message(comment: LiveComment) -> dict:
    return {"type": "hide", "id": comment.pk}

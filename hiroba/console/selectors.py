"""Reads of one member's activity for the console's member page: the timeline, how many of each
thing they did, and their latest posts, answers, ideas and (named) survey answers. They join
the activity log with what the member wrote in posts, ideas and surveys, so they live here, above
all of those apps."""

from datetime import datetime

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from hiroba.activity.models import Activity, Verb
from hiroba.core.pagination import Page, keyset_page
from hiroba.ideas.models import Idea
from hiroba.posts.models import Comment, CommentStatus, Kind
from hiroba.posts.permissions import readable_posts, readable_posts_q
from hiroba.surveys.models import Response

TIMELINE_PAGE = 30
LATEST = 5
# An anonymous survey's response must not be placed in time next to a member (its Response row
# keeps only the day for that reason): such rows stay out of the member's timeline.
ANONYMOUS_SURVEY = Q(verb=Verb.SURVEY_RESPONSE, data__anonymous=True)


def member_timeline(member, *, cursor: str | None = None, size: int = TIMELINE_PAGE) -> Page:
    """A keyset page of the member's Activity rows, newest first (walks activity_actor_time)."""
    rows = (
        Activity.objects.filter(actor_id=member.pk)
        .exclude(ANONYMOUS_SURVEY)
        .only("verb", "subject_type", "subject_id", "data", "created_at")
    )
    return keyset_page(
        rows, order=("-created_at", "-id"), kinds=(datetime, int), cursor=cursor, size=size
    )


def activity_counts(member) -> dict[str, int]:
    """How many rows of each verb the member has, anonymous survey responses left out (whether
    a member took part in an anonymous survey is theirs to tell). One query over their rows."""
    rows = (
        Activity.objects.filter(actor_id=member.pk)
        .exclude(ANONYMOUS_SURVEY)
        .values_list("verb")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def latest_posts(member, *, viewer, kinds=(Kind.POST, Kind.QUESTION), limit: int = LATEST):
    """The member's latest posts the viewer may read (walks post_author_feed)."""
    return list(
        readable_posts(viewer)
        .filter(author_id=member.pk, kind__in=kinds)
        .select_related("space")
        .order_by("-published_at", "-id")[:limit]
    )


def latest_answers(member, *, viewer, limit: int = LATEST):
    """The member's latest answers: top-level comments on questions the viewer may read.

    "Top-level" is written as COALESCE(parent_id, 0) = 0 on purpose: as ``parent IS NULL``
    SQLite walks the parent index over every top-level comment of the community (1.3 s at
    mineo's size) instead of the member's own comments (author index, a few ms).
    """
    return list(
        Comment.objects.alias(parent_or_zero=Coalesce("parent_id", 0))
        .filter(
            readable_posts_q(viewer, "post__"),
            author_id=member.pk,
            parent_or_zero=0,
            deleted_at__isnull=True,
            status=CommentStatus.PUBLISHED,
            post__kind=Kind.QUESTION,
        )
        .select_related("post")
        .order_by("-created_at", "-id")[:limit]
    )


def latest_ideas(member, *, viewer, limit: int = LATEST):
    return list(
        Idea.objects.filter(readable_posts_q(viewer, "post__"), author_id=member.pk)
        .select_related("post")
        .order_by("-submitted_at", "-post_id")[:limit]
    )


def latest_survey_answers(member, *, limit: int = LATEST):
    """The member's responses to named surveys. Anonymous surveys' responses carry no member
    (hiroba/surveys), so they cannot appear here."""
    return list(
        Response.objects.filter(member_id=member.pk, survey__is_anonymous=False)
        .select_related("survey")
        .order_by("-submitted_at", "-id")[:limit]
    )

"""Ideas: votes, a public status workflow with history, the realization rate.

Comments on an idea are its post's comments: POST /posts/{id}/comments.
"""

from datetime import datetime, time
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from hiroba.accounts.permissions import require_writer
from hiroba.community.permissions import access_space, hidden_space_ids, require_reader
from hiroba.core.api.body import JsonBody, JsonOrMultipart
from hiroba.core.api.params import MAX_ID, check_slug
from hiroba.core.api.schemas import ERRORS
from hiroba.ideas import selectors, services
from hiroba.ideas.permissions import (
    access_idea,
    can_see_stats,
    is_idea_staff,
    require_idea_staff,
)
from hiroba.ideas.schemas import (
    DuplicateIn,
    IdeaDetailOut,
    IdeaForm,
    IdeaIn,
    IdeaListParams,
    IdeaOut,
    IdeaPageOut,
    IdeaStatsOut,
    StatsParams,
    StatusIn,
)

router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]

DEFINITIONS = {
    "submitted": "Ideas submitted in the period that are still shown (not deleted, hidden or "
    "held), not counting duplicates merged into another idea.",
    "reviewed": "Of those, the ideas whose status left 'new' at least once.",
    "planned": "Of those, the ideas that were planned or realized at some point.",
    "realized": "Of those, the ideas whose status is 'realized' now.",
    "realization_rate": "realized / submitted.",
    "first_staff_response": "The earlier of the first status change and the first comment by "
    "staff other than the idea's author; the median is over the ideas that had one.",
}


@router.get("", response={200: IdeaPageOut, **ERRORS}, summary="Ideas, by votes, newest or change")
def list_ideas(request: HttpRequest, params: Query[IdeaListParams]):
    actor = request.auth
    require_reader(actor)
    space = access_space(actor, check_slug(params.space)) if params.space else None
    page = selectors.list_ideas(
        actor,
        status=params.status,
        space=space,
        sort=params.sort,
        cursor=params.cursor,
        size=params.limit,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "",
    response={201: IdeaDetailOut, **ERRORS},
    summary="Propose an idea in a space that takes ideas (JSON, or multipart with photos)",
)
def submit_idea(request: HttpRequest, payload: JsonOrMultipart[IdeaIn, IdeaForm]):
    actor = request.auth
    require_writer(actor)
    space = access_space(actor, check_slug(payload.space))
    idea = services.submit_idea(
        actor=actor, space=space, title=payload.title, body=payload.body, photos=payload.photos
    )
    return Status(201, _detail(request, access_idea(actor, idea.pk)))


@router.get(
    "/stats",
    response={200: IdeaStatsOut, **ERRORS},
    summary="Realization rate, funnel and median time to a first staff response",
)
def idea_stats(request: HttpRequest, params: Query[StatsParams]):
    actor = request.auth
    require_reader(actor)
    if not can_see_stats(actor):
        raise Http404("No statistics")
    space = access_space(actor, check_slug(params.space)) if params.space else None
    since = _day_start(params.since)
    until = _day_start(params.until)
    stats = selectors.idea_stats(
        since=since,
        until=until,
        space_id=space.pk if space else None,
        exclude_space_ids=hidden_space_ids(actor),
    )
    stats.definitions = DEFINITIONS
    return stats


def _day_start(day) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


@router.get(
    "/{post_id}",
    response={200: IdeaDetailOut, **ERRORS},
    summary="An idea with its status history",
)
def get_idea(request: HttpRequest, post_id: Id):
    return _detail(request, access_idea(request.auth, post_id))


@router.post(
    "/{post_id}/vote", response={200: IdeaOut, **ERRORS}, summary="Vote for an idea (once)"
)
def vote(request: HttpRequest, post_id: Id):
    actor = request.auth
    require_writer(actor)
    services.vote_idea(actor=actor, idea=access_idea(actor, post_id))
    return access_idea(actor, post_id)


@router.delete("/{post_id}/vote", response={200: IdeaOut, **ERRORS}, summary="Withdraw your vote")
def unvote(request: HttpRequest, post_id: Id):
    actor = request.auth
    require_writer(actor)
    services.unvote_idea(actor=actor, idea=access_idea(actor, post_id))
    return access_idea(actor, post_id)


@router.post(
    "/{post_id}/follow",
    response={200: IdeaDetailOut, **ERRORS},
    summary="Follow an idea: hear of its status changes without voting",
)
def follow(request: HttpRequest, post_id: Id):
    actor = request.auth
    require_writer(actor)
    services.follow_idea(actor=actor, idea=access_idea(actor, post_id))
    return _detail(request, access_idea(actor, post_id))


@router.delete("/{post_id}/follow", response={200: IdeaDetailOut, **ERRORS}, summary="Unfollow")
def unfollow(request: HttpRequest, post_id: Id):
    actor = request.auth
    require_writer(actor)
    services.unfollow_idea(actor=actor, idea=access_idea(actor, post_id))
    return _detail(request, access_idea(actor, post_id))


@router.post(
    "/{post_id}/status",
    response={200: IdeaDetailOut, **ERRORS},
    summary="Change the status with a note members see (staff)",
)
def change_status(request: HttpRequest, post_id: Id, payload: JsonBody[StatusIn]):
    actor = request.auth
    require_idea_staff(actor)
    idea = access_idea(actor, post_id)
    revisit_at = payload.revisit_at
    if revisit_at is not None and timezone.is_naive(revisit_at):
        revisit_at = timezone.make_aware(revisit_at)
    services.change_idea_status(
        actor=actor, idea=idea, status=payload.status, note=payload.note, revisit_at=revisit_at
    )
    return _detail(request, access_idea(actor, post_id))


@router.post(
    "/{post_id}/duplicate",
    response={200: IdeaDetailOut, **ERRORS},
    summary="Merge a duplicate into its original, votes and followers included (staff)",
)
def mark_duplicate(request: HttpRequest, post_id: Id, payload: JsonBody[DuplicateIn]):
    actor = request.auth
    require_idea_staff(actor)
    idea = access_idea(actor, post_id)
    try:
        original = access_idea(actor, payload.original)
    except Http404:
        raise ValidationError(
            {"original": _("No idea has this number.")}, code="no_such_idea"
        ) from None
    services.mark_duplicate(actor=actor, idea=idea, original=original, note=payload.note)
    return _detail(request, access_idea(actor, post_id))


def _detail(request, idea):
    actor = request.auth
    page = selectors.get_idea_page(actor, idea, with_thread=False)
    idea.status_history = page.history
    idea.voted = page.voted
    idea.following = page.following
    idea.can_change_status = is_idea_staff(actor)
    return idea

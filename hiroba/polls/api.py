"""Polls attached to posts and articles: one vote per member, exact under concurrency.

A poll's id is its post's id. Polls are made with their post: POST /posts with a "poll" object.
"""

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Router

from hiroba.accounts.permissions import require_writer
from hiroba.core.api.body import JsonBody
from hiroba.core.api.params import MAX_ID
from hiroba.core.api.schemas import ERRORS
from hiroba.polls import selectors, services
from hiroba.polls.permissions import access_poll
from hiroba.polls.schemas import ClosingIn, PollOut, VoteIn, poll_out

router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def _out(request, poll):
    view = selectors.get_poll_view(request.auth, poll.post)
    if view is None:
        raise Http404("No such poll")
    return poll_out(request, view)


@router.get(
    "/{poll_id}",
    response={200: PollOut, **ERRORS},
    summary="A poll; the counts per answer only when the caller may see the results",
)
def get_poll(request: HttpRequest, poll_id: Id):
    return _out(request, access_poll(request.auth, poll_id))


@router.post(
    "/{poll_id}/votes",
    response={200: PollOut, **ERRORS},
    summary="Vote, or change one's vote (the answers given replace the earlier ones)",
)
def vote(request: HttpRequest, poll_id: Id, payload: JsonBody[VoteIn]):
    actor = request.auth
    require_writer(actor)
    poll = access_poll(actor, poll_id)
    services.cast_vote(actor=actor, poll=poll, choice_ids=payload.choices)
    return _out(request, poll)


@router.delete(
    "/{poll_id}/votes",
    response={200: PollOut, **ERRORS},
    summary="Withdraw one's vote while the poll is open",
)
def withdraw(request: HttpRequest, poll_id: Id):
    actor = request.auth
    require_writer(actor)
    poll = access_poll(actor, poll_id)
    services.withdraw_vote(actor=actor, poll=poll)
    return _out(request, poll)


@router.patch(
    "/{poll_id}",
    response={200: PollOut, **ERRORS},
    summary="Move an open poll's close time (its writer; the only change once members voted)",
)
def change_closing(request: HttpRequest, poll_id: Id, payload: JsonBody[ClosingIn]):
    actor = request.auth
    require_writer(actor)
    poll = access_poll(actor, poll_id)
    poll = services.set_closing(actor=actor, poll=poll, closes_at=payload.closes_at)
    return _out(request, poll)


@router.post(
    "/{poll_id}/close",
    response={200: PollOut, **ERRORS},
    summary="Close a poll now (its writer): no more votes, results shown to everyone",
)
def close(request: HttpRequest, poll_id: Id):
    actor = request.auth
    require_writer(actor)
    poll = access_poll(actor, poll_id)
    poll = services.close_poll(actor=actor, poll=poll)
    return _out(request, poll)

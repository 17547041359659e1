"""What the polls API reads and writes."""

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import AwareDatetime, StrictBool, StrictInt, StrictStr

from hiroba.core.api.params import MAX_ID
from hiroba.polls.models import MAX_CHOICES
from hiroba.polls.selectors import PollView
from hiroba.polls.services import PollSpec, clean_poll

ChoiceId = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


class PollIn(Schema):
    """A poll to make with a post (POST /posts, "poll") or an article."""

    question: StrictStr = Field("", description="Empty: the post's title is the question")
    choices: list[StrictStr] = Field(
        max_length=50, description=f"2 to {MAX_CHOICES} answers, in the order shown"
    )
    multiple: StrictBool = Field(False, description="Members may pick several answers")
    max_choices: StrictInt | None = Field(
        None, ge=1, le=MAX_CHOICES, description="With multiple: at most this many picks"
    )
    closes_at: AwareDatetime | None = Field(None, description="Empty: the poll stays open")
    results: Literal["after_vote", "after_close"] = Field(
        "after_vote",
        description="When members see the counts: after their vote, or only after closing",
    )

    def spec(self) -> PollSpec:
        return clean_poll(
            question=self.question,
            choices=self.choices,
            allows_multiple=self.multiple,
            max_choices=self.max_choices,
            closes_at=self.closes_at,
            results=self.results,
        )


class VoteIn(Schema):
    choices: list[ChoiceId] = Field(
        max_length=MAX_CHOICES,
        description="The ids of the answers picked; they replace any earlier vote",
    )


class ClosingIn(Schema):
    closes_at: AwareDatetime | None = Field(description="A time ahead, or null: no closing time")


class PollChoiceOut(Schema):
    id: int
    position: int
    text: str
    vote_count: int | None = Field(description="Null while the caller may not see the results")
    percent: int | None = Field(description="Share of voters, null while results are hidden")
    chosen: bool = Field(description="Whether the caller picked this answer")


class PollOut(Schema):
    id: int = Field(description="The poll's id: the id of its post")
    question: str
    multiple: bool
    max_choices: int = Field(description="How many answers one member may pick")
    closes_at: datetime | None
    is_closed: bool
    results: Literal["after_vote", "after_close"]
    results_visible: bool = Field(description="Whether the counts below are shown to the caller")
    voter_count: int
    vote_count: int = Field(description="Picks: more than voters in a multiple-choice poll")
    choices: list[PollChoiceOut]
    my_choices: list[int]
    can_vote: bool
    url: str = Field(description="The page of the post with the poll")


def poll_out(request, view: PollView) -> dict:
    poll = view.poll
    shown = view.show_results
    return {
        "id": poll.pk,
        "question": poll.text,
        "multiple": poll.allows_multiple,
        "max_choices": poll.limit,
        "closes_at": poll.closes_at,
        "is_closed": view.closed,
        "results": poll.results,
        "results_visible": shown,
        "voter_count": poll.voter_count,
        "vote_count": poll.vote_count,
        "choices": [
            {
                "id": c.pk,
                "position": c.position,
                "text": c.text,
                "vote_count": c.vote_count if shown else None,
                "percent": c.percent if shown else None,
                "chosen": c.mine,
            }
            for c in view.choices
        ],
        "my_choices": sorted(view.mine),
        "can_vote": view.can_vote,
        "url": request.build_absolute_uri(reverse("posts:detail", args=[poll.pk])),
    }

"""Reading a poll for one reader: its answers, the reader's picks, and what they may see.

A post page asks for its poll with one query (the answers joined with their poll: no answers,
no poll) and one more for the reader's own picks when there is a poll and a member reads it.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from hiroba.accounts.permissions import is_member
from hiroba.core.prepared import model_rows
from hiroba.polls.models import Poll, PollChoice, PollVote, Results
from hiroba.polls.permissions import can_manage_poll, can_see_results, can_vote
from hiroba.posts.models import Post


@dataclass
class PollView:
    poll: Poll
    choices: list[PollChoice]
    mine: set[int] = field(default_factory=set)
    closed: bool = False
    show_results: bool = False
    # Results shown to the writer or staff before members may see them.
    early_results: bool = False
    can_vote: bool = False
    can_manage: bool = False

    @property
    def voted(self) -> bool:
        return bool(self.mine)

    @property
    def hides_results_until_close(self) -> bool:
        return self.poll.results == Results.AFTER_CLOSE


def poll_choices(post_id: int) -> list[PollChoice]:
    """A poll's answers in order, each with its poll loaded; empty if the post has no poll."""
    # Every post page asks it: one statement per process, with the post's id put in.
    return model_rows(
        "poll choices",
        lambda post: (
            PollChoice.objects.filter(poll_id=post)
            .select_related("poll")
            .order_by("position", "id")
        ),
        post=post_id,
    )


def my_choice_ids(actor, poll: Poll) -> set[int]:
    if not is_member(actor):
        return set()
    return set(PollVote.objects.filter(poll=poll, member=actor).values_list("choice_id", flat=True))


def get_poll_view(actor, post: Post, *, choices: list[PollChoice] | None = None) -> PollView | None:
    """The poll of ``post`` as ``actor`` sees it, or None if the post has none.

    The caller has already checked that ``actor`` may read ``post``.
    """
    choices = poll_choices(post.pk) if choices is None else choices
    if not choices:
        return None
    poll = choices[0].poll
    poll.post = post
    for choice in choices:
        choice.poll = poll
    now = timezone.now()
    mine = my_choice_ids(actor, poll)
    show = can_see_results(actor, poll, voted=bool(mine), now=now)
    closed = poll.is_closed(now)
    members_see = closed or (bool(mine) and poll.results == Results.AFTER_VOTE)
    for choice in choices:
        choice.mine = choice.pk in mine
        choice.percent = (
            round(100 * choice.vote_count / poll.voter_count) if poll.voter_count else 0
        )
    return PollView(
        poll=poll,
        choices=choices,
        mine=mine,
        closed=closed,
        show_results=show,
        early_results=show and not members_see,
        can_vote=can_vote(actor, poll, now=now),
        can_manage=can_manage_poll(actor, post),
    )

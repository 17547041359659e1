"""Polls of the demo: a member's poll in the recipes space, an editorial poll on an article whose
results wait for the close, and one poll that closed last week. Made and voted in through the
services, then moved into the past like the rest of the demo.

The seeder calls ``seed_polls(seeder, demo)`` inside its transaction, after the articles and posts
(it needs the members, the spaces and the editorial account).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from hiroba.activity.models import Verb
from hiroba.demo import people
from hiroba.polls.models import Poll, PollVote, Results
from hiroba.polls.services import (
    cast_vote,
    clean_poll,
    create_article_with_poll,
    publish_post_with_poll,
)
from hiroba.posts.models import Post


@dataclass
class PollSpec:
    title: str
    body: str
    choices: list[str]
    weights: list[int]  # how popular each answer is among the voters
    days: float  # posted this many days ago
    space: str | None = None  # None: an article by the editorial account
    writer: str = people.HANAKO.handle
    multiple: bool = False
    max_choices: int | None = None
    results: str = Results.AFTER_VOTE
    closes_in_days: float | None = None  # from now; negative: closed that many days ago
    turnout: float = 0.5  # share of the members who vote


POLLS = [
    PollSpec(
        space="recipes",
        title="好きなトマト料理は?",
        body="夏はやっぱりトマト!みなさんのいちばん好きなトマト料理を教えてください。"
        "コメントでレシピも教えてもらえたらうれしいです🍅",
        choices=["トマトのカプレーゼ", "ミネストローネ", "トマトすき焼き", "冷やしトマト", "ガスパチョ"],
        weights=[5, 4, 2, 6, 1],
        days=9,
        closes_in_days=5,
        turnout=0.55,
    ),
    PollSpec(
        title="新しいドレッシングの名前、どれがいい?",
        body="秋に発売予定のゆず×トマトのドレッシング。名前の候補を三つに絞りました。"
        "いいなと思うものを **2つまで** 選んでください。結果は締め切り後に発表します!",
        choices=["ゆずトマ", "まるごとゆずトマト", "朝どれゆずトマト"],
        weights=[3, 4, 2],
        days=4,
        multiple=True,
        max_choices=2,
        results=Results.AFTER_CLOSE,
        closes_in_days=3,
        turnout=0.4,
    ),
    PollSpec(
        space="lounge",
        writer=people.KEN.handle,
        title="Which day works best for the online cooking class?",
        body="Planning an English-friendly online class with the kitchen team. Which day suits you?",
        choices=["Saturday morning", "Sunday afternoon", "Weekday evening"],
        weights=[3, 5, 2],
        days=14,
        closes_in_days=-6,
        turnout=0.3,
    ),
]  # fmt: skip


def seed_polls(seeder, demo) -> list[Poll]:
    """Make the demo polls and their votes, and stamp the times they happened."""
    named = {
        m.handle: m for m in demo.members if m.email in {p.email for p in people.NAMED_MEMBERS}
    }
    made = []
    for spec in POLLS:
        posted = seeder.at_daytime(seeder.now - timedelta(days=spec.days), after=seeder.start)
        poll = _make(seeder, demo, spec, named.get(spec.writer), posted)
        _votes(seeder, demo, spec, poll, posted)
        closes_at = None
        if spec.closes_in_days is not None:
            closes_at = seeder.now + timedelta(days=spec.closes_in_days)
        Poll.objects.filter(pk=poll.pk).update(
            closes_at=closes_at, created_at=posted, changed_at=posted
        )
        made.append(poll)
    return made


def _make(seeder, demo, spec: PollSpec, writer, posted) -> Poll:
    # Made open (a close time must lie ahead when a poll is made); the real close time is set
    # once the votes are in, like every other time of the demo.
    rules = clean_poll(
        choices=spec.choices,
        allows_multiple=spec.multiple,
        max_choices=spec.max_choices,
        # Any time ahead will do here (results after the close need one).
        closes_at=timezone.now() + timedelta(days=365) if spec.closes_in_days is not None else None,
        results=spec.results,
    )
    if spec.space is None:
        post = create_article_with_poll(
            actor=demo.editor,
            as_account=demo.official,
            title=spec.title,
            body=spec.body,
            publish="now",
            poll=rules,
        )
        seeder.stamp(Verb.ARTICLE_PUBLISH, post, demo.editor, posted)
    else:
        writer = writer or demo.members[0]
        space = demo.spaces[spec.space]
        seeder.join_before(writer, space, posted)
        post = publish_post_with_poll(
            actor=writer, space=space, title=spec.title, body=spec.body, poll=rules
        )
        seeder.stamp(Verb.POST, post, writer, posted)
    seeder.row(Post, post.pk, posted)
    return Poll.objects.select_related("post").get(pk=post.pk)


def _votes(seeder, demo, spec: PollSpec, poll: Poll, posted) -> None:
    choices = list(poll.choices.all())
    end = (
        seeder.now
        if (spec.closes_in_days or 1) > 0
        else seeder.now + timedelta(days=spec.closes_in_days)
    )
    for member in demo.members:
        if member.pk == poll.post.created_by_id or seeder.rng.random() > spec.turnout:
            continue
        when = seeder.later(posted, mean_hours=30)
        if when is None or when >= end or when < seeder.joined[member.pk]:
            continue
        if poll.post.space_id is not None:
            seeder.join_before(member, poll.post.space, when)
        count = 1
        if spec.multiple:
            count = seeder.rng.choice([1, 2, 2]) if spec.max_choices != 1 else 1
        picked = set()
        while len(picked) < count:
            picked.add(seeder.rng.choices(choices, weights=spec.weights)[0].pk)
        cast_vote(actor=member, poll=poll, choice_ids=sorted(picked))
        seeder.stamp(Verb.POLL_VOTE, poll, member, when)
        PollVote.objects.filter(poll=poll, member=member).update(created_at=when)

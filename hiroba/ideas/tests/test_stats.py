"""The realization rate, the funnel and the response time equal their definitions.

Hypothesis writes random idea histories through the real services (statuses in any order,
staff and member comments, deleted ideas, duplicates, two spaces); a plain-Python oracle reads
the raw rows (posts, the status history, comments) and computes each figure from its written
definition; the selector must agree, for random periods, for all spaces and for each.
"""

import itertools
import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiroba.community.services import create_space
from hiroba.ideas import selectors
from hiroba.ideas.models import Idea, Status, StatusChange
from hiroba.ideas.services import change_idea_status, mark_duplicate, submit_idea
from hiroba.posts.models import Comment
from hiroba.posts.services import add_comment, delete_post

pytestmark = pytest.mark.django_db

_spaces = itertools.count()

STEPS = st.sampled_from(
    [Status.NEW, Status.UNDER_REVIEW, Status.PLANNED, Status.REALIZED, Status.DECLINED,
     "staff_comment", "member_comment"]
)  # fmt: skip
IDEA = st.fixed_dictionaries(
    {
        "space": st.integers(0, 1),
        "steps": st.lists(STEPS, max_size=5),
        "deleted": st.booleans(),
        "duplicate": st.booleans(),
    }
)


def play(plan, *, space, alice, bob, mod, original):
    idea = submit_idea(actor=alice, space=space, title="Idea", body="Body")
    current = Status.NEW
    for step in plan["steps"]:
        if step == "staff_comment":
            add_comment(actor=mod, post=idea.post, body="staff")
        elif step == "member_comment":
            add_comment(actor=bob, post=idea.post, body="member")
        elif step != current:
            change_idea_status(actor=mod, idea=idea, status=step, note=f"to {step}")
            current = step
    if plan["duplicate"] and original is not None:
        mark_duplicate(actor=mod, idea=idea, original=original, note="same")
    if plan["deleted"]:
        delete_post(actor=alice, post=idea.post)
    return idea


def oracle(*, since, until, space_ids=None):
    """Each figure from its definition, over the raw rows."""
    counted = []
    for idea in Idea.objects.select_related("post").order_by("pk"):
        post = idea.post
        changes = list(StatusChange.objects.filter(idea=idea).order_by("created_at", "id"))
        status = changes[-1].new_status if changes else Status.NEW
        if post.deleted_at is not None or post.status != "published":
            continue
        if status == Status.DUPLICATE:
            continue
        if since is not None and idea.submitted_at < since:
            continue
        if until is not None and idea.submitted_at >= until:
            continue
        if space_ids is not None and idea.space_id not in space_ids:
            continue
        staff_comments = [
            c.created_at
            for c in Comment.objects.filter(post=post).select_related("author")
            if c.author.is_staff and c.created_by_id != post.created_by_id
        ]
        responses = [changes[0].created_at] if changes else []
        responses += staff_comments
        counted.append(
            {
                "reviewed": any(c.old_status == Status.NEW != c.new_status for c in changes),
                "planned": any(c.new_status in (Status.PLANNED, Status.REALIZED) for c in changes),
                "realized": status == Status.REALIZED,
                "response": (min(responses) - idea.submitted_at).total_seconds()
                if responses
                else None,
            }
        )
    waits = [c["response"] for c in counted if c["response"] is not None]
    return {
        "submitted": len(counted),
        "reviewed": sum(c["reviewed"] for c in counted),
        "planned": sum(c["planned"] for c in counted),
        "realized": sum(c["realized"] for c in counted),
        "rate": sum(c["realized"] for c in counted) / len(counted) if counted else None,
        "responded": len(waits),
        "median": statistics.median(waits) if waits else None,
    }


def figures(stats):
    return {
        "submitted": stats.submitted,
        "reviewed": stats.reviewed,
        "planned": stats.planned,
        "realized": stats.realized,
        "rate": stats.realization_rate,
        "responded": stats.responded,
        "median": stats.median_response_seconds,
    }


def same(got, expected):
    assert got.keys() == expected.keys()
    for key in got:
        if isinstance(expected[key], float) and got[key] is not None:
            assert got[key] == pytest.approx(expected[key], abs=1e-6), key
        else:
            assert got[key] == expected[key], key


@settings(
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=st.lists(IDEA, min_size=1, max_size=6), data=st.data())
def test_figures_equal_their_definitions(settings, cm, alice, bob, mod, plans, data):
    settings.HIROBA_RATE_POST = settings.HIROBA_RATE_COMMENT = "100000/60"
    number = next(_spaces)
    spaces = [
        create_space(actor=cm, slug=f"ideas-{number}-{i}", name=f"S{i}", allows_ideas=True)
        for i in range(2)
    ]
    ideas, originals = [], []
    for plan in plans:
        original = originals[0] if originals and not plan["deleted"] else None
        idea = play(
            plan, space=spaces[plan["space"]], alice=alice, bob=bob, mod=mod, original=original
        )
        ideas.append(idea)
        if not plan["deleted"] and not (plan["duplicate"] and original is not None):
            originals.append(idea)
    times = sorted(Idea.objects.filter(pk__in=[i.pk for i in ideas]).values_list(
        "submitted_at", flat=True))  # fmt: skip
    bounds = st.one_of(st.none(), st.sampled_from(times))
    since, until = data.draw(bounds, "since"), data.draw(bounds, "until")

    same(figures(selectors.idea_stats(since=since, until=until)), oracle(since=since, until=until))
    by_space = selectors.idea_stats_by_space(since=since, until=until)
    for space in spaces:
        expected = oracle(since=since, until=until, space_ids={space.pk})
        got = by_space.get(space.pk)
        if got is None:
            assert expected["submitted"] == 0
        else:
            same(figures(got), expected)
        same(figures(selectors.idea_stats(since=since, until=until, space_id=space.pk)), expected)
    hidden = {spaces[0].pk}
    same(
        figures(selectors.idea_stats(since=since, until=until, exclude_space_ids=hidden)),
        oracle(
            since=since,
            until=until,
            space_ids=set(
                Idea.objects.exclude(space_id__in=hidden).values_list("space_id", flat=True)
            ),
        ),
    )


def test_the_rate_is_realized_over_submitted(alice, mod, ideas_space):
    ideas = [submit_idea(actor=alice, space=ideas_space, title=f"{i}", body="x") for i in range(8)]
    change_idea_status(actor=mod, idea=ideas[0], status=Status.REALIZED, note="done")
    change_idea_status(actor=mod, idea=ideas[1], status=Status.PLANNED, note="soon")
    change_idea_status(actor=mod, idea=ideas[2], status=Status.DECLINED, note="no")
    stats = selectors.idea_stats()
    assert (stats.submitted, stats.reviewed, stats.planned, stats.realized) == (8, 3, 2, 1)
    assert stats.realization_rate == 1 / 8
    assert stats.responded == 3 and stats.median_response_seconds is not None

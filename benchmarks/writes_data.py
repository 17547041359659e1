"""The database side of writes.py: pick the targets and members, check the rows, take them away.

Run by writes.py as a child with the server's environment, so that the sessions land in the store
the server reads, signed with its secret key. One step per run; the state goes in on stdin and
comes out on stdout, as JSON:

    prepare   picks the post (as pages.py does: the published post with about 200 comments), an
              idea (or makes one, in a space of its own, if the database has none) and --members
              ordinary members who have not liked the post nor voted for the idea, and makes a
              session for each; notes the highest row ids and the counters before the writes.
    settle    counts the rows the writes left and the counters, then takes the rows away again.
    finish    takes away what is left: the rows (again, if a run stopped halfway), the members'
              sessions and visits, their health scores as they were, the idea made by prepare.

The writes are taken back through the ORM in one transaction per target, under the lock the
services take first, each counter moved back with F() by the number of rows deleted.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F, Max, Q  # noqa: E402

from benchmarks.prepare import (  # noqa: E402
    COMMENTS_WANTED,
    describe_database,
    make_session,
    ordinary_members,
)
from hiroba.accounts.models import Member, Role  # noqa: E402
from hiroba.activity.models import Activity, MemberHealth, Verb  # noqa: E402
from hiroba.community.models import Space, Visibility  # noqa: E402
from hiroba.community.permissions import spaces_changed  # noqa: E402
from hiroba.community.services import create_space  # noqa: E402
from hiroba.core.pagecache import pages_changed  # noqa: E402
from hiroba.ideas.models import Idea, Vote  # noqa: E402
from hiroba.ideas.models import Status as IdeaStatus  # noqa: E402
from hiroba.ideas.services import submit_idea  # noqa: E402
from hiroba.notifications.models import Notification  # noqa: E402
from hiroba.posts.models import Comment, CommentStatus, Kind, Post, Reaction, Status  # noqa: E402

# The space and idea prepare makes when the database has no idea to vote for (generated
# databases have none); finish deletes both, and the next run deletes any a stopped run left.
BENCH_SPACE = "bench-writes"
WRITE_VERBS = (Verb.REACTION, Verb.COMMENT, Verb.IDEA_VOTE)
HEALTH_FIELDS = (
    "short_ln", "long_ln", "last_active_at", "since", "level", "previous_level", "level_since",
)  # fmt: skip


def visible_posts():
    return Post.objects.filter(
        status=Status.PUBLISHED, deleted_at__isnull=True, space__visibility=Visibility.PUBLIC
    )


def pick_post() -> Post:
    from django.db.models import Func

    post = (
        visible_posts()
        .filter(kind=Kind.POST, space__is_archived=False)
        .annotate(distance=Func(F("comment_count") - COMMENTS_WANTED, function="ABS"))
        .order_by("distance", "-id")
        .first()
    )
    if post is None:
        sys.exit("writes: the database has no published post in a public space: generate one")
    return post


def pick_idea() -> Idea | None:
    """The most voted idea anyone may read and vote for, outside the benchmark's own space."""
    readable = visible_posts().filter(kind=Kind.IDEA).exclude(space__slug=BENCH_SPACE)
    return (
        Idea.objects.filter(post__in=readable)
        .exclude(status=IdeaStatus.DUPLICATE)
        .order_by("-vote_count", "-pk")
        .first()
    )


def idea_submitter() -> Member:
    manager = (
        Member.objects.filter(role=Role.MANAGER, is_active=True, is_suspended=False)
        .order_by("id")
        .first()
    )
    if manager is None:
        sys.exit("writes: the database has no idea and no community manager to submit one")
    return manager


def make_idea(manager: Member) -> Idea:
    """An idea by a community manager in a public space of its own (removed by finish)."""
    space = create_space(
        actor=manager,
        slug=BENCH_SPACE,
        name="Writes benchmark (deleted after the run)",
        visibility=Visibility.PUBLIC,
        allows_ideas=True,
    )
    return submit_idea(
        actor=manager,
        space=space,
        title="Writes benchmark idea",
        body="Made by benchmarks/writes.py for 100 members to vote on; deleted after the run.",
    )


def remove_bench_space() -> bool:
    """Delete the benchmark's space, its posts and their activity; restore the authors' counts."""
    space = Space.objects.filter(slug=BENCH_SPACE).first()
    if space is None:
        return False
    with transaction.atomic():
        posts = Post.objects.filter(space=space)
        for author_id in posts.filter(status=Status.PUBLISHED, deleted_at__isnull=True).values_list(
            "author_id", flat=True
        ):
            Member.objects.filter(pk=author_id).update(post_count=F("post_count") - 1)
        idea_ids = list(posts.values_list("pk", flat=True))
        Activity.objects.filter(
            Q(space_id=space.pk) | Q(subject_type__in=("post", "idea"), subject_id__in=idea_ids)
        ).delete()
        posts.delete()
        space.delete()
        spaces_changed()
        pages_changed()
    return True


def pick_members(wanted: int, post: Post, idea: Idea) -> list[Member]:
    authors = {post.author_id, post.created_by_id, idea.author_id}
    liked = Reaction.objects.filter(post=post).values("member_id")
    voted = Vote.objects.filter(idea=idea).values("member_id")
    members = list(
        ordinary_members()
        .exclude(pk__in=authors)
        .exclude(pk__in=liked)
        .exclude(pk__in=voted)
        .order_by("id")[:wanted]
    )
    if len(members) < wanted:
        sys.exit(f"writes: only {len(members)} members may like the post and vote, not {wanted}")
    return members


def highest_id(model) -> int:
    return model.objects.aggregate(top=Max("id"))["top"] or 0


def counters(state: dict) -> dict:
    post = Post.objects.filter(pk=state["post"]).values("reaction_count", "comment_count").get()
    votes = Idea.objects.filter(pk=state["idea"]).values_list("vote_count", flat=True).get()
    return {"likes": post["reaction_count"], "comments": post["comment_count"], "votes": votes}


def health_of(member_ids: list[int]) -> dict:
    rows = MemberHealth.objects.filter(member_id__in=member_ids).values("member_id", *HEALTH_FIELDS)
    return {str(row.pop("member_id")): row for row in rows}


def checkpoint() -> None:
    """Fold the write-ahead log into the SQLite file now, or the server's first commits pay for
    it while the clock runs."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- Steps ----------------------------------------------------------------------------------


def prepare(state: dict) -> dict:
    remove_bench_space()  # a stopped run's
    post = pick_post()
    idea, made_by, health = pick_idea(), None, {}
    if idea is None:
        made_by = idea_submitter()
        health = health_of([made_by.pk])  # before the idea adds to it
        idea = make_idea(made_by)
    members = pick_members(state["members"], post, idea)
    health |= health_of([m.pk for m in members])
    result = {
        "database": describe_database(),
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "post": post.pk,
        "post_comments": post.comment_count,
        "idea": idea.pk,
        "idea_made": made_by is not None,
        "members": [{"id": m.pk, "session": make_session(m)} for m in members],
        # The members' health scores as they were: finish puts them back (none: no row).
        "watched": [m.pk for m in members] + ([made_by.pk] if made_by else []),
        # The ids above which the benchmark's rows will be: what settle counts and removes.
        "marks": {
            "reaction": highest_id(Reaction),
            "comment": highest_id(Comment),
            "vote": highest_id(Vote),
            "activity": highest_id(Activity),
        },
        "health": health,
    }
    result["counters"] = counters(result)
    checkpoint()
    return result


def new_rows(state: dict) -> dict:
    member_ids = [m["id"] for m in state["members"]]
    marks = state["marks"]
    return {
        "likes": Reaction.objects.filter(
            post_id=state["post"], member_id__in=member_ids, pk__gt=marks["reaction"]
        ),
        "comments": Comment.objects.filter(
            post_id=state["post"], created_by_id__in=member_ids, pk__gt=marks["comment"]
        ),
        "votes": Vote.objects.filter(
            idea_id=state["idea"], member_id__in=member_ids, pk__gt=marks["vote"]
        ),
    }


def check(state: dict, succeeded: dict) -> dict:
    """Per scenario: the rows by the members, who has none or more than one, the counter's move."""
    after = counters(state)
    rows = new_rows(state)
    who = {
        "likes": "member_id",
        "comments": "created_by_id",
        "votes": "member_id",
    }
    result = {}
    for scenario, queryset in rows.items():
        per_member = Counter(queryset.values_list(who[scenario], flat=True))
        ok = set(succeeded.get(scenario, []))
        result[scenario] = {
            "rows": sum(per_member.values()),
            # Answered 2xx/3xx but wrote nothing; wrote twice; wrote although it failed.
            "lost": sorted(ok - set(per_member)),
            "doubled": sorted(m for m, n in per_member.items() if n > 1),
            "unanswered_rows": sorted(set(per_member) - ok),
            "counter_before": state["counters"][scenario],
            "counter_after": after[scenario],
        }
    held = rows["comments"].exclude(status=CommentStatus.PUBLISHED).count()
    result["comments"]["held"] = held
    return result


def remove_rows(state: dict) -> dict:
    """Delete the benchmark's likes, comments and votes; move each counter back by as many."""
    rows = new_rows(state)
    with transaction.atomic():
        # The post's row first, as every like and comment takes it (lock_thread).
        Post.objects.select_for_update().filter(pk=state["post"]).values("pk").get()
        likes = rows["likes"].count()
        counted = (
            rows["comments"].filter(status=CommentStatus.PUBLISHED, deleted_at__isnull=True).count()
        )
        comment_ids = list(rows["comments"].values_list("pk", flat=True))
        rows["likes"].delete()
        # A consumer may have delivered the comments' notifications meanwhile.
        Notification.objects.filter(subject_type="comment", subject_id__in=comment_ids).delete()
        rows["comments"].delete()
        Post.objects.filter(pk=state["post"]).update(
            reaction_count=F("reaction_count") - likes, comment_count=F("comment_count") - counted
        )
    with transaction.atomic():
        Idea.objects.select_for_update().filter(pk=state["idea"]).values("pk").get()
        votes = rows["votes"].count()
        rows["votes"].delete()
        Idea.objects.filter(pk=state["idea"]).update(vote_count=F("vote_count") - votes)
    Activity.objects.filter(
        actor_id__in=[m["id"] for m in state["members"]],
        pk__gt=state["marks"]["activity"],
        verb__in=WRITE_VERBS,
    ).delete()
    restored = counters(state)
    checkpoint()
    return {"removed": {"likes": likes, "comments": len(comment_ids), "votes": votes}} | {
        "counters": restored
    }


def settle(state: dict) -> dict:
    found = check(state, state.get("succeeded", {}))
    return {"check": found} | remove_rows(state)


def finish(state: dict) -> dict:
    removed = remove_rows(state)
    member_ids = [m["id"] for m in state["members"]]
    # The visits the pages fetched for their CSRF tokens counted, and the members' health
    # scores as the benchmark found them (the writes and visits added to them).
    Activity.objects.filter(
        actor_id__in=member_ids, pk__gt=state["marks"]["activity"], verb=Verb.VISIT
    ).delete()
    cache.delete_many([f"visit:{member_id}" for member_id in member_ids])
    Session.objects.filter(session_key__in=[m["session"] for m in state["members"]]).delete()
    if state["idea_made"]:
        remove_bench_space()
    with transaction.atomic():
        for member_id in state["watched"]:
            before = state["health"].get(str(member_id))
            if before is None:
                MemberHealth.objects.filter(member_id=member_id).delete()
            else:
                fields = {name: before[name] for name in HEALTH_FIELDS}
                MemberHealth.objects.filter(member_id=member_id).update(**fields)
    return removed


STEPS = {"prepare": prepare, "settle": settle, "finish": finish}


def main() -> None:
    step = STEPS[sys.argv[1]]
    state = json.load(sys.stdin)
    json.dump(step(state), sys.stdout, cls=DjangoJSONEncoder)


if __name__ == "__main__":
    main()

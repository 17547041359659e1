"""``hiroba generate``: a believable community of a given size, written in bulk.

Stages run in one transaction: people (members, sign-ups, e-mail addresses), spaces and
memberships, posts day by day with their comments, likes, tags, photos and the weekly articles,
then visits. Ids are assigned here, so children name their parents without reading anything
back; counters are counted while the rows are made and are exact (``hiroba check_counters``).
"""

import random
import sys
import time
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from hiroba.community.models import Community
from hiroba.demo.scale import people, photos
from hiroba.demo.scale.articles import ArticleMaker
from hiroba.demo.scale.clock import Clock
from hiroba.demo.scale.posts import PostMaker
from hiroba.demo.scale.state import Size, Stage, State
from hiroba.demo.scale.text import Pools
from hiroba.demo.scale.visits import make_visits
from hiroba.demo.scale.writer import Writer

__all__ = ["Size", "generate"]

# For the generating connection only: the load is one transaction that is redone from scratch
# if it fails, so it needs no durability, and the journal only has to allow a rollback.
SQLITE_LOAD = {
    "journal_mode": "MEMORY",
    "synchronous": "OFF",
    "foreign_keys": "OFF",
    "cache_size": "-262144",
    "temp_store": "FILE",  # sorting for index builds spills to disk, not to memory
    "threads": "2",  # and may use a helper thread
}
SQLITE_AFTER = {
    "journal_mode": "WAL",
    "synchronous": "NORMAL",
    "foreign_keys": "ON",
    "cache_size": "-64000",
    "temp_store": "MEMORY",
    "threads": "0",
}


def generate(*, size: Size, seed: int, until: date, with_photos: bool = True, out=None) -> dict:
    out = out or sys.stdout
    started = time.monotonic()
    connection.ensure_connection()

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    writer = Writer(say=say)
    clock = Clock(until=until, months=size.months, time_suffix=writer.time_suffix)
    state = State(size=size, seed=seed, clock=clock, writer=writer)
    # A fixed salt: the same seed gives the same rows, password hashes included.
    password_hash = make_password(people.PASSWORD, salt=f"hiroba{seed}")
    pools = Pools(random.Random(seed))
    posts = PostMaker(state, pools)
    if with_photos:
        media_root = settings.MEDIA_ROOT
        photos.make_pool(media_root, seed)
        posts.write_photo = photos.linker(media_root)
    articles = ArticleMaker(state, posts)

    _pragmas(SQLITE_LOAD)
    try:
        with transaction.atomic():
            if writer.vendor == "postgresql":
                with writer.raw.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            writer.drop_indexes()
            with Stage("members", writer, out):
                people.make_people(state, password_hash=password_hash)
                people.make_spaces(state)
                state.flush()
            with Stage("memberships", writer, out):
                people.make_memberships(state)
                state.flush()
            with Stage("posts", writer, out):
                posts.run(articles)
            with Stage("visits", writer, out):
                make_visits(state)
            _counters(state)
            writer.recreate_indexes()
            writer.finish()
            Community.objects.update_or_create(
                pk=1,
                defaults={
                    "name": "ひろば",
                    "description": "メンバーどうしで教えあう、格安SIMと暮らしのコミュニティ。",
                },
            )
    finally:
        _pragmas(SQLITE_AFTER)
    _analyze(writer)
    seconds = time.monotonic() - started
    say(f"{'total':<12} {sum(writer.counts.values()):>12,} rows {seconds:>8.1f} s")
    return {"rows": dict(writer.counts), "seconds": seconds, "until": clock.end}


def _counters(state: State) -> None:
    writer = state.writer
    writer.set_counts(
        "accounts_member",
        "post_count",
        ((count, pk) for pk, count in enumerate(state.member_posts) if count),
    )
    writer.set_counts(
        "community_space", "post_count", ((n, pk) for pk, n in state.space_posts.items())
    )
    writer.set_counts(
        "community_space", "member_count", ((n, pk) for pk, n in state.space_members.items())
    )
    writer.insert(
        "posts_tag",
        [(pk, name, state.tag_posts[pk]) for name, pk in state.tag_ids.items()],
    )


def _pragmas(values: dict[str, str]) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"PRAGMA {name} = {value}")


def _analyze(writer: Writer) -> None:
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    writer.say(f"analyze: {time.monotonic() - started:.1f} s")

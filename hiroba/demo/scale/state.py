"""What every stage of the generator shares: the random generator, ids, row buffers, counters,
and who is likely to do what (cumulative weights over members, in order of joining).
"""

import random
import sys
import time
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from hiroba.demo.scale.clock import Clock
from hiroba.demo.scale.writer import TABLES, Writer

FLUSH_ROWS = 20_000  # rows buffered per table before an insert

# Member classes, and how strongly each posts, comments, reacts and visits.
DORMANT, READER, LIGHT, ACTIVE, CORE = range(5)
CLASS_SHARES = [(CORE, 0.005), (ACTIVE, 0.08), (LIGHT, 0.20), (READER, 0.25), (DORMANT, 0.465)]
POST_WEIGHT = {CORE: 40.0, ACTIVE: 1.0, LIGHT: 0.08, READER: 0.004, DORMANT: 0.0}
COMMENT_WEIGHT = {CORE: 25.0, ACTIVE: 2.0, LIGHT: 0.3, READER: 0.02, DORMANT: 0.0}
REACT_WEIGHT = {CORE: 12.0, ACTIVE: 3.0, LIGHT: 0.3, READER: 0.02, DORMANT: 0.0}
VISIT_WEIGHT = {CORE: 30.0, ACTIVE: 6.0, LIGHT: 1.0, READER: 0.15, DORMANT: 0.0}


@dataclass(frozen=True)
class Size:
    """How big a community to make; the rates are mineo's (100k posts a month for 800k members)."""

    members: int
    months: int
    posts_per_member_month: float = 0.125
    comments_per_post: float = 3.0
    reactions_per_post: float = 4.0
    reactions_per_comment: float = 0.5
    visit_rows_per_member_month: float = 1.1
    reads_per_article_per_member: float = 0.025

    @property
    def posts(self) -> int:
        return round(self.members * self.months * self.posts_per_member_month)


class State:
    def __init__(self, *, size: Size, seed: int, clock: Clock, writer: Writer, media_root=None):
        self.size, self.clock, self.writer = size, clock, writer
        self.rng = random.Random(seed)
        self.seed = seed
        self.media_root = media_root
        self.text = clock.text
        self.next_id = dict.fromkeys(TABLES, 1)
        self.rows: dict[str, list[tuple]] = {table: [] for table in TABLES}
        # Filled by the people stage: index i is member id i + 1, in order of joining.
        self.joined = array("q")
        self.english = bytearray()
        self.klass = bytearray()
        self.posters: Lottery
        self.commenters: Lottery
        self.reactors: Lottery
        self.visitors: Lottery
        self.invited: list[int] = []
        self.staff: dict[str, int] = {}
        self.spaces: list[tuple[int, str, str, float]] = []  # (id, slug, visibility, share)
        # Counters, written once at the end.
        self.member_posts = array("I")
        self.space_posts: dict[int, int] = {}
        self.space_members: dict[int, int] = {}
        self.tag_ids: dict[str, int] = {}
        self.tag_posts: dict[int, int] = {}
        self.last_post_by_day: list[int] = []

    # --- ids, rows ---------------------------------------------------------------------------
    def take_id(self, table: str) -> int:
        pk = self.next_id[table]
        self.next_id[table] = pk + 1
        return pk

    def activity(self, actor, verb, subject_type, subject_id, space_id, data, when) -> None:
        pk = self.next_id["activity_activity"]
        self.next_id["activity_activity"] = pk + 1
        self.rows["activity_activity"].append(
            (pk, actor, verb, subject_type, subject_id, space_id, data, self.text(when))
        )

    # The buffers are emptied in place: stages keep references to them in hot loops.
    def maybe_flush(self) -> None:
        for table, rows in self.rows.items():
            if len(rows) >= FLUSH_ROWS:
                self.writer.insert(table, rows)
                rows.clear()

    def flush(self) -> None:
        for table in TABLES:  # parents first
            self.writer.insert(table, self.rows[table])
            self.rows[table].clear()

    # --- who -----------------------------------------------------------------------------------
    def members_by(self, when: int) -> int:
        """How many members had joined by ``when``."""
        return bisect_right(self.joined, when)

    def pick(self, lottery: "Lottery", n: int) -> int | None:
        """A member id among the first ``n`` to join, in proportion to their weight."""
        tickets = lottery.ends[n - 1] if n > 0 else 0
        return lottery.ids[int(self.rng.random() * tickets)] if tickets else None


class Lottery:
    """Weighted choice among the first n members to join, in O(1).

    Each member holds about ``weight x scale`` tickets (rounded at random, so small weights keep
    their expected share), laid out in order of joining: the first n members own the first
    ``ends[n - 1]`` tickets, and a uniform draw among those is a weighted draw among them.
    """

    def __init__(self, rng: random.Random, weights: list[float], tickets: int):
        total = sum(weights)
        scale = tickets / total if total else 0.0
        self.ids, self.ends = array("i"), array("q")
        ids, ends, rand = self.ids, self.ends, rng.random
        for index, weight in enumerate(weights):
            share = weight * scale
            count = int(share)
            if rand() < share - count:
                count += 1
            if count:
                ids.extend(array("i", [index + 1]) * count)
            ends.append(len(ids))


class Stage:
    """Prints one line per stage: rows written and rows per second."""

    def __init__(self, name: str, writer: Writer, out=None):
        self.name, self.writer, self.out = name, writer, out or sys.stdout

    def __enter__(self):
        self.started = time.monotonic()
        self.before = sum(self.writer.counts.values())
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            seconds = time.monotonic() - self.started
            rows = sum(self.writer.counts.values()) - self.before
            rate = rows / seconds if seconds > 0 else 0
            self.out.write(
                f"{self.name:<12} {rows:>12,} rows {seconds:>8.1f} s {rate:>12,.0f} rows/s\n"
            )
            self.out.flush()
        return False

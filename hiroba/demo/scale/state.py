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

FLUSH_ROWS = 20_000

# Member classes, and how strongly each posts, comments, reacts and visits.
DORMANT, READER, LIGHT, ACTIVE, CORE = range(5)
CLASS_SHARES = [(CORE, 0.005), (ACTIVE, 0.08), (LIGHT, 0.20), (READER, 0.25), (DORMANT, 0.465)]
POST_WEIGHT = {CORE: 40.0, ACTIVE: 1.0, LIGHT: 0.08, READER: 0.004, DORMANT: 0.0}
COMMENT_WEIGHT = {CORE: 25.0, ACTIVE: 2.0, LIGHT: 0.3, READER: 0.02, DORMANT: 0.0}
REACT_WEIGHT = {CORE: 12.0, ACTIVE: 3.0, LIGHT: 0.8, READER: 0.15, DORMANT: 0.0}
VISIT_WEIGHT = {CORE: 30.0, ACTIVE: 6.0, LIGHT: 1.5, READER: 0.5, DORMANT: 0.0}


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
        self.cum_post: list[float] = []
        self.cum_comment: list[float] = []
        self.cum_react: list[float] = []
        self.cum_visit: list[float] = []
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

    def maybe_flush(self) -> None:
        for table, rows in self.rows.items():
            if len(rows) >= FLUSH_ROWS:
                self.writer.insert(table, rows)
                self.rows[table] = []

    def flush(self) -> None:
        for table in TABLES:  # parents first
            self.writer.insert(table, self.rows[table])
            self.rows[table] = []

    # --- who -----------------------------------------------------------------------------------
    def members_by(self, when: int) -> int:
        """How many members had joined by ``when``."""
        return bisect_right(self.joined, when)

    def pick(self, cum: list[float], n: int) -> int | None:
        """A member id among the first ``n`` to join, in proportion to their weight."""
        if n <= 0 or cum[n - 1] <= 0.0:
            return None
        return bisect_right(cum, self.rng.random() * cum[n - 1], 0, n) + 1


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

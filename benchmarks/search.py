"""Search latency on generated data at mineo scale, and the time to rebuild the index.

    HIROBA_DATA_DIR=/tmp/hiroba-scale-sqlite .venv/bin/python benchmarks/search.py --rebuild
    HIROBA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hiroba_scale \\
        .venv/bin/python benchmarks/search.py --rebuild

Runs the search selector in-process (what the page and the API call) as an ordinary member,
for rare, common, and 1–2 character queries, newest-20 and most relevant, and members. Each
query runs once to warm the caches, then ``--runs`` times; prints p50, p99 and max in
milliseconds with the number of matching posts. ``--rebuild`` first times ``hiroba reindex``
(refold every text, rebuild the index). Targets (issue 4): p99 ≤ 20 ms for newest-20 with 3+
characters, ≤ 1 s for 1–2 characters, rebuild of 1.2M posts ≤ 5 minutes.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HIROBA_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from hiroba.accounts.models import Member, Role  # noqa: E402
from hiroba.core.text import search_terms  # noqa: E402
from hiroba.posts.models import Post  # noqa: E402
from hiroba.posts.permissions import readable_posts  # noqa: E402
from hiroba.search import selectors  # noqa: E402

# As the web process does once it has loaded (config/wsgi.py): long-lived objects are frozen, so
# a full garbage collection does not pause a request for tens of milliseconds.
gc.collect()
gc.freeze()

# The generated community writes from fixed word lists (hiroba/demo/scale/words.py), so single
# words are common there; 大阪, ごま, 猫 and 存在しない言葉 never occur, which measures the
# "nothing matches" case (the slowest for a scan), and pairs of words match a few hundred posts.
QUERIES = {
    "3+ characters": ["ラタトゥイユ", "しまなみ海道", "トマト", "ありがとう", "iphone", "plan",
                      "存在しない言葉"],
    "several words": ["moto g64", "kyoto ramen", "トマト 京都", "iphone 速度"],
    "2 characters": ["京都", "沖縄", "大根", "大阪", "ごま"],
    "1 character": ["朝", "鮭", "猫"],
}  # fmt: skip


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(function, runs: int) -> list[float]:
    function()  # warm the page cache and the database's own caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
        if samples[-1] > 500 and len(samples) >= 3:
            break  # slow queries: a few runs say enough
    return samples


def matches(actor, query: str) -> int:
    posts = readable_posts(actor)
    for term in search_terms(query):
        posts = posts.filter(search_text__contains=term)
    return posts.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true", help="time `hiroba reindex` first")
    parser.add_argument("--no-counts", action="store_true", help="skip counting the matches")
    parser.add_argument(
        "--priority",
        type=int,
        help="nice value for this process and its PostgreSQL backend (e.g. -15, as root), to "
        "measure on a machine that is busy with other work",
    )
    args = parser.parse_args()
    if args.priority is not None:
        os.setpriority(os.PRIO_PROCESS, 0, args.priority)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                os.setpriority(os.PRIO_PROCESS, cursor.fetchone()[0], args.priority)

    posts = Post.objects.count()
    print(f"## Search on {connection.vendor}: {posts:,} posts, {Member.objects.count():,} members")
    if args.rebuild:
        started = time.perf_counter()
        call_command("reindex", stdout=sys.stderr)
        print(f"\nIndex rebuild (`hiroba reindex`): {time.perf_counter() - started:.1f} s\n")

    actor = (
        Member.objects.filter(role=Role.MEMBER, is_active=True, is_official=False)
        .order_by("pk")
        .first()
    )
    print("| class | query | order | matches | p50 ms | p99 ms | max ms | runs |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for label, queries in QUERIES.items():
        for query in queries:
            count = "" if args.no_counts else f"{matches(actor, query):,}"
            for order in ("newest", "relevant"):
                samples = timed(lambda q=query, o=order: selectors.search_posts(actor, q, order=o),
                                args.runs)  # fmt: skip
                print(
                    f"| {label} | {query} | {order} | {count} | {statistics.median(samples):.1f} | "
                    f"{percentile(samples, 0.99):.1f} | {max(samples):.1f} | {len(samples)} |"
                )
    for query in ("トマト好き", "tanaka", "田中", "ken"):
        samples = timed(lambda q=query: selectors.search_members(actor, q), args.runs)
        print(
            f"| members | {query} | newest | | {statistics.median(samples):.1f} | "
            f"{percentile(samples, 0.99):.1f} | {max(samples):.1f} | {len(samples)} |"
        )


if __name__ == "__main__":
    main()

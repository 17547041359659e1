"""Health score at scale: the rebuild from Activity, the nightly recompute for every member, and
the reads of the console (level counts, warming-up list, a member's history).

    cp /work/scale/sqlite/hiroba.sqlite3 /tmp/hiroba-health/      # a COPY: this writes to it
    HIROBA_DATA_DIR=/tmp/hiroba-health python benchmarks/health.py --migrate [--repeat 5]

Steps: apply missing migrations (``--migrate``), rebuild every member's sums from the Activity
table (unless ``--no-rebuild``), then run the recompute ``--repeat`` times in two shapes: with
every stored level to write (each row reset first, the reset not timed) and in the steady state
(levels already stored, as on most nights). Prints Markdown; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HIROBA_SECRET_KEY", "benchmarks-health-not-a-secret")
os.environ.setdefault("HIROBA_DEBUG", "false")
os.environ.setdefault("HIROBA_HTTPS", "false")


def timed(repeat: int, call, before=None) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls (``before`` runs untimed ahead of each)."""
    times, result = [], None
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--migrate", action="store_true", help="apply missing migrations first")
    parser.add_argument("--no-rebuild", action="store_true", help="keep the stored sums")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from hiroba.accounts.models import Member
    from hiroba.activity import health, selectors
    from hiroba.activity.health.batch import rebuild_health, recompute_health
    from hiroba.activity.models import Activity, Level, MemberHealth

    if args.migrate:
        call_command("migrate", interactive=False, verbosity=0)
    members = Member.objects.count()
    print(f"## Health score on {connection.vendor}: {members:,} members\n")
    print("Measured on a shared 2-core machine, under whatever load it had.\n")

    rows = ""
    if not args.no_rebuild:
        last = [time.perf_counter()]

        def say(line: str) -> None:
            if time.perf_counter() - last[0] > 30:  # progress now and then, on stderr
                print(line, file=sys.stderr)
                last[0] = time.perf_counter()

        rebuilt = rebuild_health(say=say)
        rows = (
            f"| rebuild from Activity ({rebuilt.activity_rows:,} Activity ids,"
            f" {rebuilt.members:,} members' rows) | {rebuilt.seconds:.1f} s | 1 run |\n"
        )
    now = timezone.now()

    def reset() -> None:
        MemberHealth.objects.update(level=Level.DORMANT, previous_level="", level_since=None)

    full, result = timed(args.repeat, lambda: recompute_health(now=now), before=reset)
    steady, _ = timed(args.repeat, lambda: recompute_health(now=now))
    counts_time, counts = timed(args.repeat, lambda: health.level_counts(now=now))
    warming_time, page = timed(args.repeat, lambda: health.warming_members(limit=50, now=now))
    # The member page of the member with the highest long-term score (the most rows to read).
    top = MemberHealth.objects.order_by("-long_ln").values_list("member_id", flat=True).first()
    member = Member.objects.select_related("health").get(pk=top)
    viewer = Member.objects.filter(role="manager").first()
    history_time, _ = timed(args.repeat, lambda: health.score_history(member, days=90, now=now))

    def member_page():
        selectors.member_timeline(member)
        selectors.activity_counts(member)
        selectors.latest_posts(member, viewer=viewer)
        selectors.latest_answers(member, viewer=viewer)
        selectors.latest_ideas(member, viewer=viewer)
        selectors.latest_survey_answers(member)

    page_time, _ = timed(args.repeat, member_page)

    print("| step | time | |")
    print("|---|---:|---|")
    print(rows, end="")
    print(f"| recompute, every level written ({result.changed:,} rows) | {full:.2f} s"
          f" | p50 of {args.repeat} |")  # fmt: skip
    print(f"| recompute, steady state (levels already stored) | {steady:.2f} s"
          f" | p50 of {args.repeat} |")  # fmt: skip
    print(f"| level counts now | {counts_time * 1000:.0f} ms | p50 of {args.repeat} |")
    print(f"| warming-up list, first 50 | {warming_time * 1000:.1f} ms | p50 of {args.repeat} |")
    activity = Activity.objects.filter(actor_id=member.pk).count()
    print(f"| score history, 90 days, of the top member ({activity:,} Activity rows)"
          f" | {history_time * 1000:.1f} ms | p50 of {args.repeat} |")  # fmt: skip
    print(f"| their page's other reads (timeline, counts, latest posts, answers, ideas,"
          f" surveys) | {page_time * 1000:.1f} ms | p50 of {args.repeat} |")  # fmt: skip

    config = health.current()
    print("\n| level | threshold (long-term score) | members | share |")
    print("|---|---:|---:|---:|")
    for level in health.LEVEL_ORDER:
        threshold = f"≥ {config.levels[level.value]:g}" if level != Level.DORMANT else "below low"
        n = counts[level.value]
        print(f"| {level.label} | {threshold} | {n:,} | {100 * n / members:.1f} % |")
    print(f"| warming up | short ≥ {config.warming_min:g}, rate ≥ {config.warming_ratio:g}×"
          f" long-term | {result.warming:,} | {100 * result.warming / members:.2f} % |")  # fmt: skip
    print(f"\nFirst page of the warming-up list: {len(page)} members.")

    # Where the thresholds sit in the distribution of the long-term score.
    scored = MemberHealth.objects.filter(long_ln__isnull=False).order_by("-long_ln")
    total = scored.count()
    print(f"\nLong-term score now, {total:,} members with any weighted activity:\n")
    print("| top | score ≥ |")
    print("|---:|---:|")
    for share in (0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75):
        rank = int(members * share)
        if rank < total:
            value = scored.values_list("long_ln", flat=True)[rank]
            score = health.maths.score_at(value, now, config.long_tau)
            print(f"| {share * 100:g} % of members ({rank:,}) | {score:.2f} |")


if __name__ == "__main__":
    main()

"""Where a page's time goes: its SQL queries (count, time, the slowest) and its total time.

    HIROBA_DATA_DIR=... python benchmarks/queries.py [--anonymous] [--explain] [--top 5]
        [--pages post] [--profile [tottime]]

Renders each benchmarked page in-process through Django's test client (the production settings
plus /bench/hello/, DEBUG off), logged in as the same sample member as pages.py, a few times,
and prints per page: the median time, the queries of the last rendering and the slowest ones
(with --explain, their EXPLAIN / EXPLAIN QUERY PLAN; with --profile, where the Python time
goes). Reads only; makes one session.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("HIROBA_SECRET_KEY", "benchmarks-queries-not-a-secret")
os.environ["HIROBA_DEBUG"] = "false"
os.environ["HIROBA_HTTPS"] = "false"
os.environ["HIROBA_ALLOWED_HOSTS"] = "127.0.0.1"


def many_params(sql: str) -> bool:
    return "%%" in sql


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--explain", action="store_true", help="query plans of the slowest")
    parser.add_argument("--top", type=int, default=3, help="slowest queries shown per page")
    parser.add_argument("--repeat", type=int, default=5, help="renderings per page")
    parser.add_argument("--member", help="handle of the member to log in as")
    parser.add_argument("--width", type=int, default=600, help="characters of SQL shown")
    parser.add_argument(
        "--pages", nargs="+", help="only these (hello home space post20 post question idea ...)"
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="cumulative",
        help="cProfile the renderings; sort by cumulative (default) or tottime",
    )
    args = parser.parse_args()

    command = [sys.executable, str(HERE / "prepare.py")]
    command += ["--no-session"] if args.anonymous else []
    command += ["--member", args.member] if args.member else []
    prepared = json.loads(
        subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True).stdout
    )

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    timed: list[tuple[float, str, tuple]] = []

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - start) * 1000, sql, tuple(params or ())))

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.8")
    if prepared["session_key"]:
        client.cookies[prepared["session_cookie_name"]] = prepared["session_key"]
    for page in prepared["pages"]:
        if args.pages and page["key"] not in args.pages:
            continue
        times = []
        profiler = cProfile.Profile() if args.profile else None
        client.get(page["path"])  # warm-up: the first request imports and compiles, once
        for _ in range(args.repeat):
            timed.clear()
            with connection.execute_wrapper(timer):
                if profiler:
                    profiler.enable()
                start = time.perf_counter()
                response = client.get(page["path"])
                times.append((time.perf_counter() - start) * 1000)
                if profiler:
                    profiler.disable()
        sql_ms = sum(t for t, _sql, _params in timed)
        print(
            f"\n## {page['name']} {page['path']}: {response.status_code}, "
            f"median {statistics.median(times):.1f} ms, {len(timed)} queries taking "
            f"{sql_ms:.1f} ms (last rendering), {len(response.content) / 1024:.0f} KB"
        )
        for ms, sql, params in sorted(timed, key=lambda q: -q[0])[: args.top]:
            shown = sql % tuple(repr(p) for p in params) if params and not many_params(sql) else sql
            print(f"- {ms:.2f} ms: {shown[: args.width]}")
            if args.explain and sql.lstrip().upper().startswith("SELECT"):
                prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
                with connection.cursor() as cursor:
                    cursor.execute(prefix + sql, params)
                    for row in cursor.fetchall():
                        print("    ", " ".join(str(c) for c in row))
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(args.profile)
            stats.print_stats(20)
            print("```\n" + out.getvalue().strip() + "\n```")


if __name__ == "__main__":
    main()

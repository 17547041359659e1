"""Where a page's time goes: its SQL queries (count, time, the slowest) and its total time.

    HIROBA_DATA_DIR=... python benchmarks/queries.py [--anonymous] [--explain] [--top 5]

Renders each benchmarked page in-process through Django's test client (the production settings
plus /bench/hello/, DEBUG off), logged in as the same sample member as pages.py, a few times,
and prints per page: the median time, the queries of the last rendering and the slowest ones
(with --explain, their EXPLAIN / EXPLAIN QUERY PLAN). Reads only; makes one session.
"""

import argparse
import json
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--explain", action="store_true", help="query plans of the slowest")
    parser.add_argument("--top", type=int, default=3, help="slowest queries shown per page")
    parser.add_argument("--repeat", type=int, default=5, help="renderings per page")
    parser.add_argument("--member", help="handle of the member to log in as")
    args = parser.parse_args()

    command = [sys.executable, str(HERE / "prepare.py")]
    command += ["--no-session"] if args.anonymous else []
    command += ["--member", args.member] if args.member else []
    prepared = json.loads(
        subprocess.run(command, capture_output=True, text=True, check=True).stdout
    )

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.8")
    if prepared["session_key"]:
        client.cookies[prepared["session_cookie_name"]] = prepared["session_key"]
    for page in prepared["pages"]:
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(page["path"])
                times.append((time.perf_counter() - start) * 1000)
        queries = captured.captured_queries
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"\n## {page['name']} {page['path']}: {response.status_code}, "
            f"median {statistics.median(times):.1f} ms, {len(queries)} queries, "
            f"{sql_ms:.1f} ms in SQL"
        )
        for q in sorted(queries, key=lambda q: -float(q["time"]))[: args.top]:
            print(f"- {float(q['time']) * 1000:.1f} ms: {q['sql'][:400]}")
            if args.explain and q["sql"].lstrip().upper().startswith("SELECT"):
                prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
                with connection.cursor() as cursor:
                    cursor.execute(prefix + q["sql"])
                    for row in cursor.fetchall():
                        print("    ", " ".join(str(c) for c in row))


if __name__ == "__main__":
    main()

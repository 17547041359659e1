"""Benchmark ``hiroba generate``: a fresh database, ``migrate``, then the generator at a size.

    python benchmarks/generate.py --members 800000 --months 12 \\
        --sqlite /tmp/hiroba-scale-sqlite \\
        --postgres postgres://postgres@127.0.0.1:5432/hiroba_scale

Each database is made fresh (the SQLite file is deleted; the PostgreSQL database is dropped and
created from template0 in UTF-8), migrated, and filled. Prints a Markdown table: rows per table,
wall time of the generator, its peak memory (getrusage of the child), and the database size.
The databases are kept for page benchmarks.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
TABLES = [
    "accounts_member", "account_emailaddress", "community_spacemembership", "posts_post",
    "posts_posttag", "posts_tag", "posts_photo", "posts_postrevision", "posts_comment",
    "posts_reaction", "activity_activity",
]  # fmt: skip
COUNT = f"""
import json
from django.db import connection
with connection.cursor() as cursor:
    counts = {{}}
    for table in {TABLES!r}:
        cursor.execute(f"SELECT COUNT(*) FROM {{table}}")
        counts[table] = cursor.fetchone()[0]
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    else:
        size = connection.settings_dict["NAME"].stat().st_size
    cursor.execute("SELECT COUNT(DISTINCT actor_id) FROM activity_activity WHERE created_at >= "
                   "(SELECT MAX(created_at) FROM activity_activity) - INTERVAL '30 days'"
                   if connection.vendor == "postgresql" else
                   "SELECT COUNT(DISTINCT actor_id) FROM activity_activity WHERE created_at >= "
                   "datetime((SELECT MAX(created_at) FROM activity_activity), '-30 days')")
    mau = cursor.fetchone()[0]
print(json.dumps({{"counts": counts, "bytes": size, "mau": mau}}))
"""


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def peak_children_kib() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def run(label: str, env: dict, args) -> dict:
    print(f"## {label}: migrate", flush=True)
    manage(env, "migrate", "--verbosity", "0")
    print(f"## {label}: generate --members {args.members} --months {args.months}", flush=True)
    command = ["generate", "--members", str(args.members), "--months", str(args.months)]
    command += ["--seed", str(args.seed)] + (["--until", args.until] if args.until else [])
    # The peak of RUSAGE_CHILDREN is a maximum over all children so far: run the generator in a
    # fresh helper process of its own, so that the figure is the generator's alone.
    started = time.monotonic()
    helper = subprocess.run(
        [sys.executable, __file__, "--measure-child", json.dumps(command)], env=env, check=True,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    peak_kib = int(helper.stdout.strip().splitlines()[-1])
    facts = json.loads(manage(env, "shell", "-c", COUNT, capture=True).strip().splitlines()[-1])
    return {"seconds": seconds, "peak_kib": peak_kib, **facts}


def measure_child(command: list[str]) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command], check=True, stdout=sys.stderr
    )
    print(peak_children_kib())


def fresh_postgres(url: str) -> None:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    base = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    base += ["-U", parts.username or "postgres"]
    subprocess.run(["dropdb", *base, "--if-exists", name], check=True)
    subprocess.run(
        ["createdb", *base, "-T", "template0", "-E", "UTF8", "--locale=C.UTF-8", name], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=800_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--until", help="YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--sqlite", help="data directory for a SQLite run")
    parser.add_argument("--postgres", help="database URL for a PostgreSQL run (dropped first)")
    parser.add_argument(
        "--pg-data-dir", default="/tmp/hiroba-scale-pg", help="media for PostgreSQL"
    )
    parser.add_argument("--measure-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_child:
        measure_child(json.loads(args.measure_child))
        return
    if not args.sqlite and not args.postgres:
        parser.error("give --sqlite DIR and/or --postgres URL")
    base_env = dict(os.environ)
    base_env.setdefault("HIROBA_SECRET_KEY", "benchmark-only-not-secret")
    base_env.pop("HIROBA_DATABASE_URL", None)
    results = {}
    if args.sqlite:
        data_dir = Path(args.sqlite)
        data_dir.mkdir(parents=True, exist_ok=True)
        for name in ("hiroba.sqlite3", "hiroba.sqlite3-wal", "hiroba.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
        env = base_env | {"HIROBA_DATA_DIR": str(data_dir)}
        results["SQLite"] = run("SQLite", env, args)
    if args.postgres:
        fresh_postgres(args.postgres)
        scratch = Path(args.pg_data_dir)  # media (photo links) and job files
        env = base_env | {"HIROBA_DATABASE_URL": args.postgres, "HIROBA_DATA_DIR": str(scratch)}
        results["PostgreSQL"] = run("PostgreSQL", env, args)
    print_table(args, results)


def print_table(args, results: dict) -> None:
    names = list(results)
    print(f"\n`hiroba generate --members {args.members} --months {args.months}`\n")
    print("| | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for table in TABLES:
        print(
            f"| {table} | " + " | ".join(f"{results[n]['counts'][table]:,}" for n in names) + " |"
        )
    rows = {n: sum(results[n]["counts"].values()) for n in names}
    print("| **rows, all tables above** | " + " | ".join(f"{rows[n]:,}" for n in names) + " |")
    print("| members active in the last 30 days | "
          + " | ".join(f"{results[n]['mau']:,}" for n in names) + " |")  # fmt: skip
    print("| wall time of generate | "
          + " | ".join(f"{results[n]['seconds']:.0f} s" for n in names) + " |")  # fmt: skip
    print("| peak memory (max RSS) | "
          + " | ".join(f"{results[n]['peak_kib'] / 1024:,.0f} MiB" for n in names) + " |")  # fmt: skip
    print("| database size | "
          + " | ".join(f"{results[n]['bytes'] / 2**30:.2f} GiB" for n in names) + " |")  # fmt: skip


if __name__ == "__main__":
    main()

"""Page benchmarks: serve Hiroba as production does and measure its main pages with wrk.

    python benchmarks/pages.py --workers 2 --connections 4 --duration 10 --runs 3

The database is the one the environment names, as for the server itself: HIROBA_DATA_DIR (SQLite
file <dir>/hiroba.sqlite3) or HIROBA_DATABASE_URL (PostgreSQL), plus HIROBA_REDIS_URL for Redis.
The server runs with DEBUG off, HIROBA_HTTPS=false, HIROBA_ALLOWED_HOSTS=127.0.0.1 and a secret key
(HIROBA_SECRET_KEY if set, else a random one), with the production URLs plus one bare view,
/bench/hello/, the floor the pages are compared with (benchmarks/settings.py, benchmarks/urls.py).

For each server, visitor (a logged-in sample member, anonymous) and connection count, each page
gets a warm-up run and then --runs runs of --duration seconds; every figure printed is the median
of the runs. With --rounds N every server is started N times and every page measured again each
time, the median taken over all the rounds' runs; with --interleave the servers take turns round
by round, so that a disturbance on a shared machine hits them alike. Logged in, the anonymous
hello is measured as well, right after the logged-in one: the verdicts compare each page with the
logged-in hello (the floor) and the floor with the anonymous hello, all from the same run.
The output is a Markdown table, ready for the README. See the README's "Benchmarks".
"""

import argparse
import datetime
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LUA = HERE / "report.lua"
# granian's WSGI default runs up to backlog / workers / 2 requests at once per worker, in threads
# (256 with 2 workers); "granian-1thread" runs one at a time per worker, as gunicorn's sync workers.
# "granian-asgi" is what `hiroba serve` runs: config.asgi (the live stream in front, Django's WSGI
# application behind it in a small thread pool, hiroba/core/asgi_bridge.py), same options.
SERVERS = ("granian", "granian-1thread", "granian-asgi", "gunicorn")
PAGE_KEYS = (
    "hello", "home", "space", "post20", "post", "question", "idea", "profile", "articles",
)  # fmt: skip

# What the issue ("Fast at mineo scale") asks for, logged in at 4 connections. Mostly shares, so
# that a verdict means the same on any machine: each page's req/s as a share of the logged-in
# hello (the floor) measured in the same run; the floor itself as a share of the anonymous hello,
# also measured in the same run; the 200-comment post in plain req/s; and on every page a tail no
# longer than P99_OVER_P50 times the median.
FLOOR_SHARE = 0.50
FLOOR_SHARE_PAGES = ("home", "space", "profile", "articles", "question", "idea", "post20")
RPS_TARGETS = {"post": 200}
FLOOR_SHARE_OF_ANONYMOUS = 0.85
P99_OVER_P50 = 3
TARGET_CONNECTIONS = 4
# A wrk connection stays on the worker that accepted it, and 4 connections fall 3:1 (or 4:0) on
# 2 workers in more than half of the runs: one worker is then short of work and the page looks
# up to a third slower for no reason of its own. A run whose idlest worker used less than this
# share of the busiest one's CPU is run again (--redraw), so that both sides of a comparison
# are measured with the load on every worker.
LOPSIDED = 2 / 3
# Anonymous pages: at least this share of the (anonymous) hello view's req/s.
ANONYMOUS_SHARE_OF_HELLO = 0.40
# Measured with the logged-in pages, right after the logged-in hello: the floor's own target.
ANONYMOUS_HELLO = {
    "name": "hello, anonymous",
    "key": "hello-anonymous",
    "path": "/bench/hello/",
    "anonymous": True,
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- Environment -----------------------------------------------------------------------------


def server_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "HIROBA_DEBUG": "false",
            "HIROBA_HTTPS": "false",
            "HIROBA_ALLOWED_HOSTS": "127.0.0.1",
            "HIROBA_SECRET_KEY": env.get("HIROBA_SECRET_KEY") or secrets.token_urlsafe(50),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        }
    )
    return env


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if shutil.which("apt-get") and os.geteuid() == 0:
        log("wrk is missing: installing the Debian package with apt-get")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-q"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
        wrk = shutil.which("wrk")
        if wrk:
            return wrk
    sys.exit(
        "wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk; on macOS: brew "
        "install wrk; elsewhere build it from https://github.com/wg/wrk"
    )


def machine() -> dict:
    model, cores = platform.processor() or platform.machine(), os.cpu_count()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": cores,
        "ram_gb": ram_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes), from /proc/stat."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except OSError:
        return 0.0
    user, nice, system, idle, iowait, irq, softirq, steal = values
    return (user + nice + system + irq + softirq + steal) / TICK


DATABASE_PROCESSES = ("postgres", "redis-server")


def process_cpu_seconds(pgid: int) -> tuple[float, float, dict[int, float]]:
    """CPU seconds used so far by the live processes of a process group (the server), and by the
    local database servers (PostgreSQL, Redis): these are not noise, they serve the pages. Also
    each server process's own, by pid: how the load fell between the workers."""
    server = database = 0
    processes: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            name = text[text.index("(") + 1 : text.rindex(")")]
            fields = text[text.rindex(")") + 1 :].split()
        except (OSError, ValueError):
            continue
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        if int(fields[2]) == pgid:  # pgrp
            server += ticks
            processes[int(stat.parent.name)] = ticks / TICK
        elif name.startswith(DATABASE_PROCESSES):
            database += ticks
    return server / TICK, database / TICK, processes


def busiest_workers(before: dict, after: dict, workers: int, wall: float) -> list[float]:
    """The cores each of the ``workers`` busiest server processes used, busiest first. Each
    wrk connection stays on the worker that accepted it, and four connections over two workers
    need not split two and two: a worker short of work makes a page look a third slower."""
    used = sorted((after[pid] - before.get(pid, 0.0) for pid in after), reverse=True)
    return [seconds / wall for seconds in used[:workers]]


def wait_until_quiet(minutes: float, threshold: float = 0.25) -> None:
    """Wait (up to ``minutes``) until the rest of the machine uses under ``threshold`` cores."""
    deadline = time.monotonic() + minutes * 60
    while True:
        start, busy = time.monotonic(), busy_cpu_seconds()
        time.sleep(5)
        cores = (busy_cpu_seconds() - busy) / (time.monotonic() - start)
        if cores < threshold:
            log(f"the machine is quiet ({cores:.2f} cores busy)")
            return
        if time.monotonic() > deadline:
            log(f"still {cores:.2f} cores busy after {minutes} minutes: measuring anyway")
            return
        log(f"{cores:.2f} cores busy with other work: waiting")
        time.sleep(25)


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def version_of(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "not installed"


# --- Server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(server: str, port: int, workers: int) -> list[str]:
    if server == "granian-asgi":
        from hiroba.core.management.commands.serve import web_command

        return web_command(sys.executable, "127.0.0.1", port, workers)
    if server.startswith("granian"):
        threads = ["--blocking-threads", "1"] if server == "granian-1thread" else []
        return [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), *threads, "--no-ws",
            "config.wsgi:application",
        ]  # fmt: skip
    if server == "gunicorn":
        # Sync workers: one request at a time per process, the classic Django deployment.
        return [
            sys.executable, "-m", "gunicorn", "--worker-class", "sync", "--bind",
            f"127.0.0.1:{port}", "--workers", str(workers), "config.wsgi:application",
        ]  # fmt: skip
    raise ValueError(server)


def get(port: int, path: str, cookie: str | None = None) -> tuple[int, bytes]:
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Language": "ja,en;q=0.8"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    def __init__(self, server: str, workers: int, env: dict[str, str], log_path: Path):
        self.name, self.workers, self.env = server, workers, env
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        command = server_command(self.name, self.port, self.workers)
        log(f"starting {self.name} ({self.workers} workers) on port {self.port}: {self.log_path}")
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{self.name} stopped at start; see {self.log_path}")
            try:
                if get(self.port, "/bench/hello/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        sys.exit(f"{self.name} did not answer within 60 s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()


# --- Load ------------------------------------------------------------------------------------


def run_wrk(
    wrk: str,
    server_pgid: int,
    port: int,
    path: str,
    cookie: str | None,
    connections: int,
    seconds: int,
    threads: int,
    workers: int,
) -> dict:
    command = [
        wrk, "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{seconds}s",
        "--latency", "--timeout", "10s", "-s", str(LUA), "-H", "Accept-Language: ja,en;q=0.8",
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    start, busy = time.monotonic(), busy_cpu_seconds()
    server_before, database_before, processes_before = process_cpu_seconds(server_pgid)
    wrk_before = children_cpu_seconds()
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - start
    server_after, database_after, processes_after = process_cpu_seconds(server_pgid)
    server_cpu, database_cpu = server_after - server_before, database_after - database_before
    wrk_cpu = children_cpu_seconds() - wrk_before
    # What the rest of the machine used meanwhile, in cores: the noise in these figures.
    others = busy_cpu_seconds() - busy - server_cpu - database_cpu - wrk_cpu
    other_cores = max(0.0, others) / wall
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            result["errors"] = sum(v for k, v in result.items() if k.startswith("errors_"))
            result["server_cores"] = server_cpu / wall
            busiest = busiest_workers(processes_before, processes_after, workers, wall)
            result["busiest_worker_cores"] = busiest[0] if busiest else 0.0
            result["idlest_worker_cores"] = busiest[-1] if busiest else 0.0
            result["database_cores"] = database_cpu / wall
            result["other_cores"] = other_cores
            return result
    raise RuntimeError(f"wrk printed no result:\n{out}")


def lopsided(run: dict, workers: int) -> bool:
    """Whether the run's connections fell so unevenly on the workers that one was short of
    work (LOPSIDED)."""
    busiest = run["busiest_worker_cores"]
    return workers > 1 and busiest > 0 and run["idlest_worker_cores"] < LOPSIDED * busiest


def measure(
    wrk: str,
    server: "Server",
    page: dict,
    cookie: str | None,
    connections: int,
    args: argparse.Namespace,
) -> list[dict]:
    """A warm-up run, then --runs runs of one page: their figures. A lopsided run is run again,
    up to --redraw times; each run says how many it replaced, and whether it is lopsided still."""
    load = (wrk, server.process.pid, server.port, page["path"], cookie, connections)
    if args.warmup:
        run_wrk(*load, args.warmup, args.threads, args.workers)
    runs = []
    for _ in range(args.runs):
        for redrawn in range(args.redraw + 1):
            run = run_wrk(*load, args.duration, args.threads, args.workers)
            run["redrawn"] = redrawn
            run["lopsided"] = lopsided(run, args.workers)
            if not run["lopsided"]:
                break
        runs.append(run)
    return runs


def median_of(runs: list[dict]) -> dict:
    keys = ("p50_us", "p90_us", "p95_us", "p99_us", "rps", "server_cores", "database_cores")
    keys += ("other_cores", "busiest_worker_cores", "idlest_worker_cores")
    result = {key: statistics.median(run[key] for run in runs) for key in keys}
    result["errors"] = sum(run["errors"] for run in runs)
    result["requests"] = sum(run["requests"] for run in runs)
    result["bytes_per_request"] = sum(run["bytes"] for run in runs) / max(result["requests"], 1)
    result["redrawn"] = sum(run.get("redrawn", 0) for run in runs)
    result["lopsided"] = sum(run.get("lopsided", False) for run in runs)
    result["runs"] = [
        {key: run.get(key) for key in (*keys, "errors", "redrawn", "lopsided")} for run in runs
    ]
    return result


def measured_pages(pages: list[dict], who: str) -> list[dict]:
    """The pages measured for ``who``: logged in, the anonymous hello too, right after the
    logged-in one (the floor's own target compares the two, in the same run)."""
    if who != "member":
        return pages
    after_hello = next(i + 1 for i, page in enumerate(pages) if page["key"] == "hello")
    return [*pages[:after_hello], dict(ANONYMOUS_HELLO), *pages[after_hello:]]


def check_pages(port: int, pages: list[dict], cookie: str | None, member: dict | None) -> None:
    """Every page must answer 200 (wrk would happily time redirects); the session must work."""
    for page in pages:
        status, body = get(port, page["path"], cookie)
        if status != 200:
            sys.exit(f"{page['path']} answered {status}, not 200: nothing to measure")
        page["bytes"] = len(body)
    if cookie:
        status, body = get(port, "/bench/hello/", cookie)
        if body.decode().strip() != f"hello {member['id']}":
            sys.exit(f"the session cookie does not log in (hello said {body!r})")


# --- Report ----------------------------------------------------------------------------------


def ms(us: float) -> str:
    return f"{us / 1000:.1f}"


def floor_share(group: dict) -> float | None:
    """The logged-in hello's req/s as a share of the anonymous hello's, in the same run."""
    rps = {r["key"]: r["figures"]["rps"] for r in group["results"]}
    if group["who"] != "member" or not rps.get("hello") or not rps.get("hello-anonymous"):
        return None
    return rps["hello"] / rps["hello-anonymous"]


def verdict(key: str, group: dict, figures: dict, hello: dict | None) -> str:
    if figures["errors"]:
        return "❌ errors: figures not valid (see the server log)"
    if group["connections"] != TARGET_CONNECTIONS:
        return ""
    if group["who"] != "member":
        if key == "hello" or hello is None:
            return ""
        share = figures["rps"] / hello["rps"]
        return "✅" if share >= ANONYMOUS_SHARE_OF_HELLO else f"❌ <{ANONYMOUS_SHARE_OF_HELLO:.0%}"
    misses = []
    share = floor_share(group)
    if key == "hello" and share is not None and share < FLOOR_SHARE_OF_ANONYMOUS:
        misses.append(f"floor <{FLOOR_SHARE_OF_ANONYMOUS:.0%} of anonymous")
    if key in FLOOR_SHARE_PAGES and hello and figures["rps"] < FLOOR_SHARE * hello["rps"]:
        misses.append(f"<{FLOOR_SHARE:.0%} of floor")
    if key in RPS_TARGETS and figures["rps"] < RPS_TARGETS[key]:
        misses.append(f"<{RPS_TARGETS[key]}/s")
    if figures["p99_us"] > P99_OVER_P50 * figures["p50_us"]:
        misses.append(f"p99>{P99_OVER_P50}×p50")
    answer = "✅" if not misses else "❌ " + ", ".join(misses)
    if figures.get("lopsided"):
        answer += f" ({figures['lopsided']} run(s) lopsided still)"
    return answer


def server_label(server: str, version: str) -> str:
    name = server.split("-")[0]
    return {
        "granian": f"granian {version} (WSGI, default threads)",
        "granian-1thread": f"granian {version} (WSGI, --blocking-threads 1)",
        "granian-asgi": f"granian {version} (ASGI, as `hiroba serve`)",
        "gunicorn": f"gunicorn {version} (sync workers)",
    }.get(server, f"{name} {version}")


def runs_taken(args: dict) -> str:
    runs = f"{args['rounds'] * args['runs']} runs of {args['duration']} s"
    if args["rounds"] == 1:
        return runs
    order = "the servers taking turns" if args["interleave"] else "one server after the other"
    return (
        f"{runs} ({args['rounds']} rounds of {args['runs']}, {order}, each round on a fresh server)"
    )


def redrawn_in(report: dict) -> int:
    return sum(r["figures"].get("redrawn", 0) for g in report["groups"] for r in g["results"])


def markdown(report: dict) -> str:
    m, db, a = report["machine"], report["database"], report["args"]
    lines = [
        f"Measured {report['date']} on {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM "
        f"({m['os']}, Python {m['python']}); load generator wrk on the same machine.",
        "",
        f"Database: {db['version']} ({db['where']}, {db['size_bytes'] / 1e9:.2f} GB; "
        f"{db['members']:,} members, {db['posts']:,} posts, {db['comments']:,} comments); "
        f"cache {db['cache']}, sessions {db['sessions']}"
        + (
            ", psycopg pool"
            if db["pool"]
            else (f", CONN_MAX_AGE {db['conn_max_age']}" if db["vendor"] != "sqlite" else "")
        )
        + ".",
        "",
        f"Each figure: the median of {runs_taken(a)}, each page after a {a['warmup']} s "
        f"warm-up; latencies in ms. Load average before/after: "
        f"{report['load_before']} / {report['load_after']}. CPU in cores during the runs: "
        f'"server" the web server (in brackets, its busiest and its idlest worker: each wrk '
        f"connection stays on one worker, and a worker short of work makes a page look slower), "
        f'"db" PostgreSQL and Redis, "other" the rest of the machine '
        f"(not wrk): above 0.1 or so, other work disturbed the figures. "
        f"A run whose idlest worker used less than {LOPSIDED:.0%} of the busiest one's CPU "
        f"was run again, up to {a.get('redraw', 0)} times: "
        f"{redrawn_in(report)} run(s) redrawn in all. "
        f"Commit {report['commit']}.",
        "",
    ]
    for group in report["groups"]:
        who = "logged in" if group["who"] == "member" else "anonymous"
        lines += [
            f"**{server_label(group['server'], group['server_version'])}, {a['workers']} workers, "
            f"{group['connections']} connections, {who}**",
            "",
            "| page | p50 | p95 | p99 | req/s | % of hello | KB | server CPU | db CPU | other CPU "
            "| target |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        hello = next((r for r in group["results"] if r["key"] == "hello"), None)
        for r in group["results"]:
            f = r["figures"]
            share = f"{f['rps'] / hello['figures']['rps']:.0%}" if hello else ""
            errors = f" ({f['errors']} errors)" if f["errors"] else ""
            target = verdict(r["key"], group, f, hello and hello["figures"])
            lines.append(
                f"| {r['name']} `{r['path']}` | {ms(f['p50_us'])} | {ms(f['p95_us'])} "
                f"| {ms(f['p99_us'])} | {f['rps']:.0f}{errors} | {share} "
                f"| {f['bytes_per_request'] / 1024:.0f} | {f['server_cores']:.2f} "
                f"({f.get('busiest_worker_cores', 0):.2f}, {f.get('idlest_worker_cores', 0):.2f}) "
                f"| {f.get('database_cores', 0):.2f} "
                f"| {f['other_cores']:.2f} | {target} |"
            )
        share = floor_share(group)
        if share is not None:
            met = "✅" if share >= FLOOR_SHARE_OF_ANONYMOUS else "❌"
            lines += [
                "",
                f"The logged-in floor: {share:.0%} of the anonymous hello's req/s "
                f"(target ≥ {FLOOR_SHARE_OF_ANONYMOUS:.0%}) {met}",
            ]
        lines.append("")
    return "\n".join(lines)


# --- Shared with writes.py -------------------------------------------------------------------


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark that starts the server takes."""
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument(
        "--server", nargs="+", choices=SERVERS, default=["granian-asgi"], help=", ".join(SERVERS)
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--migrate", action="store_true", help="apply missing migrations to the database first"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="MINUTES",
        help="first wait up to MINUTES for the machine to be idle (shared machines)",
    )


def set_up_database(env: dict, migrate: bool) -> None:
    """No measuring a database that lacks migrations (it would measure a missing index, not the
    code), then the production set-up steps: the manifest storage needs the static files with
    DEBUG off, the embedded cache its table (both no-ops when already done)."""
    manage = [sys.executable, "manage.py"]
    pending = subprocess.run(
        [*manage, "migrate", "--check", "--plan"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if pending.returncode:
        if not migrate:
            sys.exit("The database lacks migrations (--migrate applies them):\n" + pending.stdout)
        log("applying the missing migrations")
        subprocess.run(
            [*manage, "migrate", "-v1"], cwd=ROOT, env=env, check=True, stdout=sys.stderr
        )
    log("collectstatic and createcachetable")
    for command in (["collectstatic", "--noinput", "-v0"], ["createcachetable"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, stdout=sys.stderr)


# --- Main ------------------------------------------------------------------------------------


def main() -> None:
    # Stopped with SIGTERM: unwind, so that the server is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--connections", type=int, nargs="+", default=[4], help="e.g. --connections 1 4 16"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median taken)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument(
        "--redraw",
        type=int,
        default=3,
        help="run a run again, up to this many times, while its connections fall lopsided on "
        "the workers (one short of work); 0 keeps every run",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="start each server this many times and measure every page again (median taken)",
    )
    parser.add_argument(
        "--interleave",
        action="store_true",
        help="servers take turns, round by round (noise then hits them alike), instead of "
        "each server doing all its rounds in a row",
    )
    add_server_arguments(parser)
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--anonymous", action="store_true", help="anonymous visitors only")
    who.add_argument("--both", action="store_true", help="logged in, then anonymous")
    parser.add_argument(
        "--pages", nargs="+", choices=PAGE_KEYS, default=list(PAGE_KEYS), help="subset of pages"
    )
    parser.add_argument("--member", help="handle of the member to log in as")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    args = parser.parse_args()
    if "hello" not in args.pages:
        args.pages.insert(0, "hello")  # the floor the other pages are compared with

    wrk = ensure_wrk()
    env = server_environment()
    python = sys.executable
    set_up_database(env, args.migrate)
    prepare = [python, str(HERE / "prepare.py")]
    if args.anonymous:
        prepare.append("--no-session")
    if args.member:
        prepare += ["--member", args.member]
    # Its messages (a page the data has nothing for) go to stderr, as ours.
    prepared = json.loads(
        subprocess.run(
            prepare, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True
        ).stdout
    )
    pages = [p for p in prepared["pages"] if p["key"] in args.pages]
    cookie = (
        f"{prepared['session_cookie_name']}={prepared['session_key']}"
        if prepared["session_key"]
        else None
    )
    visitors = (
        ["anonymous"] if args.anonymous else (["member", "anonymous"] if args.both else ["member"])
    )
    db = prepared["database"]
    log(f"database: {db['version']} {db['where']}; member: {prepared['member']}")
    for page in pages:
        log(f"  {page['name']}: {page['path']}")

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", "hiroba", "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if commit and changed:
        commit += " (plus uncommitted changes to the application)"
    report = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "database": db,
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "commit": commit or "?",
        "load_before": load_average(),
        "groups": [],
    }
    if args.wait_quiet:
        wait_until_quiet(args.wait_quiet)
        report["load_before"] = load_average()
    logs = Path(os.environ.get("TMPDIR", "/tmp"))
    if args.interleave:
        schedule = [(s, n) for n in range(args.rounds) for s in args.server]
    else:
        schedule = [(s, n) for s in args.server for n in range(args.rounds)]
    # Every run of a (server, visitor, connections, page) across the rounds: one median of all.
    runs_of: dict[tuple, list[dict]] = {}
    for server, round_number in schedule:
        with Server(server, args.workers, env, logs / f"hiroba-bench-{server}.log") as running:
            for who in visitors:
                who_cookie = cookie if who == "member" else None
                measured = measured_pages(pages, who)
                check_pages(running.port, measured, who_cookie, prepared["member"])
                for connections in args.connections:
                    for page in measured:
                        page_cookie = None if page.get("anonymous") else who_cookie
                        runs = measure(wrk, running, page, page_cookie, connections, args)
                        figures = median_of(runs)
                        log(
                            f"round {round_number + 1}/{args.rounds} {server} {who} "
                            f"c={connections} {page['path']}"
                            + (" (anonymous)" if page.get("anonymous") else "")
                            + f": p50 {ms(figures['p50_us'])} p95 {ms(figures['p95_us'])} "
                            f"p99 {ms(figures['p99_us'])} ms, {figures['rps']:.0f} req/s"
                            + f" (cores: server {figures['server_cores']:.2f},"
                            f" db {figures['database_cores']:.2f},"
                            f" others {figures['other_cores']:.2f})"
                            + (f", {figures['errors']} errors" if figures["errors"] else "")
                        )
                        runs_of.setdefault((server, who, connections, page["key"]), []).extend(runs)
    for server in args.server:
        for who in visitors:
            for connections in args.connections:
                results = [
                    {**page, "figures": median_of(runs_of[(server, who, connections, page["key"])])}
                    for page in measured_pages(pages, who)
                ]
                report["groups"].append(
                    {
                        "server": server,
                        "server_version": version_of(server.split("-")[0]),
                        "who": who,
                        "connections": connections,
                        "results": results,
                    }
                )
    report["load_after"] = load_average()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(markdown(report))


if __name__ == "__main__":
    main()

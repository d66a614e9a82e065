"""Benchmark the ingestion of a Prozorro tenders feed beside its floor: parsing the same bytes with orjson alone.

A local server (a process of its own) serves a feed of N tenders in pages of 100, each tender the real sample tender
of ``$DREAM_SHARED_DIR/samples/prozorro`` with its ids, tender id and title changed. ``dream sync prozorro`` pulls it
into a fresh SQLite database (every page fetched, every tender fetched, kept as received, mapped to an OCDS release,
recorded with its audit event, the cursor moved with each page). Beside it, the floor: ``orjson.loads`` over the same
bytes, every feed page and every tender, in this process. The ratio is DREAM's time divided by the floor's.

The sync's time includes ``dream``'s start-up (printed below the table) and every HTTP request on loopback; the
floor includes neither. Both sides run on the same machine in the same run, so the ratio holds where absolute times
do not. Run ``.venv/bin/python bench/prozorro.py --help`` for the options; ``--tenders 2000`` is a quick run.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
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
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("DREAM_SHARED_DIR", REPOSITORY.parent / "shared"))
TEMPLATE = SHARED_DIR / "samples" / "prozorro" / "tender-aboveThreshold-complete.json"
HOST = "127.0.0.1"
PREFIX = "/api/2.5"
PAGE = 100
STARTUP_TIMEOUT_S = 30


# -- The feed: N tenders made from the sample, the same bytes for the server and for the floor ------------------


class Feed:
    """A feed of N tenders made from the sample tender, each built on demand from a template of bytes."""

    def __init__(self, tenders: int, template: Path = TEMPLATE) -> None:
        self.tenders = tenders
        answer = orjson.loads(template.read_bytes())
        tender = answer["data"]
        tender["id"] = "@@ID@@"
        tender["tenderID"] = "@@TENDERID@@"
        tender["title"] = "@@TITLE@@"
        tender["dateModified"] = "@@MODIFIED@@"
        self.template = orjson.dumps(answer)

    @staticmethod
    def prozorro_id(number: int) -> str:
        return f"{number:032x}"

    @staticmethod
    def modified(number: int) -> str:
        return f"2027-02-01T00:{number // 3600 % 60:02d}:{number % 3600 // 60:02d}.{number % 60:02d}0000+02:00"

    def tender(self, number: int) -> bytes:
        """Return the body of tender ``number`` (from 1)."""
        return (
            self.template.replace(b"@@ID@@", self.prozorro_id(number).encode())
            .replace(b"@@TENDERID@@", f"UA-2027-02-01-{number:06d}-a".encode())
            .replace(b"@@TITLE@@", f"Капітальний ремонт школи №{number}".encode())
            .replace(b"@@MODIFIED@@", self.modified(number).encode())
        )

    def page(self, index: int, base_url: str) -> bytes:
        """Return the body of feed page ``index`` (from 0); past the last page it lists nothing."""
        first = index * PAGE + 1
        numbers = range(first, min(first + PAGE, self.tenders + 1))
        data = [{"id": self.prozorro_id(n), "dateModified": self.modified(n)} for n in numbers]
        offset = str(index + 1) if data else str(index)
        path = f"{PREFIX}/tenders?offset={offset}"
        return orjson.dumps({"data": data, "next_page": {"offset": offset, "path": path, "uri": f"{base_url}{path}"}})

    def pages(self) -> int:
        """Return how many pages list tenders (the empty one after them not counted)."""
        return -(-self.tenders // PAGE)


def serve(port: int, tenders: int) -> None:
    """Serve the feed and its tenders on loopback until stopped (runs in a process of its own)."""
    feed = Feed(tenders)
    base_url = f"http://{HOST}:{port}"

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without this, Nagle's algorithm meets the client's delayed
        # acknowledgement and every answer on a kept-alive connection waits about 40 ms.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path = parts.path.removeprefix(PREFIX).strip("/")
            body: bytes | None = None
            if path == "tenders":
                offset = parse_qs(parts.query).get("offset", ["0"])[0]
                body = feed.page(int(offset), base_url)
            elif path.startswith("tenders/"):
                with contextlib.suppress(ValueError):
                    number = int(path.removeprefix("tenders/"), 16)
                    body = feed.tender(number) if 1 <= number <= tenders else None
            elif path in {"contracts", "plans"}:
                body = orjson.dumps({"data": [], "next_page": {"offset": "0", "path": "", "uri": ""}})
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the name the base class gives it.
            """Log nothing: the benchmark reads no access log."""

    server = http.server.ThreadingHTTPServer((HOST, port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    server.serve_forever()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def feed_server(tenders: int) -> Any:
    """Start the feed's server in a process of its own, wait until it answers, and stop it on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--tenders", str(tenders)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise BenchmarkError("the feed's server did not start")
            time.sleep(0.1)
        yield f"http://{HOST}:{port}{PREFIX}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# -- Measuring --------------------------------------------------------------------------------------------------


class BenchmarkError(Exception):
    """A step of the benchmark could not be carried out; the message says which."""


@dataclass(frozen=True)
class Result:
    """One scale: DREAM's sync beside orjson parsing the same bytes."""

    tenders: int
    megabytes: float
    sync_s: float
    startup_s: float
    tenders_per_s: float
    sync_peak_rss_mib: float
    database_mib: float
    floor_s: float
    floor_tenders_per_s: float
    ratio: float


def dream_command() -> list[str]:
    script = Path(sys.executable).parent / "dream"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from dream.cli import main; main()"]


def dream_environment(data_dir: Path) -> dict[str, str]:
    """Return the environment of a production-like DREAM whose database lives in ``data_dir``."""
    environment = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        {
            "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
            "DREAM_DATA_DIR": str(data_dir),
            "DREAM_DEBUG": "0",
            "DREAM_SECRET_KEY": secrets.token_urlsafe(48),
            "DREAM_ALLOWED_HOSTS": f"{HOST},localhost",
            # The local server is not Prozorro: no rate to keep to.
            "DREAM_PROZORRO_RATE": "1000000",
        }
    )
    return environment


def run(command: list[str], environment: dict[str, str], log: Path) -> tuple[float, float]:
    """Run a command to its end; return its wall time and its own peak memory in MiB, or fail with its log."""
    with log.open("ab") as output:
        output.write(f"\n$ {' '.join(command)}\n".encode())
        output.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT, cwd=REPOSITORY)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise BenchmarkError(f"{' '.join(command[-4:])} exited {process.returncode}:\n{tail}")
    return wall, usage.ru_maxrss / 1024


def floor(feed: Feed, base_url: str) -> tuple[float, int]:
    """Parse every page and every tender the sync reads with orjson alone; return the seconds and the bytes."""
    bodies = [feed.page(index, base_url) for index in range(feed.pages() + 1)]
    parsed_s, size = 0.0, 0
    for body in bodies:
        started = time.perf_counter()
        orjson.loads(body)
        parsed_s += time.perf_counter() - started
        size += len(body)
    for number in range(1, feed.tenders + 1):
        body = feed.tender(number)
        started = time.perf_counter()
        orjson.loads(body)
        parsed_s += time.perf_counter() - started
        size += len(body)
    return parsed_s, size


def startup(environment: dict[str, str], log: Path) -> float:
    """Return the time ``dream`` takes to start and do nothing: Django's set-up, paid once by every sync."""
    wall, _ = run([*dream_command(), "check", "--verbosity", "0"], environment, log)
    return wall


def bench(tenders: int, work: Path) -> Result:
    """Sync N tenders into a fresh database and parse the same bytes with orjson; return both."""
    data_dir = work / f"n{tenders}"
    data_dir.mkdir()
    log = data_dir / "dream.log"
    environment = dream_environment(data_dir)
    run([*dream_command(), "migrate", "--no-input"], environment, log)
    started_s = startup(environment, log)

    with feed_server(tenders) as base_url:
        print(f"  dream sync prozorro: {tenders} tenders ...", flush=True)
        sync_s, peak = run([*dream_command(), "sync", "prozorro", "--base-url", base_url, "--quiet"], environment, log)
        floor_s, size = floor(Feed(tenders), base_url.removesuffix(PREFIX))

    database = data_dir / "bench.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as connection:
        processes = connection.execute("SELECT count(*) FROM contracting_contractingprocess").fetchone()[0]
    if processes != tenders:
        raise BenchmarkError(f"the sync recorded {processes} contracting processes, not {tenders}; see {log}")
    result = Result(
        tenders=tenders,
        megabytes=size / 1e6,
        sync_s=sync_s,
        startup_s=started_s,
        tenders_per_s=tenders / sync_s,
        sync_peak_rss_mib=peak,
        database_mib=sum(path.stat().st_size for path in data_dir.glob("bench.sqlite3*")) / 2**20,
        floor_s=floor_s,
        floor_tenders_per_s=tenders / floor_s,
        ratio=sync_s / floor_s,
    )
    shutil.rmtree(data_dir)
    return result


def report(results: list[Result]) -> None:
    print()
    print(
        f"{'tenders':>8} {'MB':>8} {'sync s':>9} {'tenders/s':>10} {'peak MiB':>9} {'db MiB':>8} "
        f"{'orjson s':>9} {'tenders/s':>11} {'ratio':>8}"
    )
    for r in results:
        print(
            f"{r.tenders:>8} {r.megabytes:>8.0f} {r.sync_s:>9.1f} {r.tenders_per_s:>10.0f} "
            f"{r.sync_peak_rss_mib:>9.0f} {r.database_mib:>8.0f} {r.floor_s:>9.2f} {r.floor_tenders_per_s:>11.0f} "
            f"{r.ratio:>7.0f}x"
        )
    print(f"\nsync s includes dream's start-up, about {results[0].startup_s:.1f} s; ratio = sync s / orjson s.")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tenders", type=int, nargs="+", default=[50_000], help="Numbers of tenders in the feed (default 50000)."
    )
    parser.add_argument("--json", type=Path, help="Also write the results as JSON to this file.")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    if arguments.serve:
        serve(arguments.serve, arguments.tenders[0])
        return 0
    if not TEMPLATE.exists():
        print(f"The sample tender is missing: {TEMPLATE}; set DREAM_SHARED_DIR.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="dream-bench-prozorro-") as work:
        try:
            results = [bench(tenders, Path(work)) for tenders in arguments.tenders]
        except BenchmarkError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
    report(results)
    if arguments.json:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=REPOSITORY, check=False
        ).stdout.strip()
        document = {
            "measured_at": datetime.now(UTC).isoformat(),
            "commit": commit,
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
            "results": [asdict(result) for result in results],
        }
        arguments.json.write_text(json.dumps(document, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

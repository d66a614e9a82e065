"""THE KILL TEST: ``dream sync prozorro`` killed with SIGKILL at random points, then run to its end, leaves the same
database as a sync never interrupted: nothing lost, nothing doubled."""

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from django.db import connection
from pytest_httpserver import HTTPServer

from tests.connectors.prozorro.conftest import canonical_dump
from tests.connectors.prozorro.fake import PREFIX, FakeProzorro, feed_entries, generated_tender, sample

TENDERS = 400
CONTRACTS = 40
PLANS = 10
PAGE = 20
KILLS = 10
SEED = 20261203

pytestmark = [
    pytest.mark.slow,
    # The syncs under test run in subprocesses on SQLite files of their own, whatever database the suite uses:
    # running the test once, on the SQLite run of the suite, is enough.
    pytest.mark.skipif(connection.vendor == "postgresql", reason="runs once, in the SQLite run of the suite"),
]


def dream() -> list[str]:
    script = Path(sys.executable).parent / "dream"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dream.cli"]


def environment(folder: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DREAM_", "DATABASE_URL"))}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DREAM_DATA_DIR": str(folder),
            "DREAM_DEBUG": "0",
            # The same key in both databases, so that anything derived from it is the same.
            "DREAM_SECRET_KEY": "kill-test-secret-key-kill-test-secret-key-kill-test",
            "DREAM_ALLOWED_HOSTS": "localhost",
            "DREAM_CONNECTOR_BACKOFF_SECONDS": "0.01",
            "DREAM_CONNECTOR_ATTEMPTS": "3",
            "DREAM_PROZORRO_RATE": "100000",
        }
    )
    return env


def serve_generated_feeds(fake: FakeProzorro) -> None:
    """A few hundred tenders, some contracts of them and some plans, in pages of twenty."""
    tenders = [generated_tender(number) for number in range(1, TENDERS + 1)]
    for start in range(0, TENDERS, PAGE):
        fake.page("tenders", feed_entries(tenders[start : start + PAGE]))
    for tender in tenders:
        fake.document(f"tenders/{tender['data']['id']}", orjson.dumps(tender))

    contract_template, plan_template = sample("contract-active.json"), sample("plan-with-katottg-budget.json")
    contracts, plans = [], []
    for number in range(1, CONTRACTS + 1):
        contract = orjson.loads(orjson.dumps(contract_template))
        contract["data"]["id"] = f"c{number:031x}"
        contract["data"]["tender_id"] = tenders[number * 7]["data"]["id"]
        contract["data"]["contractID"] = f"{tenders[number * 7]['data']['tenderID']}-a1"
        contracts.append(contract)
        fake.document(f"contracts/{contract['data']['id']}", contract)
    for number in range(1, PLANS + 1):
        plan = orjson.loads(orjson.dumps(plan_template))
        plan["data"]["id"] = f"p{number:031x}"
        plan["data"]["planID"] = f"UA-P-2027-01-01-{number:06d}-a"
        plan["data"]["tender_id"] = tenders[number * 11]["data"]["id"]
        plans.append(plan)
        fake.document(f"plans/{plan['data']['id']}", plan)
    for start in range(0, CONTRACTS, PAGE // 2):
        fake.page("contracts", feed_entries(contracts[start : start + PAGE // 2]))
    fake.page("plans", feed_entries(plans))


def sync(folder: Path, base_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own command, with arguments of our own.
        [*dream(), "sync", "prozorro", "--base-url", base_url, "--quiet"],
        env=environment(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def dump_of(folder: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(folder / "db.sqlite3") as database:
        return canonical_dump(database.cursor())


@pytest.fixture
def server():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_sync_killed_at_random_points_then_run_to_its_end_equals_one_never_interrupted(tmp_path, server):
    fake = FakeProzorro(server.url_for("").rstrip("/"))
    server.expect_request(re.compile(rf"^{re.escape(PREFIX)}/.*")).respond_with_handler(fake.handle)
    serve_generated_feeds(fake)
    base_url = server.url_for(PREFIX)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    whole.mkdir()
    migrate = [*dream(), "migrate", "--no-input"]
    subprocess.run(migrate, env=environment(whole), check=True, capture_output=True)  # noqa: S603 - our own command.
    killed.mkdir()
    shutil.copy(whole / "db.sqlite3", killed / "db.sqlite3")

    started = time.monotonic()
    uninterrupted = sync(whole, base_url)
    _, errors = uninterrupted.communicate(timeout=600)
    duration = time.monotonic() - started
    assert uninterrupted.returncode == 0, errors.decode()

    # Kill at random points of a run as long as the whole one; each rerun resumes from the cursors it left.
    chance = random.Random(SEED)  # noqa: S311 - a repeatable sequence of kill times, not a secret.
    kills = 0
    for _ in range(KILLS):
        process = sync(killed, base_url)
        time.sleep(chance.uniform(0.2, duration * 0.6))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.communicate(timeout=600)
    finished = sync(killed, base_url)
    _, errors = finished.communicate(timeout=600)

    assert finished.returncode == 0, errors.decode()
    assert kills >= KILLS // 2, f"only {kills} of the runs were still going when their kill came"
    expected, found = dump_of(whole), dump_of(killed)
    assert len(expected["processes"]) == TENDERS
    assert len(expected["plans"]) == PLANS
    assert found == expected
    verify = [*dream(), "audit", "verify"]
    verified = subprocess.run(verify, env=environment(killed), capture_output=True, check=False)  # noqa: S603 - ours.
    assert verified.returncode == 0, verified.stdout.decode() + verified.stderr.decode()

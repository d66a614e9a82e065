"""Benchmark the reconciliation of every project's money chain beside its floor: one SQL aggregate query.

The run migrates a fresh SQLite database with ``dream migrate``, then writes N projects with their money chains
straight into it with ``sqlite3`` (as ``bench/run.py`` writes its reference side): the National Bank's daily EUR and
USD rates, donors' pledges in three currencies, commitments (most confirmed), tranches (some with milestones), the
contracting processes of the projects being built, their contracts and M payments. A seeded 5 % of the projects with
money carry one contradiction each: a tranche over its commitment, payments above their contract, or a tranche
released before its milestone was met.

Then, in a process of its own, DREAM reconciles every project through ``finance.reconcile``; the run checks that it
found exactly the seeded contradictions. Beside it, the floor: ONE SQL query computing the same totals per project
(pledged, committed, disbursed, contracted and paid, converted to UAH at each amount's own day's rate) in
``sqlite3`` alone. The ratio is DREAM's time divided by the floor's.

Run ``.venv/bin/python bench/reconcile.py --help`` for the options; ``--projects 2000 --payments 40000`` is a quick
run. ``bench/README.md`` explains the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
SEED = 1
FIRST_DAY = date(2023, 1, 2)
LAST_DAY = date(2026, 11, 30)
CENT = Decimal("0.01")
CONTRADICTION_SHARE = 0.05
DONORS = 8
CONTRACTORS = 200
# What the generated projects have reached, in shares: no money yet, money pledged and committed, or being built.
STAGES = (("pending", "defined", 40), ("pending", "approved", 20), ("active", "implementation", 30))
STAGES_CLOSED = (("complete", "commissioned", 10),)
SEEDED_CODES = ("disbursed_over_committed", "paid_over_contracted", "tranche_before_milestone")


class BenchmarkError(Exception):
    """A step of the benchmark could not be carried out; the message says which and where its log is."""


# -- The data: written straight into the migrated database ------------------------------------------------------


@dataclass
class Generated:
    """What was written, and which projects carry which seeded contradiction."""

    projects: int = 0
    pledges: int = 0
    commitments: int = 0
    tranches: int = 0
    contracts: int = 0
    payments: int = 0
    rates: int = 0
    seeded: dict[str, set[int]] = field(default_factory=dict)
    generate_s: float = 0.0


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


class Generator:
    """Writes N projects and their money chains, M payments among them, from one seed."""

    def __init__(self, connection: sqlite3.Connection, *, seed: int) -> None:
        self.db = connection
        self.random = random.Random(seed)
        self.rates: dict[tuple[str, date], Decimal] = {}
        self.now = "2026-12-01 00:00:00"
        self.stamp = 0

    def unique_moment(self) -> str:
        """Return a distinct timestamp: projects' and processes' updated_at are unique."""
        self.stamp += 1
        moment = datetime(2026, 12, 1, tzinfo=UTC) + timedelta(microseconds=self.stamp)
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    def write_rates(self) -> int:
        """Write a rate for every day of every currency, wandering as the hryvnia did."""
        rows = []
        for currency, start in (("EUR", Decimal("40.5")), ("USD", Decimal("36.9"))):
            level = start
            day = FIRST_DAY - timedelta(days=400)
            while day <= LAST_DAY:
                level = max(Decimal(30), level + Decimal(self.random.randint(-40, 42)) / 1000)
                self.rates[currency, day] = level.quantize(Decimal("0.0001"))
                rows.append((currency, day.isoformat(), str(self.rates[currency, day]), "bench"))
                day += timedelta(days=1)
        self.db.executemany(
            'INSERT INTO finance_exchangerate (currency, "on", uah_per_unit, source) VALUES (?, ?, ?, ?)', rows
        )
        return len(rows)

    def uah(self, amount: Decimal, currency: str, day: date) -> Decimal:
        return amount if currency == "UAH" else amount * self.rates[currency, day]

    def organisation(self, number: int, kind: str, name: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO parties_organisation (edrpou, name_uk, name_en, search_name, kind, created_at, updated_at, "
            "activity_codes, address, edr_name, legal_form, legal_form_code, register_status) "
            "VALUES (?, ?, '', ?, ?, ?, ?, '[]', '', '', '', '', '')",
            (f"{40_000_000 + number:08d}", name, name.lower(), kind, self.now, self.now),
        )
        if cursor.lastrowid is None:
            raise BenchmarkError(f"organisation {number} was not written")
        return cursor.lastrowid

    def generate(self, projects: int, payments: int) -> Generated:  # noqa: PLR0915 - one pass writes each chain whole.
        """Write everything in one transaction; return what was written."""
        started = time.perf_counter()
        result = Generated(projects=projects, seeded={code: set() for code in SEEDED_CODES})
        self.db.execute("BEGIN")
        result.rates = self.write_rates()
        donors = [self.organisation(n, "donor", f"Донор {n}") for n in range(DONORS)]
        communities = [
            self.organisation(DONORS + n, "community", f"Громада {n}") for n in range(max(10, projects // 100))
        ]
        contractors = [
            self.organisation(DONORS + len(communities) + n, "contractor", f"Підрядник {n}")
            for n in range(CONTRACTORS)
        ]

        stages = [*STAGES, *STAGES_CLOSED]
        weights = [weight for *_, weight in stages]
        pledge_rows: list[tuple[Any, ...]] = []
        commitment_rows: list[tuple[Any, ...]] = []
        tranche_rows: list[tuple[Any, ...]] = []
        building: list[tuple[int, Decimal, date]] = []
        project_rows = []
        pledge_id = commitment_id = 0
        for number in range(1, projects + 1):
            status, detail, _ = self.random.choices(stages, weights=weights)[0]
            registered = FIRST_DAY + timedelta(days=self.random.randrange(700))
            cost = Decimal(self.random.randrange(2_000, 200_000) * 1000)
            project_rows.append(
                (
                    f"DREAM-UA-{registered:%d%m%y}-{number:08X}",
                    f"Відновлення об'єкта №{number}",
                    status,
                    detail,
                    registered.isoformat(),
                    str(cost),
                    self.unique_moment(),
                    self.random.choice(communities),
                )
            )
            if detail == "defined":
                continue
            contradiction = self.random.random() < CONTRADICTION_SHARE
            seeded = self.random.choice(SEEDED_CODES) if contradiction else ""
            if seeded == "paid_over_contracted" and detail == "approved":
                seeded = "disbursed_over_committed"
            if seeded:
                result.seeded[seeded].add(number)

            # One pledge from an international donor in its currency, one from the state in hryvnias.
            committed_uah = Decimal(0)
            milestone_done = False
            for currency, share in ((self.random.choice(("EUR", "USD")), Decimal("0.75")), ("UAH", Decimal("0.25"))):
                pledged_on = registered + timedelta(days=self.random.randint(150, 250))
                rate = self.rates.get((currency, pledged_on), Decimal(1))
                amount = (cost * share / rate).quantize(CENT)
                pledge_id += 1
                pledge_rows.append(
                    (
                        pledge_id,
                        "internationalOrganization" if currency != "UAH" else "stateCentralBudget",
                        _money(amount),
                        currency,
                        pledged_on.isoformat(),
                        self.now,
                        self.random.choice(donors),
                        number,
                    )
                )
                committed_on = pledged_on + timedelta(days=self.random.randint(20, 60))
                commitment = (amount * Decimal(self.random.randint(90, 100)) / 100).quantize(CENT)
                commitment_id += 1
                commitment_rows.append(
                    (
                        commitment_id,
                        f"AGR-{number}-{currency}",
                        _money(commitment),
                        currency,
                        committed_on.isoformat(),
                        "confirmed",
                        pledge_id,
                    )
                )
                committed_uah += self.uah(commitment, currency, committed_on)
                confirmed = commitment_id
                # A refused proposal now and then: it must count for nothing.
                if self.random.random() < 0.1:
                    commitment_id += 1
                    commitment_rows.append(
                        (
                            commitment_id,
                            f"AGR-{number}-{currency}-R",
                            _money(amount / 10),
                            currency,
                            committed_on.isoformat(),
                            "refused",
                            pledge_id,
                        )
                    )

                # Tranches: half of the commitment released, the rest planned; the first with a milestone.
                released_on = committed_on + timedelta(days=self.random.randint(10, 40))
                first = (commitment / 2).quantize(CENT)
                met = released_on - timedelta(days=self.random.randint(1, 9))
                if seeded == "tranche_before_milestone" and not milestone_done:
                    met = released_on + timedelta(days=self.random.randint(5, 30))
                    milestone_done = True
                tranche_rows.append(
                    (
                        _money(first),
                        currency,
                        None,
                        released_on.isoformat(),
                        "Проєктну документацію затверджено",
                        met.isoformat(),
                        confirmed,
                    )
                )
                rest = commitment - first
                if seeded == "disbursed_over_committed" and currency == "UAH":
                    rest += Decimal(self.random.randint(1000, 90_000))
                tranche_rows.append(
                    (
                        _money(rest),
                        currency,
                        (released_on + timedelta(days=120)).isoformat(),
                        (released_on + timedelta(days=150)).isoformat() if detail != "approved" or seeded else None,
                        "",
                        None,
                        confirmed,
                    )
                )
            if detail in {"implementation", "commissioned"}:
                signed = registered + timedelta(days=self.random.randint(300, 400))
                building.append((number, (committed_uah * Decimal("0.8")).quantize(CENT), signed))

        self.db.executemany(
            "INSERT INTO projects_project (code, title_uk, title_en, description_uk, description_en, purpose, type, "
            "sector, status, status_details, registered_on, estimated_cost_uah, search_text, created_at, updated_at, "
            "initiator_id) VALUES (?, ?, '', '', '', 'restoration', 'rehabilitation', 'ES', ?, ?, ?, ?, '', ?, ?, ?)",
            [(*row[:6], self.now, *row[6:]) for row in project_rows],
        )
        self.db.executemany(
            "INSERT INTO finance_pledge (id, source_category, amount, currency, pledged_on, note, created_at, "
            "donor_id, project_id) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)",
            pledge_rows,
        )
        self.db.executemany(
            "INSERT INTO finance_commitment (id, agreement_reference, conditions, amount, currency, committed_on, "
            "status, reason, pledge_id) VALUES (?, ?, '', ?, ?, ?, ?, '', ?)",
            commitment_rows,
        )
        self.db.executemany(
            "INSERT INTO finance_tranche (amount, currency, planned_on, released_on, milestone, milestone_met_on, "
            "commitment_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            tranche_rows,
        )
        result.pledges, result.commitments, result.tranches = len(pledge_rows), len(commitment_rows), len(tranche_rows)
        result.contracts, result.payments = self.write_contracting(building, payments, contractors, result)
        self.db.execute("COMMIT")
        result.generate_s = time.perf_counter() - started
        return result

    def write_contracting(
        self, building: list[tuple[int, Decimal, date]], payments: int, contractors: list[int], result: Generated
    ) -> tuple[int, int]:
        """Write one process per project being built, one or two contracts each, and M payments among them."""
        contracts: list[tuple[int, str, Decimal, date, int]] = []
        for number, value, signed in building:
            cursor = self.db.execute(
                "INSERT INTO contracting_contractingprocess (ocid, tender_id, title, status, procuring_entity_edrpou, "
                "procuring_entity_name, value_amount, value_currency, source, created_at, updated_at, project_id) "
                "VALUES (?, ?, '', 'complete', '', '', ?, 'UAH', 'demo', ?, ?, ?)",
                (
                    f"ocds-be6bcu-UA-{signed:%Y-%m-%d}-{number:06d}-a",
                    f"UA-{signed:%Y-%m-%d}-{number:06d}-a",
                    _money(value),
                    self.now,
                    self.unique_moment(),
                    number,
                ),
            )
            process = cursor.lastrowid
            if process is None:
                raise BenchmarkError(f"the contracting process of project {number} was not written")
            parts = [value]
            if self.random.random() < 0.3:
                first = (value * Decimal("0.6")).quantize(CENT)
                parts = [first, value - first]
            for index, part in enumerate(parts):
                contract_id = f"{number:024x}{index:08x}"
                self.db.execute(
                    "INSERT INTO contracting_processcontract (contract_id, status, value_amount, value_currency, "
                    "process_id) VALUES (?, 'active', ?, 'UAH', ?)",
                    (contract_id, _money(part), process),
                )
                contracts.append((number, contract_id, part, signed, process))

        if not contracts:
            return 0, 0
        per_contract, extra = divmod(payments, len(contracts))
        written = 0
        rows = []
        for index, (number, contract_id, value, signed, process) in enumerate(contracts):
            count = per_contract + (1 if index < extra else 0)
            if not count:
                continue
            over = number in result.seeded["paid_over_contracted"] and contract_id.endswith("0" * 8)
            total = value * (Decimal("1.04") if over else Decimal("0.9"))
            each = (total / count).quantize(CENT, rounding="ROUND_DOWN")
            for payment in range(count):
                paid_on = signed + timedelta(days=10 + payment % 700)
                amount = each if payment < count - 1 else total.quantize(CENT) - each * (count - 1)
                rows.append(
                    (f"{contract_id}-{payment}", contract_id, _money(amount), paid_on.isoformat(), self.now, process)
                )
            if len(rows) >= 100_000:
                written += self.insert_payments(rows)
                rows = []
        written += self.insert_payments(rows)
        return len(contracts), written

    def insert_payments(self, rows: list[tuple[Any, ...]]) -> int:
        self.db.executemany(
            "INSERT INTO contracting_payment (source, external_id, contract_id, payer_edrpou, payer_name, "
            "recipient_edrpou, recipient_name, recipient_is_private, amount, currency, paid_on, purpose, "
            "recorded_at, process_id) VALUES ('demo', ?, ?, '', '', '', '', 0, ?, 'UAH', ?, '', ?, ?)",
            rows,
        )
        return len(rows)


# -- DREAM's side, in a process of its own ------------------------------------------------------------------------


def reconcile_in_dream(out: Path) -> None:
    """Reconcile every project through ``finance.reconcile`` and write its totals and contradictions as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dream.settings")
    sys.path.insert(0, str(REPOSITORY))
    import django  # noqa: PLC0415 - Django is set up here, in the process that measures it.

    django.setup()
    from finance.reconcile import reconcile  # noqa: PLC0415 - importable only once Django is set up.
    from projects.models import Project  # noqa: PLC0415 - importable only once Django is set up.

    started = time.perf_counter()
    totals: dict[str, dict[str, str]] = {}
    found: dict[str, list[int]] = {}
    statuses: Counter[str] = Counter()
    for project in Project.objects.order_by("pk").iterator(chunk_size=2000):
        result = reconcile(project)
        statuses[result.status] += 1
        totals[str(project.pk)] = {step.name: str(step.total.uah) for step in result.chain.steps}
        for contradiction in result.contradictions:
            found.setdefault(contradiction.code, []).append(project.pk)
    reconciled_s = time.perf_counter() - started
    out.write_text(
        json.dumps({"seconds": reconciled_s, "statuses": statuses, "totals": totals, "found": found}),
        encoding="utf-8",
    )


# -- The floor: one SQL aggregate query -----------------------------------------------------------------------------

# Every amount of the chain in hryvnias at its own day's rate, added up per project and step in one statement.
FLOOR_QUERY = """
SELECT project_id, step, SUM(uah) FROM (
    SELECT pledge.project_id, 'pledged' AS step, pledge.amount * COALESCE(rate.uah_per_unit, 1) AS uah
    FROM finance_pledge AS pledge
    LEFT JOIN finance_exchangerate AS rate ON rate.currency = pledge.currency AND rate."on" = pledge.pledged_on
    UNION ALL
    SELECT pledge.project_id, 'committed', commitment.amount * COALESCE(rate.uah_per_unit, 1)
    FROM finance_commitment AS commitment
    JOIN finance_pledge AS pledge ON pledge.id = commitment.pledge_id
    LEFT JOIN finance_exchangerate AS rate
        ON rate.currency = commitment.currency AND rate."on" = commitment.committed_on
    WHERE commitment.status = 'confirmed'
    UNION ALL
    SELECT pledge.project_id, 'disbursed', tranche.amount * COALESCE(rate.uah_per_unit, 1)
    FROM finance_tranche AS tranche
    JOIN finance_commitment AS commitment ON commitment.id = tranche.commitment_id
    JOIN finance_pledge AS pledge ON pledge.id = commitment.pledge_id
    LEFT JOIN finance_exchangerate AS rate ON rate.currency = tranche.currency AND rate."on" = tranche.released_on
    WHERE tranche.released_on IS NOT NULL
    UNION ALL
    SELECT process.project_id, 'contracted', contract.value_amount
    FROM contracting_processcontract AS contract
    JOIN contracting_contractingprocess AS process ON process.id = contract.process_id
    WHERE contract.status <> 'cancelled' AND contract.value_amount IS NOT NULL
    UNION ALL
    SELECT process.project_id, 'paid', payment.amount
    FROM contracting_payment AS payment
    JOIN contracting_contractingprocess AS process ON process.id = payment.process_id
)
GROUP BY project_id, step
"""


def floor(database: Path) -> tuple[float, dict[str, dict[str, float]]]:
    """Run the floor's one query; return its seconds and the totals per project and step."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        started = time.perf_counter()
        rows = connection.execute(FLOOR_QUERY).fetchall()
        seconds = time.perf_counter() - started
    totals: dict[str, dict[str, float]] = {}
    for project_id, step, uah in rows:
        totals.setdefault(str(project_id), {})[step] = uah
    return seconds, totals


# -- Running and reporting ------------------------------------------------------------------------------------------


@dataclass
class Result:
    """One scale's figures."""

    projects: int
    payments: int
    generated: dict[str, int]
    reconcile_s: float
    process_s: float
    peak_rss_mib: float
    projects_per_s: float
    statuses: dict[str, int]
    floor_s: float
    ratio: float
    largest_difference_uah: float
    seeded_found: dict[str, str]


def dream_environment(data_dir: Path) -> dict[str, str]:
    """Return the environment of a production-like DREAM whose database lives in ``data_dir``."""
    environment = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        {
            "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
            "DREAM_DATA_DIR": str(data_dir),
            "DREAM_DEBUG": "0",
            "DREAM_SECRET_KEY": secrets.token_urlsafe(48),
            "DREAM_ALLOWED_HOSTS": "127.0.0.1,localhost",
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
    if os.waitstatus_to_exitcode(status) != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise BenchmarkError(f"{' '.join(command[-3:])} failed:\n{tail}")
    return wall, usage.ru_maxrss / 1024


def largest_difference(dream: dict[str, dict[str, str]], sql: dict[str, dict[str, float]]) -> float:
    """Return the largest difference between DREAM's and the floor's total of any project and step, in UAH."""
    largest = 0.0
    for project, steps in dream.items():
        for step, uah in steps.items():
            largest = max(largest, abs(float(Decimal(uah)) - (sql.get(project, {}).get(step) or 0.0)))
    missing = set(sql) - set(dream)
    if missing:
        raise BenchmarkError(f"DREAM did not reconcile {len(missing)} projects the floor has money for")
    return largest


def bench(projects: int, payments: int, work: Path) -> Result:
    """Generate one scale, reconcile it in DREAM and in one SQL query, check they agree; return the figures."""
    data_dir = work / f"n{projects}"
    data_dir.mkdir()
    log = data_dir / "dream.log"
    environment = dream_environment(data_dir)
    dream = [sys.executable, "-c", "from dream.cli import main; main()"]
    run([*dream, "migrate", "--no-input"], environment, log)

    database = data_dir / "bench.sqlite3"
    print(f"  generating {projects} projects and {payments} payments ...", flush=True)
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as connection:
        generated = Generator(connection, seed=SEED).generate(projects, payments)

    print("  reconciling in DREAM ...", flush=True)
    out = data_dir / "dream.json"
    process_s, peak = run([sys.executable, __file__, "--reconcile-in-dream", str(out)], environment, log)
    answer = json.loads(out.read_text(encoding="utf-8"))
    floor_s, sql_totals = floor(database)

    difference = largest_difference(answer["totals"], sql_totals)
    # Each amount is rounded to the kopeck when DREAM converts it; the floor does not round.
    if difference > 0.01 * 20:
        raise BenchmarkError(f"DREAM's totals differ from the floor's by up to {difference:.2f} UAH")
    seeded_found = {}
    for code, seeded in generated.seeded.items():
        found = set(answer["found"].get(code, []))
        if found != seeded:
            raise BenchmarkError(
                f"{code}: seeded in {len(seeded)} projects, found in {len(found)}; "
                f"missed {sorted(seeded - found)[:5]}, unexpected {sorted(found - seeded)[:5]}"
            )
        seeded_found[code] = f"{len(found)}/{len(seeded)}"
    unseeded = set(answer["found"]) - set(generated.seeded)
    if unseeded:
        raise BenchmarkError(f"contradictions that were not seeded were found: {sorted(unseeded)}")

    result = Result(
        projects=projects,
        payments=generated.payments,
        generated={
            name: getattr(generated, name)
            for name in ("pledges", "commitments", "tranches", "contracts", "payments", "rates")
        },
        reconcile_s=answer["seconds"],
        process_s=process_s,
        peak_rss_mib=peak,
        projects_per_s=projects / answer["seconds"],
        statuses=answer["statuses"],
        floor_s=floor_s,
        ratio=answer["seconds"] / floor_s,
        largest_difference_uah=difference,
        seeded_found=seeded_found,
    )
    shutil.rmtree(data_dir)
    return result


def report(results: list[Result]) -> None:
    print()
    print(
        f"{'projects':>9} {'payments':>9} {'dream s':>8} {'projects/s':>11} {'peak MiB':>9} {'sql s':>7} "
        f"{'ratio':>7} {'max diff':>9}"
    )
    for r in results:
        print(
            f"{r.projects:>9} {r.payments:>9} {r.reconcile_s:>8.1f} {r.projects_per_s:>11.0f} {r.peak_rss_mib:>9.0f} "
            f"{r.floor_s:>7.2f} {r.ratio:>6.0f}x {r.largest_difference_uah:>9.2f}"
        )
        print(f"{'':>9} statuses {r.statuses}; seeded contradictions found {r.seeded_found}")
    print(
        "\ndream s: reconciling every project, after Django's start-up (the whole process took "
        f"{results[0].process_s:.1f} s at the first scale); sql s: the floor's one query; ratio = dream s / sql s;"
        "\nmax diff: the largest difference of any project's step total between the two, in UAH (kopeck rounding)."
    )


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, nargs="+", default=[50_000], help="Numbers of projects (50000).")
    parser.add_argument(
        "--payments", type=int, nargs="+", help="Numbers of payments, one per scale (default 20 per project)."
    )
    parser.add_argument("--json", type=Path, help="Also write the results as JSON to this file.")
    parser.add_argument("--reconcile-in-dream", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    if arguments.reconcile_in_dream:
        reconcile_in_dream(arguments.reconcile_in_dream)
        return 0
    payments = arguments.payments or [projects * 20 for projects in arguments.projects]
    if len(payments) != len(arguments.projects):
        print("Give one number of payments for each number of projects.", file=sys.stderr)
        return 1
    results = []
    with tempfile.TemporaryDirectory(prefix="dream-bench-reconcile-") as work:
        try:
            for projects, count in zip(arguments.projects, payments, strict=True):
                print(f"{projects} projects:", flush=True)
                results.append(bench(projects, count, Path(work)))
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

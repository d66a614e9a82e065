"""``dream sync <system>``: pull what changed in one state system since the last sync."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from connectors.sync import CONNECTORS, run_sync
from dream.commands import DreamCommand


class Command(DreamCommand):
    help = "Pull what changed in a state system since its cursor; exit code 1 when anything failed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        """Name the system, and optionally where it is and how much to take."""
        parser.add_argument("system", choices=sorted(CONNECTORS), help="The system to pull from.")
        parser.add_argument("--base-url", help="The system's address, instead of the one in the settings.")
        parser.add_argument("--limit", type=int, help="Stop after this many documents (the cursor keeps the place).")
        parser.add_argument("--quiet", action="store_true", help="No progress bar; the summary only.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sync with a progress bar, then print what it did."""
        system = options["system"]
        with Progress(
            TextColumn(f"{system}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=options["quiet"],
        ) as progress:
            task = progress.add_task(system, total=None)

            def advance(done: int, total: int | None) -> None:
                progress.update(task, completed=done, total=total)

            report = run_sync(system, base_url=options["base_url"], progress=advance, limit=options["limit"])

        self.stdout.write(f"dream sync {system}")
        for name, value in report.counts().items():
            self.stdout.write(f"  {name:<12}{value:>10}")
        if report.errors:
            raise CommandError(f"The sync of {system} stopped: {'; '.join(report.errors)}", returncode=1)
        if report.quarantined:
            raise CommandError(
                f"{report.quarantined} document(s) could not be mapped and wait in the quarantine "
                f"(dream admin, or GET /api/v1/connectors/{system}/quarantine).",
                returncode=1,
            )

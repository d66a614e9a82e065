# ruff: noqa: N999 - Django names a command after its module, and the command is `dream import`.
"""``dream import damage FILE`` and ``dream import construction FILE``: import a register's export file."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from connectors.construction.services import import_construction
from connectors.construction.source import FileConstructionSource
from connectors.damage.exports import ExportFile, ExportFormat
from connectors.damage.importing import ImportReport
from connectors.damage.services import import_damage
from connectors.damage.source import FileDamageSource
from dream.commands import GroupCommand


class Command(GroupCommand):
    help = "Import a register's export file (CSV, XLSX or JSON); exit code 1 when any row was refused."
    verbs = {
        "damage": "Import the damage register's export: damaged and destroyed assets.",
        "construction": "Import ЄДЕССБ's export: construction permits, notices, declarations and certificates.",
    }

    def add_verb_arguments(self, verb: str, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The export file.")
        parser.add_argument(
            "--format",
            dest="export_format",
            choices=[item.value for item in ExportFormat],
            help="The file's format (default: told by its extension).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; write nothing.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar; the summary only.")

    def handle_damage(self, *, file: Path, export_format: str | None, dry_run: bool, quiet: bool, **_: Any) -> None:
        source = FileDamageSource(file, export_format=export_format)
        self._run("damage", source, dry_run=dry_run, quiet=quiet)

    def handle_construction(
        self, *, file: Path, export_format: str | None, dry_run: bool, quiet: bool, **_: Any
    ) -> None:
        source = FileConstructionSource(file, export_format=export_format)
        self._run("construction", source, dry_run=dry_run, quiet=quiet)

    def _run(self, system: str, source: ExportFile, *, dry_run: bool, quiet: bool) -> None:
        """Import with a progress bar, print what the import did, and fail when a row was refused."""
        with Progress(
            TextColumn(source.name),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=quiet,
        ) as progress:
            task = progress.add_task(source.name, total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            importer = import_damage if system == "damage" else import_construction
            report = importer(source, dry_run=dry_run, progress=advance)
        self._summarise(system, report)

    def _summarise(self, system: str, report: ImportReport) -> None:
        title = f"dream import {system} {report.source}" + (" (dry run: nothing written)" if report.dry_run else "")
        self.stdout.write(title)
        for name, value in report.counts().items():
            self.stdout.write(f"  {name:<12}{value:>10}")
        for message in report.refused:
            self.stdout.write(f"  refused: {message}")
        if report.refused:
            where = "" if report.dry_run else " and wait in the quarantine (dream admin: Connectors)"
            raise CommandError(f"{len(report.refused)} row(s) of {report.source} were refused{where}.", returncode=1)

"""``dream rates load FILE``: load the National Bank's official exchange rates from its JSON, XML or CSV file."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dream.commands import GroupCommand
from finance.rates import load_rates


class Command(GroupCommand):
    help = "Keep the National Bank of Ukraine's official exchange rates; exit code 1 when any row was refused."
    verbs = {
        "load": "Load a file of rates as bank.gov.ua serves it (statdirectory/exchange JSON or XML, or a CSV).",
    }

    def add_verb_arguments(self, verb: str, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", type=Path, help="The rates file; its extension (.json, .xml, .csv) tells its format."
        )

    def handle_load(self, *, file: Path, **_: Any) -> None:
        report = load_rates(file)
        self.stdout.write(f"dream rates load {report.source}")
        for name in ("created", "changed", "unchanged"):
            self.stdout.write(f"  {name:<12}{getattr(report, name):>10}")
        for message in report.refused:
            self.stdout.write(f"  refused: {message}")
        if report.refused:
            raise CommandError(
                f"{len(report.refused)} row(s) of {report.source} were refused; the other rates were loaded.",
                returncode=1,
            )

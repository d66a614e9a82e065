import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings

from dream.commands import DreamCommand
from publishing.bulk import publish


class Command(DreamCommand):
    help = "Write the bulk open data (OC4IDS, OCDS, CSV, XLSX, Parquet) and its manifest; unchanged datasets are kept."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--out", type=Path, default=None, help="The folder to write into (default: DREAM_PUBLISH_DIR)."
        )
        parser.add_argument("--force", action="store_true", help="Rewrite every dataset, changed or not.")
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running and publish again after so many seconds (a rerun rewrites only what changed).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"] or Path(settings.DREAM_PUBLISH_DIR)
        self.publish_once(out, force=options["force"])
        while options["every"] > 0:
            time.sleep(options["every"])
            self.publish_once(out, force=False)

    def publish_once(self, out: Path, *, force: bool) -> None:
        report = publish(out, force=force)
        for entry in report.manifest["files"]:
            state = "written" if entry["path"] in report.written else "unchanged"
            self.stdout.write(f"{entry['path']:<32} {entry['rows']:>9} rows {entry['bytes']:>12} bytes  {state}")
        self.stdout.write(self.style.SUCCESS(f"Manifest: {out / 'manifest.json'}"))

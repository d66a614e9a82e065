import json
from argparse import ArgumentParser
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from django.core.management.base import CommandError

from calls.queries import get_call, published_ranking
from calls.ranking import recompute
from dream.commands import GroupCommand


class Command(GroupCommand):
    help = "Work with funding calls."
    verbs = {
        "recompute": "Recompute a call's published ranking from its own criteria and values; exit 1 if they differ."
    }

    def add_verb_arguments(self, verb: str, parser: ArgumentParser) -> None:
        parser.add_argument("call", help="The call's code.")
        parser.add_argument(
            "--from",
            dest="source",
            default="",
            help="A published ranking to check: a JSON file, or the address of /api/v1/calls/CODE/ranking. "
            "Without it, the ranking this database publishes is checked.",
        )

    def _document(self, code: str, source: str) -> dict[str, Any]:
        if not source:
            return published_ranking(get_call(code))
        if source.startswith(("http://", "https://")):
            response = httpx.get(source, timeout=30, follow_redirects=True)
            if response.status_code != httpx.codes.OK:
                raise CommandError(
                    f"{source} answered {response.status_code}; give a published ranking.", returncode=1
                )
            body = response.text
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"No file at {source}; give the path of a published ranking's JSON.", returncode=1)
            body = path.read_text(encoding="utf-8")
        try:
            document = json.loads(body, parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise CommandError(f"{source} is not JSON: {error}.", returncode=1) from error
        found = document.get("call", {}).get("code") if isinstance(document, dict) else None
        if found != code:
            raise CommandError(f"{source} is the ranking of call {found!r}, not of {code!r}.", returncode=1)
        return document

    def handle_recompute(self, **options: Any) -> None:
        code = options["call"]
        result = recompute(self._document(code, options["source"]))
        if not result.agrees:
            for difference in result.differences:
                self.stderr.write(difference)
            raise CommandError(
                f"Disagree: the published ranking of call {code} differs from its recomputation "
                f"in {len(result.differences)} place(s).",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Agree: the published ranking of call {code} ({len(result.lines)} applications) is exactly "
                "what its criteria, values and bonus points give."
            )
        )

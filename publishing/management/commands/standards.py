import hashlib
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import httpx
from django.core.management.base import CommandError

from dream.commands import GroupCommand
from publishing.pinned import PINNED_FILES, SOURCES
from publishing.standards import clear_caches, standards_dir


class Command(GroupCommand):
    help = "Fetch and check the pinned official schemas and codelists (OC4IDS 0.9.5, OCDS 1.1.5)."
    verbs = {
        "download": "Fetch every pinned file into DREAM_STANDARDS_DIR and check its SHA-256.",
        "verify": "Check the SHA-256 of every pinned file already in DREAM_STANDARDS_DIR.",
    }

    def add_verb_arguments(self, verb: str, parser: ArgumentParser) -> None:
        if verb == "download":
            parser.add_argument(
                "--mirror",
                default="",
                help="Fetch from a mirror laid out as the folder (<mirror>/oc4ids/..., <mirror>/ocds/...) instead.",
            )

    def handle_download(self, *, mirror: str, **_options: Any) -> None:
        target = standards_dir()
        fetched = 0
        with httpx.Client(timeout=30, follow_redirects=True) as client:
            for standard, path, expected in PINNED_FILES:
                url = f"{mirror.rstrip('/')}/{standard}/{path}" if mirror else f"{SOURCES[standard]}{path}"
                try:
                    response = client.get(url)
                    response.raise_for_status()
                except httpx.HTTPError as error:
                    raise CommandError(f"Could not fetch {url}: {error}. Nothing after it was written.") from error
                digest = hashlib.sha256(response.content).hexdigest()
                if digest != expected:
                    raise CommandError(
                        f"{url} has SHA-256 {digest}, not the pinned {expected}: refusing it. "
                        "Nothing after it was written."
                    )
                destination = target / standard / path
                destination.parent.mkdir(parents=True, exist_ok=True)
                partial = destination.with_name(destination.name + ".part")
                partial.write_bytes(response.content)
                partial.replace(destination)
                fetched += 1
        clear_caches()
        self.stdout.write(self.style.SUCCESS(f"Fetched and checked {fetched} files into {target}."))

    def handle_verify(self, **_options: Any) -> None:
        target = standards_dir()
        problems = [message for message in (_check(target, *entry) for entry in PINNED_FILES) if message]
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"All {len(PINNED_FILES)} pinned files in {target} match their SHA-256."))


def _check(target: Path, standard: str, path: str, expected: str) -> str:
    file = target / standard / path
    if not file.is_file():
        return f"{file} is missing: run `dream standards download`."
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    return "" if digest == expected else f"{file} has SHA-256 {digest}, not the pinned {expected}."

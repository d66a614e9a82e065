"""The shared base of the ``dream`` subcommands: clear messages and exit code 1 on any domain error."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dream.errors import DreamError


class DreamCommand(BaseCommand):
    """A management command that turns domain errors into a message and exit code 1."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        """Run the command, reporting a domain error the way Django reports a command error."""
        try:
            return super().execute(*args, **options)
        except DreamError as error:
            raise CommandError(error.message, returncode=1) from error


class GroupCommand(DreamCommand):
    """A command with verbs, such as ``dream audit verify``: each verb is a method named ``handle_<verb>``."""

    verbs: dict[str, str] = {}

    def add_arguments(self, parser: ArgumentParser) -> None:
        """Add one sub-parser a verb."""
        subparsers = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        for verb, help_text in self.verbs.items():
            self.add_verb_arguments(verb, subparsers.add_parser(verb, help=help_text))

    def add_verb_arguments(self, verb: str, parser: ArgumentParser) -> None:
        """Add the arguments of one verb; a verb without arguments needs nothing here."""

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the method of the verb given."""
        getattr(self, f"handle_{options['verb']}")(**options)

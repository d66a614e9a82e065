"""The ``dream`` console script: every management command under one name."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    """Run the management command named on the command line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dream.settings")
    execute_from_command_line(["dream", *sys.argv[1:]])

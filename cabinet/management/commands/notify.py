"""``dream notify watchers``: e-mail each person what changed in the projects they watch since they were last told."""

from typing import Any

from django.core.management.base import CommandError

from cabinet.digest import send_watch_digests
from dream.commands import GroupCommand


class Command(GroupCommand):
    help = "Tell people by e-mail of what concerns them."
    verbs = {
        "watchers": "E-mail each watcher the public changes of the projects they watch since their last digest.",
    }

    def handle_watchers(self, **_options: Any) -> None:
        report = send_watch_digests()
        if report.failed:
            raise CommandError(report.summary(), returncode=1)
        self.stdout.write(self.style.SUCCESS(report.summary()))

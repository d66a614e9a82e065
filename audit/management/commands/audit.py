from typing import Any

from django.core.management.base import CommandError

from audit.queries import verify_chain
from dream.commands import GroupCommand


class Command(GroupCommand):
    help = "Work with the audit log."
    verbs = {"verify": "Recompute the hash chain end to end and name the first broken event."}

    def handle_verify(self, **_options: Any) -> None:
        report = verify_chain()
        if report.first_break is not None:
            broken = report.first_break
            event = f"event #{broken.position}" + (f" (id {broken.event_id})" if broken.event_id is not None else "")
            raise CommandError(
                f"The audit chain is broken at {event}: {broken.reason}. "
                f"{report.events_checked} events before it are intact.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"The audit chain is whole: {report.events_checked} events, head {report.head_hash}.")
        )

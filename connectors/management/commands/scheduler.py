"""``dream scheduler``: run every connector's sync and the watchers' digest on their intervals, as long as it lives."""

import logging
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.db import close_old_connections

from cabinet.digest import send_watch_digests
from connectors.sync import check_system, run_sync
from dream.commands import DreamCommand

log = logging.getLogger(__name__)


def scheduled_sync(system: str) -> None:
    """Run one sync and log how it went; a failure waits for the next turn."""
    # The job runs in a worker thread of a process that lives for months: drop a connection the database has closed
    # meanwhile before using it, and one past its age afterwards, as Django does around each request.
    close_old_connections()
    try:
        report = run_sync(system)
    finally:
        close_old_connections()
    if report.failed:
        log.warning("sync %s: %s quarantined, errors: %s", system, report.quarantined, "; ".join(report.errors))
    else:
        log.info("sync %s: %s", system, report.counts())


def scheduled_digest() -> None:
    """Send the watchers' digest and log how it went; a letter that failed waits for the next turn."""
    close_old_connections()
    try:
        report = send_watch_digests()
    finally:
        close_old_connections()
    if report.failed:
        log.warning("notify watchers: %s", report.summary())
    else:
        log.info("notify watchers: %s", report.summary())


class Command(DreamCommand):
    help = (
        "Run each connector's sync every DREAM_SYNC_EVERY_<SYSTEM> seconds and the watchers' digest every "
        "DREAM_NOTIFY_EVERY_WATCHERS seconds (0 turns one off)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        """Schedule the syncs and the digest, and block."""
        scheduler = BlockingScheduler(timezone="UTC")
        for system, seconds in settings.DREAM_SYNC_SCHEDULE.items():
            check_system(system)  # Refuse at once a schedule naming no connector, not at its first turn.
            if seconds > 0:
                scheduler.add_job(
                    scheduled_sync,
                    "interval",
                    seconds=seconds,
                    args=[system],
                    id=f"sync-{system}",
                    max_instances=1,
                    coalesce=True,
                    next_run_time=datetime.now(UTC),
                )
                self.stdout.write(f"{system}: every {seconds} s")
        if settings.DREAM_NOTIFY_EVERY_WATCHERS > 0:
            scheduler.add_job(
                scheduled_digest,
                "interval",
                seconds=settings.DREAM_NOTIFY_EVERY_WATCHERS,
                id="notify-watchers",
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
            )
            self.stdout.write(f"watchers' digest: every {settings.DREAM_NOTIFY_EVERY_WATCHERS} s")
        scheduler.start()

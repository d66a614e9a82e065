"""``dream scheduler``: one interval job per sync or digest whose schedule is not zero, inspected, not waited for."""

import logging
from io import StringIO

import pytest
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.core.management import CommandError, call_command

from cabinet.digest import DigestReport
from connectors.management.commands import scheduler
from connectors.sync import SyncReport


@pytest.fixture
def no_database(monkeypatch):
    """Leave the test database's connection alone: these tests replace the sync itself."""
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)


@pytest.fixture
def started(monkeypatch) -> list[BlockingScheduler]:
    """Catch the scheduler when the command starts it, instead of blocking."""
    caught: list[BlockingScheduler] = []

    def start(self: BlockingScheduler) -> None:
        caught.append(self)

    monkeypatch.setattr(BlockingScheduler, "start", start)
    return caught


def test_each_system_with_a_schedule_gets_one_interval_job(settings, started):
    settings.DREAM_SYNC_SCHEDULE = {"prozorro": 900, "spending": 86400, "edr": 0}
    settings.DREAM_NOTIFY_EVERY_WATCHERS = 0
    out = StringIO()

    call_command("scheduler", stdout=out)

    [scheduled] = started
    jobs = {job.id: job for job in scheduled.get_jobs()}
    assert sorted(jobs) == ["sync-prozorro", "sync-spending"]
    for system, seconds in (("prozorro", 900), ("spending", 86400)):
        job = jobs[f"sync-{system}"]
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval.total_seconds() == seconds
        assert (job.func, job.args, job.max_instances, job.coalesce) == (scheduler.scheduled_sync, (system,), 1, True)
    assert out.getvalue().splitlines() == ["prozorro: every 900 s", "spending: every 86400 s"]


def test_a_schedule_of_zero_everywhere_schedules_nothing(settings, started):
    settings.DREAM_SYNC_SCHEDULE = {"prozorro": 0, "spending": 0, "edr": 0}
    settings.DREAM_NOTIFY_EVERY_WATCHERS = 0

    call_command("scheduler", stdout=StringIO())

    assert started[0].get_jobs() == []


def test_the_watchers_digest_gets_its_own_interval_job(settings, started):
    settings.DREAM_SYNC_SCHEDULE = {"prozorro": 0, "spending": 0, "edr": 0}
    settings.DREAM_NOTIFY_EVERY_WATCHERS = 3600
    out = StringIO()

    call_command("scheduler", stdout=out)

    [job] = started[0].get_jobs()
    assert job.id == "notify-watchers"
    assert job.trigger.interval.total_seconds() == 3600
    assert (job.func, job.args, job.max_instances, job.coalesce) == (scheduler.scheduled_digest, (), 1, True)
    assert out.getvalue().splitlines() == ["watchers' digest: every 3600 s"]


def test_a_schedule_naming_no_connector_is_refused_before_starting(settings, started):
    settings.DREAM_SYNC_SCHEDULE = {"prozorro": 900, "treasury": 60}

    with pytest.raises(CommandError, match="No connector is called 'treasury'") as raised:
        call_command("scheduler", stdout=StringIO())

    assert raised.value.returncode == 1
    assert started == []


@pytest.mark.usefixtures("no_database")
def test_a_scheduled_sync_that_failed_is_logged_as_a_warning(monkeypatch, caplog):
    failed = SyncReport(fetched=3, quarantined=1, errors=["timed out"])
    monkeypatch.setattr(scheduler, "run_sync", lambda _system: failed)

    with caplog.at_level(logging.INFO, logger=scheduler.__name__):
        scheduler.scheduled_sync("prozorro")

    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "sync prozorro: 1 quarantined, errors: timed out"


@pytest.mark.usefixtures("no_database")
def test_a_scheduled_sync_that_succeeded_is_logged_with_its_counts(monkeypatch, caplog):
    monkeypatch.setattr(scheduler, "run_sync", lambda _system: SyncReport(fetched=3, created=2, unchanged=1))

    with caplog.at_level(logging.INFO, logger=scheduler.__name__):
        scheduler.scheduled_sync("edr")

    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert "'fetched': 3" in record.getMessage()


@pytest.mark.usefixtures("no_database")
def test_a_scheduled_digest_that_could_not_write_to_someone_is_logged_as_a_warning(monkeypatch, caplog):
    monkeypatch.setattr(scheduler, "send_watch_digests", lambda: DigestReport(people=2, failed=1))

    with caplog.at_level(logging.INFO, logger=scheduler.__name__):
        scheduler.scheduled_digest()

    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "notify watchers: Wrote to 2 people about 0 projects and 0 changes; could not write to 1 person: see the log."
    )


def test_a_scheduled_sync_refreshes_its_thread_database_connection_before_and_after(monkeypatch):
    calls = []
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: calls.append("close"))

    def sync(system: str) -> SyncReport:
        calls.append(f"sync {system}")
        raise RuntimeError("the database went away")

    monkeypatch.setattr(scheduler, "run_sync", sync)

    with pytest.raises(RuntimeError):
        scheduler.scheduled_sync("prozorro")

    assert calls == ["close", "sync prozorro", "close"]

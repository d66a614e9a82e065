"""How a sync runs and is recorded, through run_sync and ``dream sync``, with a small connector on a local server."""

import logging
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from connectors.exceptions import UnknownSystem
from connectors.models import Outcome, Quarantined, RawDocument, SyncState
from connectors.services import read_cursor
from connectors.sync import CONNECTORS, run_sync, summary
from tests.connectors.core.feed import FEED_PAGE, FeedConnector

pytestmark = pytest.mark.django_db

FIRST, SECOND = "94cd95f5e2034cdf9695a0f556b7cbb4", "fa2e9cbf88314cb6ae4f240dacbb041f"


def _closed_address() -> str:
    """Return an address nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/api/2.5"


@pytest.fixture(autouse=True)
def source(httpserver, settings, monkeypatch):
    """Register the test connectors for this test only, pointed at a local server serving the real feed page."""
    monkeypatch.setitem(CONNECTORS, "feed", "tests.connectors.core.feed.FeedConnector")
    monkeypatch.setitem(CONNECTORS, "broken", "tests.connectors.core.feed.BrokenConnector")
    monkeypatch.setattr(FeedConnector, "refused", set())
    address = {"base_url": httpserver.url_for("/api/2.5"), "rate_per_second": 100}
    settings.DREAM_CONNECTORS = {**settings.DREAM_CONNECTORS, "feed": address, "broken": address}
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_ATTEMPTS = 2
    httpserver.expect_request("/api/2.5/tenders").respond_with_data(
        FEED_PAGE.read_text(encoding="utf-8"), content_type="application/json"
    )
    return httpserver


# run_sync.


def test_a_sync_counts_what_it_did_and_records_the_run():
    told = []

    report = run_sync("feed", progress=lambda done, total: told.append((done, total)))

    assert (report.fetched, report.created, report.quarantined, report.errors) == (2, 2, 0, [])
    assert not report.failed
    assert told == [(1, 2), (2, 2)]
    state = SyncState.objects.get(system="feed")
    assert (state.runs, state.failures, state.fetched, state.created) == (1, 0, 2, 2)
    assert state.last_outcome == Outcome.SUCCEEDED
    assert state.last_success_at is not None
    assert read_cursor("feed", "tenders") == "2027-01-01T00:00:01+02:00"
    assert set(RawDocument.objects.values_list("external_id", flat=True)) == {FIRST, SECOND}


def test_a_sync_stops_at_its_limit_with_the_cursor_where_it_stopped():
    report = run_sync("feed", limit=1)

    assert report.fetched == 1
    assert read_cursor("feed", "tenders") == "2027-01-01T00:00:00+02:00"
    assert list(RawDocument.objects.values_list("external_id", flat=True)) == [FIRST]


def test_a_quarantined_document_fails_the_report_but_not_the_run(monkeypatch):
    monkeypatch.setattr(FeedConnector, "refused", {SECOND})

    report = run_sync("feed")

    assert (report.created, report.quarantined, report.errors) == (1, 1, [])
    assert report.failed
    assert Quarantined.objects.get().external_id == SECOND
    assert SyncState.objects.get(system="feed").quarantined == 1


def test_an_error_inside_a_sync_is_reported_and_recorded_not_raised():
    report = run_sync("broken")

    assert report.errors == ["RuntimeError: the feed's format changed"]
    assert report.failed
    assert summary(report)["failed"] is True
    state = SyncState.objects.get(system="broken")
    assert (state.last_outcome, state.failures, state.fetched) == (Outcome.FAILED, 1, 1)
    assert state.last_error == "RuntimeError: the feed's format changed"
    assert state.last_success_at is None


def test_an_error_inside_a_sync_is_logged_with_its_traceback(caplog):
    with caplog.at_level(logging.ERROR, logger="connectors.sync"):
        run_sync("broken")

    [record] = caplog.records
    assert record.getMessage() == "The sync of broken stopped"
    assert record.exc_info is not None
    assert record.exc_info[0] is RuntimeError


def test_a_source_that_gives_up_is_reported_with_its_own_message(source):
    source.expect_request("/gone/tenders").respond_with_data("Not Found", status=404)

    report = run_sync("feed", base_url=source.url_for("/gone"))

    assert report.errors[0].startswith(f"{source.url_for('/gone/tenders')} answered HTTP 404")
    assert SyncState.objects.get(system="feed").last_error == report.errors[0]


def test_a_system_without_an_address_is_reported(settings):
    settings.DREAM_CONNECTORS = {key: value for key, value in settings.DREAM_CONNECTORS.items() if key != "feed"}

    report = run_sync("feed")

    assert report.errors == ["No address is set for feed: give its base_url in DREAM_CONNECTORS."]


def test_a_system_without_a_connector_is_refused():
    with pytest.raises(UnknownSystem) as raised:
        run_sync("treasury")

    assert raised.value.code == "unknown_system"
    assert "No connector is called 'treasury'" in raised.value.message
    assert not SyncState.objects.filter(system="treasury").exists()


# dream sync.


def test_the_command_prints_the_summary_and_exits_zero():
    out = StringIO()

    call_command("sync", "feed", "--quiet", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "dream sync feed"
    assert "  fetched              2" in lines
    assert "  created              2" in lines


def test_the_command_shows_progress_unless_quiet(capsys):
    call_command("sync", "feed", stdout=StringIO())

    assert "2/2" in capsys.readouterr().err


def test_the_base_url_option_overrides_the_settings(settings, source):
    settings.DREAM_CONNECTORS = {**settings.DREAM_CONNECTORS, "feed": {"base_url": _closed_address()}}

    call_command("sync", "feed", "--quiet", "--base-url", source.url_for("/api/2.5"), stdout=StringIO())

    assert [request.path for request, _ in source.log] == ["/api/2.5/tenders"]
    assert SyncState.objects.get(system="feed").last_outcome == Outcome.SUCCEEDED


def test_the_limit_option_reaches_the_connector():
    out = StringIO()

    call_command("sync", "feed", "--quiet", "--limit", "1", stdout=out)

    assert "  fetched              1" in out.getvalue().splitlines()


def test_the_command_exits_one_when_the_sync_stopped():
    out = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("sync", "broken", "--quiet", stdout=out)

    assert raised.value.returncode == 1
    assert str(raised.value) == "The sync of broken stopped: RuntimeError: the feed's format changed"
    assert "  fetched              1" in out.getvalue().splitlines()


def test_the_command_exits_one_when_documents_wait_in_the_quarantine(monkeypatch):
    monkeypatch.setattr(FeedConnector, "refused", {FIRST, SECOND})

    with pytest.raises(CommandError) as raised:
        call_command("sync", "feed", "--quiet", stdout=StringIO())

    assert raised.value.returncode == 1
    assert str(raised.value).startswith("2 document(s) could not be mapped and wait in the quarantine")
    assert "/api/v1/connectors/feed/quarantine" in str(raised.value)


def test_the_command_refuses_a_system_without_a_connector():
    with pytest.raises(CommandError, match="invalid choice: 'treasury'"):
        call_command("sync", "treasury", "--quiet")

"""What the connectors write about themselves: payloads kept once per version, the quarantine, cursors and runs."""

import pytest
from django.db import transaction

from audit.models import AuditEvent
from audit.queries import verify_chain
from connectors.models import Outcome, Quarantined, RawDocument, SyncState
from connectors.services import (
    keep_raw,
    quarantine,
    read_cursor,
    reset_cursor,
    run_finished,
    run_started,
    save_cursor,
)

pytestmark = pytest.mark.django_db

URL = "https://public-api.prozorro.gov.ua/api/2.5/tenders/4f1b"
BODY = '{"data": {"id": "4f1b", "title": "Ремонт даху"}}'
CHANGED = '{"data": {"id": "4f1b", "title": "Ремонт даху ліцею"}}'


class PageFailed(Exception):
    """Stands for whatever stops a page half way, up to the process being killed."""


def _keep(body: str = BODY, external_id: str = "4f1b") -> RawDocument:
    return keep_raw(system="prozorro", kind="tender", external_id=external_id, body=body, url=URL)


def _quarantine(body: str = BODY, reason: str = "The tender has no procuring entity.") -> Quarantined:
    return quarantine(system="prozorro", kind="tender", external_id="4f1b", body=body, url=URL, reason=reason)


def _store_page_then_fail() -> None:
    """Keep a page's payload and move its cursor in one transaction, then fail before it commits."""
    with transaction.atomic():
        _keep(CHANGED)
        save_cursor(system="prozorro", feed="tenders", value="page-2")
        raise PageFailed


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# Raw payloads.


def test_a_payload_is_kept_as_received_with_its_provenance():
    document = _keep()

    document.refresh_from_db()
    assert (document.system, document.kind, document.external_id) == ("prozorro", "tender", "4f1b")
    assert (document.body, document.url) == (BODY, URL)
    assert len(document.sha256) == 64
    assert document.received_at is not None


def test_the_same_payload_again_is_the_row_already_kept():
    first = _keep()

    again = _keep()

    assert again.pk == first.pk
    assert RawDocument.objects.count() == 1


def test_a_changed_payload_is_kept_as_a_second_version():
    first = _keep()

    second = _keep(CHANGED)

    assert second.pk != first.pk
    assert sorted(RawDocument.objects.values_list("body", flat=True)) == sorted([BODY, CHANGED])


def test_keeping_a_payload_resolves_the_quarantine_of_that_document_only():
    waiting = _quarantine()
    other = quarantine(system="prozorro", kind="tender", external_id="9c2e", body=BODY, url=URL, reason="No title.")

    _keep(CHANGED)

    waiting.refresh_from_db()
    other.refresh_from_db()
    assert waiting.resolved_at is not None
    assert other.resolved_at is None


# The quarantine.


def test_a_quarantined_document_keeps_its_body_and_reason_and_is_audited_privately():
    row = _quarantine()

    assert (row.body, row.url, row.reason, row.attempts, row.resolved_at) == (
        BODY,
        URL,
        "The tender has no procuring entity.",
        1,
        None,
    )
    event = AuditEvent.objects.get(action="connector.document_quarantined")
    assert (event.object_type, event.object_id, event.is_public) == ("prozorro.tender", "4f1b", False)
    assert event.after["reason"] == "The tender has no procuring entity."


def test_the_same_version_quarantined_again_counts_an_attempt_and_is_audited_once():
    first = _quarantine()

    again = _quarantine(reason="The tender's procuring entity has no EDRPOU code.")

    assert again.pk == first.pk
    assert again.attempts == 2
    assert again.reason == "The tender's procuring entity has no EDRPOU code."
    assert again.last_seen_at >= first.last_seen_at
    assert Quarantined.objects.count() == 1
    assert _events("connector.document_quarantined") == 1


def test_a_new_version_that_still_cannot_be_mapped_is_quarantined_beside_the_first():
    _quarantine()

    _quarantine(CHANGED)

    assert Quarantined.objects.count() == 2
    assert _events("connector.document_quarantined") == 2


def test_a_resolved_version_met_again_unmapped_waits_in_the_quarantine_again():
    row = _quarantine()
    _keep(CHANGED)

    _quarantine()

    row.refresh_from_db()
    assert row.resolved_at is None
    assert row.attempts == 2


# Cursors.


def test_a_feed_has_no_cursor_before_its_first_page():
    assert read_cursor("prozorro", "tenders") is None


def test_each_feed_keeps_its_own_cursor():
    with transaction.atomic():
        save_cursor(system="prozorro", feed="tenders", value="1719999999.123")
    with transaction.atomic():
        save_cursor(system="prozorro", feed="contracts", value={"offset": "42"})

    assert read_cursor("prozorro", "tenders") == "1719999999.123"
    assert read_cursor("prozorro", "contracts") == {"offset": "42"}
    assert read_cursor("spending", "tenders") is None


def test_a_page_that_fails_before_its_commit_leaves_the_cursor_and_the_payloads_as_they_were():
    with transaction.atomic():
        _keep()
        save_cursor(system="prozorro", feed="tenders", value="page-1")

    with pytest.raises(PageFailed):
        _store_page_then_fail()

    assert read_cursor("prozorro", "tenders") == "page-1"
    assert list(RawDocument.objects.values_list("body", flat=True)) == [BODY]


def test_resetting_one_feed_keeps_the_others_and_is_audited():
    save_cursor(system="prozorro", feed="tenders", value="t-9")
    save_cursor(system="prozorro", feed="plans", value="p-3")

    reset_cursor(system="prozorro", feed="tenders")

    assert read_cursor("prozorro", "tenders") is None
    assert read_cursor("prozorro", "plans") == "p-3"
    event = AuditEvent.objects.get(action="connector.cursor_reset")
    assert (event.object_type, event.object_id, event.is_public) == ("connector", "prozorro", False)
    assert event.before == {"cursor": {"tenders": "t-9", "plans": "p-3"}}
    assert event.after == {"cursor": {"plans": "p-3"}}


def test_resetting_a_system_clears_every_feed():
    save_cursor(system="prozorro", feed="tenders", value="t-9")
    save_cursor(system="prozorro", feed="plans", value="p-3")

    reset_cursor(system="prozorro")

    assert SyncState.objects.get(system="prozorro").cursor == {}
    assert _events("connector.cursor_reset") == 1


# Runs.


def test_a_run_that_started_shows_as_running():
    run_started("prozorro")

    state = SyncState.objects.get(system="prozorro")
    assert (state.runs, state.last_outcome) == (1, Outcome.RUNNING)
    assert state.last_started_at is not None
    assert state.last_finished_at is None


def test_successful_runs_add_their_counts_to_the_totals():
    run_started("prozorro")
    run_finished("prozorro", {"fetched": 10, "created": 7, "updated": 2, "unchanged": 1, "quarantined": 0})
    run_started("prozorro")
    run_finished("prozorro", {"fetched": 3, "created": 1, "updated": 1, "unchanged": 0, "quarantined": 1})

    state = SyncState.objects.get(system="prozorro")
    assert (state.runs, state.failures) == (2, 0)
    assert (state.fetched, state.created, state.updated, state.quarantined) == (13, 8, 3, 1)
    assert state.last_run == {"fetched": 3, "created": 1, "updated": 1, "unchanged": 0, "quarantined": 1}
    assert state.last_outcome == Outcome.SUCCEEDED
    assert state.last_success_at == state.last_finished_at
    assert state.last_error == ""
    assert _events("connector.sync_finished") == 2


def test_a_failed_run_keeps_the_last_success_and_records_the_error():
    run_started("prozorro")
    run_finished("prozorro", {"fetched": 2})
    succeeded_at = SyncState.objects.get(system="prozorro").last_success_at

    run_started("prozorro")
    run_finished("prozorro", {"fetched": 1}, "https://example.org answered HTTP 503 6 times; giving up for now.")

    state = SyncState.objects.get(system="prozorro")
    assert state.last_outcome == Outcome.FAILED
    assert state.last_success_at == succeeded_at
    assert state.last_finished_at > succeeded_at
    assert state.last_error == "https://example.org answered HTTP 503 6 times; giving up for now."
    assert (state.runs, state.failures, state.fetched) == (2, 1, 3)
    event = AuditEvent.objects.get(action="connector.sync_failed")
    assert event.after["error"].startswith("https://example.org answered HTTP 503")
    assert event.is_public is False


def test_a_success_after_a_failure_clears_the_error():
    run_started("prozorro")
    run_finished("prozorro", {}, "timed out")
    run_started("prozorro")
    run_finished("prozorro", {"fetched": 1})

    state = SyncState.objects.get(system="prozorro")
    assert (state.last_outcome, state.last_error, state.failures) == (Outcome.SUCCEEDED, "", 1)


def test_the_audit_chain_stays_whole_through_every_connector_write():
    _quarantine()
    _quarantine()
    _keep(CHANGED)
    save_cursor(system="prozorro", feed="tenders", value="t-1")
    reset_cursor(system="prozorro")
    run_started("prozorro")
    run_finished("prozorro", {"fetched": 1}, "boom")

    report = verify_chain()

    assert report.is_whole
    assert report.events_checked == AuditEvent.objects.count() >= 3

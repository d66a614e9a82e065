"""Faults of the source: each ends in a retry that succeeds or a document quarantined with its reason, never a crash
or a page half stored."""

from connectors.models import Quarantined, RawDocument, SyncState
from connectors.prozorro.models import MappedVersion
from contracting.models import ContractingProcess, Release
from tests.connectors.prozorro.fake import (
    feed_entries,
    generated_tender,
    sample_bytes,
    sleeping,
    status,
    truncated,
)

TENDER = "tender-aboveThreshold-complete.json"


def one_tender_page(prozorro, number=1):
    tender = generated_tender(number)
    prozorro.page("tenders", feed_entries([tender]))
    prozorro.document(f"tenders/{tender['data']['id']}", tender)
    return tender


def test_a_document_that_answers_after_the_clients_timeout_is_asked_for_again(prozorro, sync, settings):
    settings.DREAM_CONNECTOR_TIMEOUT_SECONDS = 0.2
    tender = one_tender_page(prozorro)
    path = f"tenders/{tender['data']['id']}"
    prozorro.fail(path, sleeping(0.6))

    report = sync()

    assert report.errors == []
    assert report.created == 1
    assert prozorro.count(path) == 2


def test_a_429_is_waited_out_as_its_retry_after_says_and_asked_again(prozorro, sync):
    tender = one_tender_page(prozorro)
    path = f"tenders/{tender['data']['id']}"
    prozorro.fail(path, status(429, {"Retry-After": "1"}))

    report = sync()

    assert (report.errors, report.created) == ([], 1)
    assert prozorro.count(path) == 2


def test_a_500_then_success_records_the_document(prozorro, sync):
    tender = one_tender_page(prozorro)
    path = f"tenders/{tender['data']['id']}"
    prozorro.fail(path, status(500), status(503))

    report = sync()

    assert (report.errors, report.created) == ([], 1)
    assert prozorro.count(path) == 3


def test_a_truncated_body_is_asked_for_again_and_then_recorded(prozorro, sync):
    tender = one_tender_page(prozorro)
    path = f"tenders/{tender['data']['id']}"
    prozorro.fail(path, truncated(sample_bytes(TENDER)))

    report = sync()

    assert (report.errors, report.created, report.quarantined) == ([], 1, 0)


def test_a_body_truncated_at_every_attempt_is_quarantined_with_its_reason_and_the_sync_goes_on(prozorro, sync):
    broken = one_tender_page(prozorro, 1)
    path = f"tenders/{broken['data']['id']}"
    prozorro.fail(path, *[truncated(sample_bytes(TENDER))] * 3)
    good = generated_tender(2)
    prozorro.page("tenders", feed_entries([good]))
    prozorro.document(f"tenders/{good['data']['id']}", good)

    report = sync()

    assert report.errors == []
    assert (report.created, report.quarantined) == (1, 1)
    held = Quarantined.objects.get()
    assert held.external_id == broken["data"]["id"]
    assert "not JSON" in held.reason
    assert ContractingProcess.objects.get().tender_id == "UA-2027-01-01-000002-a"
    assert SyncState.objects.get().cursor["tenders"] == "2.tenders"


def test_a_page_served_twice_records_each_document_once(prozorro, sync):
    tenders = [generated_tender(number) for number in (1, 2, 3)]
    prozorro.page("tenders", feed_entries(tenders))
    prozorro.page("tenders", feed_entries(tenders))  # the same entries again under the next offset
    for tender in tenders:
        prozorro.document(f"tenders/{tender['data']['id']}", tender)

    report = sync()

    assert report.errors == []
    assert (report.created, report.unchanged) == (3, 3)
    assert Release.objects.count() == 3
    assert RawDocument.objects.count() == 3
    assert all(prozorro.count(f"tenders/{t['data']['id']}") == 1 for t in tenders)


def test_a_feed_whose_next_offset_is_the_one_asked_for_ends_there_instead_of_looping(prozorro, sync, monkeypatch):
    tender = one_tender_page(prozorro)
    original = prozorro._feed_page

    def stuck(feed, offset):
        return original(feed, None)  # always the first page, whatever offset is asked for

    monkeypatch.setattr(prozorro, "_feed_page", stuck)

    report = sync()

    assert report.errors == []
    assert report.created == 1
    assert prozorro.count("tenders") == 2
    assert ContractingProcess.objects.get().tender_id == tender["data"]["tenderID"]


def test_a_tender_changed_between_two_pages_ends_as_its_newer_version(prozorro, sync):
    first = generated_tender(1, modified="2027-02-01T10:00:00+02:00")
    newer = generated_tender(1, modified="2027-02-02T10:00:00+02:00")
    newer["data"]["title"] = "Закупівля №1, змінена"
    newer["data"]["value"]["amount"] = 1500.0
    prozorro.page("tenders", feed_entries([first]))
    prozorro.page("tenders", feed_entries([newer]))
    prozorro.document(f"tenders/{first['data']['id']}", first, newer)

    report = sync()

    assert (report.errors, report.created, report.updated) == ([], 2, 0)
    process = ContractingProcess.objects.get()
    assert process.title == "Закупівля №1, змінена"
    assert str(process.value_amount) == "1500.00"
    # Each version is a release of the process; the newer one is what the compiled record says.
    assert [r.date.isoformat() for r in process.releases.order_by("date")] == [
        "2027-02-01T08:00:00+00:00",
        "2027-02-02T08:00:00+00:00",
    ]
    assert MappedVersion.objects.get().date_modified == "2027-02-02T10:00:00+02:00"


def test_a_document_that_cannot_be_fetched_stops_the_sync_before_its_page_and_a_rerun_picks_it_up(prozorro, sync):
    stored = one_tender_page(prozorro, 1)
    unreachable = generated_tender(2)
    other = generated_tender(3)
    prozorro.page("tenders", feed_entries([unreachable, other]))
    for tender in (stored, unreachable, other):
        prozorro.document(f"tenders/{tender['data']['id']}", tender)
    path = f"tenders/{unreachable['data']['id']}"
    prozorro.fail(path, *[status(502)] * 3)

    report = sync()

    assert len(report.errors) == 1
    assert "502" in report.errors[0]
    assert report.created == 1
    assert SyncState.objects.get().cursor == {"tenders": "1.tenders"}
    assert list(ContractingProcess.objects.values_list("tender_id", flat=True)) == ["UA-2027-01-01-000001-a"]

    again = sync()

    assert again.errors == []
    assert again.created == 2
    assert sorted(ContractingProcess.objects.values_list("tender_id", flat=True)) == [
        "UA-2027-01-01-000001-a",
        "UA-2027-01-01-000002-a",
        "UA-2027-01-01-000003-a",
    ]


def test_a_feed_page_that_cannot_be_fetched_stops_the_sync_with_the_error_and_moves_no_cursor(prozorro, sync):
    one_tender_page(prozorro)
    prozorro.fail("tenders", *[status(503)] * 3)

    report = sync()

    assert report.errors
    assert "503" in report.errors[0]
    assert not ContractingProcess.objects.exists()
    assert SyncState.objects.get().cursor == {}


def test_the_limit_stops_the_sync_at_the_end_of_the_page_it_is_reached_in(prozorro, sync):
    first = [generated_tender(number) for number in (1, 2)]
    second = [generated_tender(number) for number in (3, 4)]
    for page in (first, second):
        prozorro.page("tenders", feed_entries(page))
        for tender in page:
            prozorro.document(f"tenders/{tender['data']['id']}", tender)

    report = sync(limit=1)

    assert report.created == 2
    assert SyncState.objects.get().cursor == {"tenders": "1.tenders"}
    assert sync().created == 2

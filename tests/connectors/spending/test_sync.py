"""The spending sync against a fake portal serving the real transactions samples and a generated set."""

import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from connectors.models import Quarantined, RawDocument, SyncState
from connectors.services import read_cursor, reset_cursor
from connectors.spending import sync as spending_sync
from connectors.sync import run_sync
from contracting.models import Payment
from contracting.services import record_payment, record_release
from parties.models import OrganisationKind
from tests.connectors.spending.portal import (
    BASE,
    FULL_KEYS,
    PAGE_SHAPE,
    SAMPLE_PAYER,
    SAMPLE_RECIPIENT,
    TRANSACTIONS,
    FakePortal,
    sample_body,
    transaction,
)
from tests.contracting.releases import tender_release
from tests.factories import OrganisationFactory, valid_edrpou

pytestmark = pytest.mark.django_db

LAST_DAY = date(2023, 5, 31)
CONTRACTOR = valid_edrpou("4123456")
SOLE_TRADER_CODE = "2934805617"
SOLE_TRADER_NAME = "ФОП Приватенко Марія Іванівна"
SOLE_TRADER_PURPOSE = "Оплата за ремонт даху згідно рах. 17, Приватенко М. І."
CONTRACT_ID = "b7c2e5a1d3f04e6a9c8b1a2d3e4f5a6b"


@pytest.fixture(autouse=True)
def _settings(settings, monkeypatch):
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS = 5
    settings.DREAM_CONNECTOR_ATTEMPTS = 3
    settings.DREAM_CONNECTOR_TIMEOUT_SECONDS = 0.5
    monkeypatch.setattr(spending_sync, "last_day_to_sync", lambda: LAST_DAY)


def _point_at(server: HTTPServer, settings, start_date: str = "2023-05-01") -> None:
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "spending": {
            **settings.DREAM_CONNECTORS["spending"],
            "base_url": server.url_for(BASE),
            "rate_per_second": 1000,
            "start_date": start_date,
        },
    }


@pytest.fixture
def portal(httpserver, settings) -> FakePortal:
    fake = FakePortal()
    fake.install(httpserver)
    _point_at(httpserver, settings)
    return fake


@pytest.fixture
def treasury(db):
    """The payer of the official example, registered here."""
    return OrganisationFactory(edrpou=SAMPLE_PAYER, kind=OrganisationKind.AGENCY, name_uk="Казначейство")


def _payments() -> list[dict]:
    return list(Payment.objects.order_by("source", "external_id").values())


# The real samples.


def test_the_official_example_becomes_a_payment_exactly(portal, treasury):
    portal.add_document(sample_body())

    report = run_sync("spending")

    assert (report.fetched, report.created, report.quarantined, report.errors) == (1, 1, 0, [])
    payment = Payment.objects.get()
    assert (payment.source, payment.external_id) == ("spending", "256103375")
    assert payment.amount == Decimal("19415413165.34")
    assert payment.currency == "UAH"
    assert payment.paid_on == date(2023, 5, 10)
    assert (payment.payer_edrpou, payment.payer_name) == (SAMPLE_PAYER, "Виділення асигнувань по ЗФ")
    assert (payment.recipient_edrpou, payment.recipient_name) == (SAMPLE_RECIPIENT, "Мінфін")
    assert payment.recipient_is_private is False
    assert payment.purpose == "Спл.дох.по ОВДП.Розп.МФУ вчд 27.04.xxxx Nxxxx"
    assert (payment.contract_id, payment.process) == ("", None)


def test_the_transaction_is_kept_as_the_portal_sent_it(portal, treasury):
    portal.add_document(sample_body())

    run_sync("spending")

    assert portal.body_for(portal.requests[0]) == sample_body()  # the window was answered with the sample's bytes
    kept = RawDocument.objects.get(system="spending", kind="transaction", external_id="256103375")
    assert json.loads(kept.body) == json.loads(sample_body())[0]
    assert '"amount":19415413165.34' in kept.body
    assert f"payers_edrpous={SAMPLE_PAYER}" in kept.url


def test_the_sample_with_every_key_reads_the_same(portal, treasury):
    portal.add_document(sample_body(FULL_KEYS))

    run_sync("spending")

    payment = Payment.objects.get()
    assert (payment.amount, payment.contract_id, payment.recipient_name) == (Decimal("19415413165.34"), "", "Мінфін")


def test_the_paged_answer_shape_reads_the_same(httpserver, settings, treasury):
    page = sample_body(PAGE_SHAPE)
    httpserver.expect_request(TRANSACTIONS).respond_with_data(page, content_type="application/json")
    _point_at(httpserver, settings)

    run_sync("spending")

    assert Payment.objects.get().amount == Decimal("19415413165.34")


def test_a_payment_between_two_organisations_here_is_recorded_once(portal, treasury):
    OrganisationFactory(edrpou=SAMPLE_RECIPIENT, kind=OrganisationKind.MINISTRY, name_uk="Мінфін")
    portal.add_document(sample_body())

    report = run_sync("spending")

    assert (report.fetched, report.created, report.unchanged) == (2, 1, 1)
    assert Payment.objects.count() == 1


# Feeds, windows and cursors.


def test_each_organisation_is_asked_as_payer_and_as_recipient_in_windows_of_31_days(portal, treasury, settings):
    settings.DREAM_CONNECTORS["spending"]["start_date"] = "2023-03-01"

    run_sync("spending")

    windows = [("2023-03-01", "2023-03-31"), ("2023-04-01", "2023-05-01"), ("2023-05-02", "2023-05-31")]
    assert portal.requests == [
        *({"payers_edrpous": SAMPLE_PAYER, "startdate": start, "enddate": end} for start, end in windows),
        *({"recipt_edrpous": SAMPLE_PAYER, "startdate": start, "enddate": end} for start, end in windows),
    ]
    assert read_cursor("spending", f"payer:{SAMPLE_PAYER}") == "2023-05-31"
    assert read_cursor("spending", f"recipient:{SAMPLE_PAYER}") == "2023-05-31"


def test_the_next_sync_asks_only_for_the_days_after_the_cursor(portal, treasury, monkeypatch):
    run_sync("spending")
    portal.requests.clear()
    monkeypatch.setattr(spending_sync, "last_day_to_sync", lambda: date(2023, 6, 2))

    run_sync("spending")

    assert [(request["startdate"], request["enddate"]) for request in portal.requests] == [
        ("2023-06-01", "2023-06-02"),
        ("2023-06-01", "2023-06-02"),
    ]


def test_syncing_twice_leaves_the_same_rows(portal, treasury):
    portal.add_document(sample_body())
    portal.rows.extend(_generated_rows())
    run_sync("spending")
    payments, raw = _payments(), RawDocument.objects.count()

    again = run_sync("spending")
    reset_cursor(system="spending")
    replayed = run_sync("spending")

    assert again.fetched == 0
    assert (replayed.created, replayed.updated, replayed.unchanged) == (0, 0, len(payments))
    assert _payments() == payments
    assert RawDocument.objects.count() == raw


def test_a_limited_sync_stops_after_the_window_that_reached_the_limit(portal, treasury, settings):
    settings.DREAM_CONNECTORS["spending"]["start_date"] = "2023-03-01"
    portal.add_document(sample_body())

    report = run_sync("spending", limit=1)

    assert report.fetched == 1
    assert read_cursor("spending", f"payer:{SAMPLE_PAYER}") == "2023-05-31"
    assert read_cursor("spending", f"recipient:{SAMPLE_PAYER}") is None


# A generated set: contracts, private recipients, exact amounts and rows that do not map.


def _generated_rows() -> list[dict]:
    return [
        transaction(
            1,
            "2023-05-12",
            trans_date="2023-05-13",
            recipt_edrpou=CONTRACTOR,
            recipt_name="ТОВ «Будівельник»",
            payment_details="Оплата за капітальний ремонт даху ліцею",
            contractId=CONTRACT_ID,
            amount=850000.01,
            amount_cop=85000001,
        ),
        transaction(
            2,
            "2023-05-15",
            recipt_edrpou=SOLE_TRADER_CODE,
            recipt_name=SOLE_TRADER_NAME,
            payment_details=SOLE_TRADER_PURPOSE,
            amount=15000.5,
            amount_cop=1500050,
        ),
        transaction(3, "2023-05-16", recipt_edrpou="xxxxxxxxxx", recipt_name="Фізична особа"),
        transaction(4, "2023-05-17", amount_cop=-500, amount=-5.0),
        transaction(5, "2023-05-17", trans_date="17.05.2023"),
        transaction(6, "2023-05-18", amount=1000.0, amount_cop=100001),
        transaction(7, "2023-05-19", amount=0.1, amount_cop=10),
    ]


def test_a_generated_set_maps_exactly_and_quarantines_the_rows_that_do_not(portal, treasury):
    portal.rows.extend(_generated_rows())

    report = run_sync("spending")

    assert (report.fetched, report.created, report.quarantined, report.errors) == (7, 4, 3, [])
    amounts = dict(Payment.objects.values_list("external_id", "amount"))
    assert amounts == {
        "900000001": Decimal("850000.01"),
        "900000002": Decimal("15000.50"),
        "900000003": Decimal("1234.56"),
        "900000007": Decimal("0.10"),
    }
    # The day the treasury paid, not the day of the payment order.
    assert Payment.objects.get(external_id="900000001").paid_on == date(2023, 5, 13)
    reasons = dict(Quarantined.objects.filter(system="spending").values_list("external_id", "reason"))
    assert reasons == {
        "900000004": "A payment's amount must be positive and finite, not -5.00.",
        "900000005": "trans_date '17.05.2023' is not a date in the form YYYY-MM-DD.",
        "900000006": "amount 1000.0 and amount_cop 100001 disagree.",
    }


def test_an_amount_beyond_a_floats_precision_reaches_the_payment_exactly(portal, treasury, monkeypatch):
    row = transaction(8, "2023-05-20", amount="AMOUNT", amount_cop=123456789012345678)
    portal.verbatim.append(json.dumps([row]).replace('"AMOUNT"', "1234567890123456.78"))
    portal.rows.append({**row, "amount": 1234567890123456.78})  # as a float reads it: the kopecks are lost
    recorded = []

    def spy(facts):
        recorded.append(facts.amount)
        return record_payment(facts)

    monkeypatch.setattr(spending_sync, "record_payment", spy)

    report = run_sync("spending")

    # SQLite keeps a decimal column as a float, so the amount handed to the service is what is asserted here.
    assert (report.created, report.quarantined) == (1, 0)
    assert recorded == [Decimal("1234567890123456.78")]
    kept = RawDocument.objects.get(system="spending", external_id="900000008")
    assert '"amount":1234567890123456.78,' in kept.body


def test_a_payment_naming_a_contract_is_tied_to_its_process(portal, treasury, cast):
    contract = {"id": CONTRACT_ID, "status": "active", "value": {"amount": 850000.01, "currency": "UAH"}}
    process = record_release(tender_release(cast.bucha, contracts=[contract]), source="prozorro").release.process
    portal.rows.extend(_generated_rows()[:1])

    run_sync("spending")

    payment = Payment.objects.get(external_id="900000001")
    assert (payment.contract_id, payment.process) == (CONTRACT_ID, process)


def test_a_payment_met_before_its_contract_is_tied_when_the_contract_arrives(portal, treasury, cast):
    portal.rows.extend(_generated_rows()[:1])
    run_sync("spending")
    assert Payment.objects.get().process is None

    contract = {"id": CONTRACT_ID, "status": "active"}
    process = record_release(tender_release(cast.bucha, contracts=[contract]), source="prozorro").release.process

    assert Payment.objects.get().process == process


@pytest.mark.parametrize(
    "code", [SOLE_TRADER_CODE, "xxxxxxxxxx", "", "1234567"], ids=["rnokpp", "masked", "none", "short"]
)
def test_a_private_recipient_leaves_no_identity_in_the_payment(portal, treasury, code):
    portal.rows.append(
        transaction(
            9, "2023-05-15", recipt_edrpou=code, recipt_name=SOLE_TRADER_NAME, payment_details=SOLE_TRADER_PURPOSE
        )
    )

    run_sync("spending")

    payment = Payment.objects.get()
    assert payment.recipient_is_private is True
    assert (payment.recipient_edrpou, payment.recipient_name, payment.purpose) == ("", "", "")
    assert payment.amount == Decimal("1234.56")
    kept = RawDocument.objects.get(system="spending", external_id="900000009")
    assert SOLE_TRADER_NAME in kept.body  # the raw payload is provenance, and RawDocument is never published


# Faults.


def test_a_429_is_waited_out_as_retry_after_says_and_the_sync_goes_on(httpserver, settings, treasury):
    fake = FakePortal()
    fake.add_document(sample_body())
    httpserver.expect_ordered_request(TRANSACTIONS).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    fake.install(httpserver)
    _point_at(httpserver, settings)

    started = time.monotonic()
    report = run_sync("spending")
    waited = time.monotonic() - started

    assert (report.created, report.errors) == (1, [])
    assert waited >= 0.95
    assert [entry[1].status_code for entry in httpserver.log] == [429, 200, 200]


def test_a_500_then_an_answer_goes_on(httpserver, settings, treasury):
    fake = FakePortal()
    fake.add_document(sample_body())
    httpserver.expect_ordered_request(TRANSACTIONS).respond_with_data("oops", status=500)
    fake.install(httpserver)
    _point_at(httpserver, settings)

    report = run_sync("spending")

    assert (report.created, report.errors) == (1, [])
    assert Payment.objects.get().amount == Decimal("19415413165.34")


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_timeout_is_asked_again_and_the_sync_goes_on(threaded_server, settings, treasury):
    fake = FakePortal()
    fake.add_document(sample_body())
    release = threading.Event()
    calls = []

    def slow_once(request: Request) -> Response:
        calls.append(dict(request.args))
        if len(calls) == 1:
            release.wait(3)
        return fake.answer(request)

    threaded_server.expect_request(TRANSACTIONS).respond_with_handler(slow_once)
    _point_at(threaded_server, settings)

    try:
        report = run_sync("spending")
    finally:
        release.set()

    assert (report.created, report.errors) == (1, [])
    assert calls[0] == calls[1]


def test_a_truncated_answer_is_asked_again(httpserver, settings, treasury):
    fake = FakePortal()
    fake.add_document(sample_body())
    httpserver.expect_ordered_request(TRANSACTIONS).respond_with_data(
        sample_body()[:200], content_type="application/json"
    )
    fake.install(httpserver)
    _point_at(httpserver, settings)

    report = run_sync("spending")

    assert (report.created, report.quarantined) == (1, 0)


def test_an_answer_that_stays_truncated_is_quarantined_and_the_other_feeds_go_on(httpserver, settings, treasury):
    other = OrganisationFactory(edrpou=valid_edrpou("4999999"), kind=OrganisationKind.COMMUNITY)
    fake = FakePortal()
    fake.add_document(sample_body())
    fake.rows.append(transaction(10, "2023-05-03", payer_edrpou=other.edrpou))

    def truncated_for_the_treasury(request: Request) -> Response:
        if request.args.get("payers_edrpous") == SAMPLE_PAYER:
            return Response(sample_body()[:200], content_type="application/json")
        return fake.answer(request)

    httpserver.expect_request(TRANSACTIONS).respond_with_handler(truncated_for_the_treasury)
    _point_at(httpserver, settings)

    report = run_sync("spending")

    assert (report.created, report.quarantined, report.errors) == (1, 1, [])
    held = Quarantined.objects.get(system="spending")
    assert (held.kind, held.external_id) == ("window", f"payer:{SAMPLE_PAYER}:2023-05-01:2023-05-31")
    assert held.body == sample_body()[:200]
    assert "not JSON" in held.reason
    assert read_cursor("spending", f"payer:{SAMPLE_PAYER}") is None
    assert read_cursor("spending", f"payer:{other.edrpou}") == "2023-05-31"

    httpserver.clear()
    fake.install(httpserver)
    run_sync("spending")

    assert Payment.objects.filter(external_id="256103375").exists()
    held.refresh_from_db()
    assert held.resolved_at is not None


def test_a_portal_that_stays_down_fails_the_run_keeping_the_windows_done(httpserver, settings, treasury):
    fake = FakePortal()
    fake.add_document(sample_body())

    def down_for_recipients(request: Request) -> Response:
        if "recipt_edrpous" in request.args:
            return Response("down", status=503)
        return fake.answer(request)

    httpserver.expect_request(TRANSACTIONS).respond_with_handler(down_for_recipients)
    _point_at(httpserver, settings)

    report = run_sync("spending")

    assert report.created == 1
    assert "answered HTTP 503" in report.errors[0]
    assert SyncState.objects.get(system="spending").last_outcome == "failed"
    assert read_cursor("spending", f"payer:{SAMPLE_PAYER}") == "2023-05-31"
    assert read_cursor("spending", f"recipient:{SAMPLE_PAYER}") is None


def test_dream_sync_spending_runs_the_connector(portal, treasury):
    portal.add_document(sample_body())

    call_command("sync", "spending", "--quiet")

    assert Payment.objects.count() == 1

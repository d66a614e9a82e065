"""A private person paid from a project's contract leaves no trace in any public read or bulk file."""

from datetime import date

import pytest

from audit.models import AuditEvent
from connectors.spending import sync as spending_sync
from connectors.sync import run_sync
from contracting.models import Payment
from contracting.services import record_release
from projects.codes import StatusDetail
from publishing.bulk import publish
from tests.connectors.spending.portal import BASE, FakePortal, transaction
from tests.contracting.releases import release, tender_release
from tests.factories import project_in
from tests.publishing.test_privacy import _published_responses

CONTRACT_ID = "c0ffee00c0ffee00c0ffee00c0ffee00"
SOLE_TRADER_CODE = "3012345678"
SOLE_TRADER_NAME = "ФОП Приватенко Марія Іванівна"
SOLE_TRADER_PURPOSE = "Оплата за ремонт даху згідно рах. 17, Приватенко М. І."
SECRETS = [SOLE_TRADER_CODE, SOLE_TRADER_NAME, "Приватенко", SOLE_TRADER_PURPOSE]


@pytest.fixture
def paid_project(cast, httpserver, settings, monkeypatch):
    """A project in implementation whose contract the community paid to a sole trader, synced from the portal."""
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "spending": {
            **settings.DREAM_CONNECTORS["spending"],
            "base_url": httpserver.url_for(BASE),
            "rate_per_second": 1000,
            "start_date": "2025-03-01",
        },
    }
    monkeypatch.setattr(spending_sync, "last_day_to_sync", lambda: date(2025, 3, 31))
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.bucha), source="prozorro", project_code=project.code)
    award = release(
        "r-2",
        date="2025-03-10T10:00:00+02:00",
        tag=("award", "contract"),
        awards=[{"id": "a-1", "status": "active"}],
        contracts=[{"id": CONTRACT_ID, "awardID": "a-1", "status": "active"}],
    )
    record_release(award, source="prozorro")
    portal = FakePortal()
    portal.rows.append(
        transaction(
            1,
            "2025-03-14",
            payer_edrpou=cast.bucha.edrpou,
            payer_name=cast.bucha.name_uk,
            recipt_edrpou=SOLE_TRADER_CODE,
            recipt_name=SOLE_TRADER_NAME,
            payment_details=SOLE_TRADER_PURPOSE,
            contractId=CONTRACT_ID,
        )
    )
    portal.install(httpserver)
    report = run_sync("spending")
    assert (report.created, report.errors) == (1, [])
    return project


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_the_payment_keeps_no_identity_of_the_private_recipient(paid_project):
    payment = Payment.objects.get()

    assert payment.process is not None
    assert payment.recipient_is_private is True
    assert _leaks(" ".join(str(value) for value in vars(payment).values())) == []
    for event in AuditEvent.objects.filter(object_type="payment"):
        assert _leaks(f"{event.before} {event.after}") == []


def test_no_public_read_shows_the_private_recipient(paid_project, client):
    responses = _published_responses(client, paid_project.code)

    assert {url: _leaks(text) for url, text in responses.items() if _leaks(text)} == {}


def test_no_bulk_file_shows_the_private_recipient(paid_project, tmp_path):
    out = tmp_path / "publish"

    publish(out)

    leaks = {
        path.name: _leaks(path.read_text(encoding="utf-8-sig"))
        for path in out.rglob("*")
        if path.is_file() and path.suffix in {".json", ".jsonl", ".csv"}
    }
    assert {name: found for name, found in leaks.items() if found} == {}

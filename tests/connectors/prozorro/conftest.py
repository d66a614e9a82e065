"""Fixtures of the Prozorro connector's tests: a fake Prozorro on a local server, fast retries, a canonical dump."""

import json
import re
from collections.abc import Callable

import pytest
from django.db import connection
from pytest_httpserver import HTTPServer

from connectors.sync import SyncReport, run_sync
from tests.connectors.prozorro.fake import PREFIX, FakeProzorro


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS = 0.05
    settings.DREAM_CONNECTOR_ATTEMPTS = 3
    settings.DREAM_CONNECTOR_TIMEOUT_SECONDS = 2
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "prozorro": {"base_url": "http://127.0.0.1:9/api/2.5", "rate_per_second": 10000},
    }


@pytest.fixture
def threaded_server():
    """A local server answering each request in a thread of its own, so a held answer does not hold the retry."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def prozorro(threaded_server, settings) -> FakeProzorro:
    """A fake Prozorro served on the local server, and the connector's settings pointed at it."""
    fake = FakeProzorro(threaded_server.url_for("").rstrip("/"))
    threaded_server.expect_request(re.compile(rf"^{re.escape(PREFIX)}/.*")).respond_with_handler(fake.handle)
    base_url = threaded_server.url_for(PREFIX)
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "prozorro": {"base_url": base_url, "rate_per_second": 10000},
    }
    return fake


@pytest.fixture
def sync(prozorro, db) -> Callable[..., SyncReport]:
    """Run one sync of Prozorro against the fake."""

    def run(**options) -> SyncReport:
        return run_sync("prozorro", **options)

    return run


# The tables a sync writes, each as the query of its rows without their ids or the times they were written.
DUMP_QUERIES = {
    "processes": """
        SELECT p.ocid, p.tender_id, pr.code, p.title, p.status, p.procuring_entity_edrpou, p.procuring_entity_name,
               p.value_amount, p.value_currency, p.source
        FROM contracting_contractingprocess p LEFT JOIN projects_project pr ON pr.id = p.project_id""",
    "releases": """
        SELECT p.ocid, r.release_id, r.date, r.tags, r.document
        FROM contracting_release r JOIN contracting_contractingprocess p ON p.id = r.process_id""",
    "contracts": """
        SELECT p.ocid, c.contract_id, c.status, c.value_amount, c.value_currency
        FROM contracting_processcontract c JOIN contracting_contractingprocess p ON p.id = c.process_id""",
    "payments": """
        SELECT y.source, y.external_id, y.contract_id, p.ocid, y.payer_edrpou, y.recipient_edrpou,
               y.recipient_name, y.recipient_is_private, y.amount, y.currency, y.paid_on
        FROM contracting_payment y LEFT JOIN contracting_contractingprocess p ON p.id = y.process_id""",
    "raw": "SELECT system, kind, external_id, sha256, url, body FROM connectors_rawdocument",
    "quarantine": """
        SELECT system, kind, external_id, sha256, reason, resolved_at IS NULL FROM connectors_quarantined""",
    "versions": "SELECT kind, prozorro_id, date_modified, tender_id FROM prozorro_mappedversion",
    "plans": """
        SELECT l.prozorro_id, l.plan_id, l.status, l.buyer_edrpou, l.budget_amount, l.budget_currency,
               l.katottg_codes, l.project_code, pr.code, l.tender_prozorro_id, r.sha256
        FROM prozorro_planrecord l LEFT JOIN projects_project pr ON pr.id = l.project_id
        JOIN connectors_rawdocument r ON r.id = l.raw_id""",
    "cursors": "SELECT system, cursor FROM connectors_syncstate",
    "events": """
        SELECT action, object_type, object_id FROM audit_auditevent
        WHERE action NOT LIKE 'connector.sync%' AND action NOT LIKE 'connector.cursor%'""",
}


def _canonical(value):
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return value
    return str(value)


def canonical_dump(cursor) -> dict[str, list[tuple]]:
    """Return every row a sync writes, without ids or times of writing, sorted: equal dumps mean equal data."""
    dump = {}
    for table, query in DUMP_QUERIES.items():
        cursor.execute(query)
        dump[table] = sorted(tuple(_canonical(value) for value in row) for row in cursor.fetchall())
    return dump


@pytest.fixture
def dump() -> Callable[[], dict[str, list[tuple]]]:
    def take() -> dict[str, list[tuple]]:
        with connection.cursor() as cursor:
            return canonical_dump(cursor)

    return take

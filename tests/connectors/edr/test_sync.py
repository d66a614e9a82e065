"""The ЄДР sync: only organisations never checked or checked too long ago, in EDRPOU order, resumable by its cursor."""

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from connectors.models import Quarantined, RawDocument, SyncState
from connectors.services import read_cursor
from connectors.sync import run_sync
from parties.models import Organisation
from tests.connectors.edr.register import (
    BASE,
    CODES,
    SCHOOL_10,
    SCHOOL_MEALS,
    STATE_ADMINISTRATION,
    FakeRegister,
    register_sample_organisations,
)
from tests.factories import OrganisationFactory, valid_edrpou

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS = 2
    settings.DREAM_CONNECTOR_ATTEMPTS = 3
    settings.DREAM_CONNECTOR_TIMEOUT_SECONDS = 0.5


def _point_at(server: HTTPServer, settings, **options) -> None:
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "edr": {
            **settings.DREAM_CONNECTORS["edr"],
            "base_url": server.url_for(BASE),
            "rate_per_second": 1000,
            **options,
        },
    }


@pytest.fixture
def register(httpserver, settings) -> FakeRegister:
    fake = FakeRegister()
    fake.install(httpserver)
    _point_at(httpserver, settings)
    return fake


@pytest.fixture
def organisations(db) -> list[Organisation]:
    return register_sample_organisations()


def _searched(register: FakeRegister) -> list[str]:
    return [request.args["code"] for request in register.requests if "code" in request.args]


def _verified_days_ago(edrpou: str, days: int) -> None:
    Organisation.objects.filter(edrpou=edrpou).update(edr_verified_at=timezone.now() - timedelta(days=days))


def test_a_first_sync_verifies_every_organisation_in_edrpou_order(register, organisations):
    report = run_sync("edr")

    assert (report.fetched, report.created, report.updated, report.quarantined, report.errors) == (3, 3, 0, 0, [])
    assert _searched(register) == sorted(CODES)
    assert set(Organisation.objects.values_list("is_active", flat=True)) == {True}
    assert read_cursor("edr", "round") is None


def test_only_organisations_never_verified_or_verified_too_long_ago_are_verified_again(
    register, organisations, settings
):
    settings.DREAM_CONNECTORS["edr"]["reverify_days"] = 30
    run_sync("edr")
    _verified_days_ago(SCHOOL_MEALS, 31)
    _verified_days_ago(SCHOOL_10, 29)
    fresh = OrganisationFactory(edrpou=valid_edrpou("4123456"))
    register.search[fresh.edrpou] = register.search[STATE_ADMINISTRATION]  # a code the register answers oddly for
    register.requests.clear()

    report = run_sync("edr")

    assert _searched(register) == [SCHOOL_MEALS, fresh.edrpou]
    assert (report.fetched, report.unchanged, report.quarantined) == (2, 1, 1)


def test_syncing_twice_leaves_the_same_rows(register, organisations):
    run_sync("edr")
    rows = list(Organisation.objects.order_by("edrpou").values())
    raw = RawDocument.objects.count()

    report = run_sync("edr")

    assert report.fetched == 0
    assert list(Organisation.objects.order_by("edrpou").values()) == rows
    assert RawDocument.objects.count() == raw


def test_a_limited_sync_resumes_after_the_last_code_done(register, organisations):
    run_sync("edr", limit=2)
    assert read_cursor("edr", "round") == sorted(CODES)[1]
    register.requests.clear()

    report = run_sync("edr")

    assert _searched(register) == [sorted(CODES)[2]]
    assert report.created == 1
    assert read_cursor("edr", "round") is None
    assert Organisation.objects.filter(edr_verified_at=None).count() == 0


def test_a_code_the_register_lacks_is_quarantined_and_the_sync_goes_on(register, organisations):
    unknown = OrganisationFactory(edrpou=valid_edrpou("0000001"))

    report = run_sync("edr")

    assert (report.created, report.quarantined) == (3, 1)
    held = Quarantined.objects.get(system="edr")
    assert (held.kind, held.external_id, held.body) == ("subjects", unknown.edrpou, "[]")
    assert held.reason == f"ЄДР holds no legal entity with EDRPOU {unknown.edrpou}; check the code."
    assert Organisation.objects.get(pk=unknown.pk).edr_verified_at is None


def test_a_terminated_subject_is_marked_not_active_by_the_sync(register, organisations):
    register.subjects[2471627] = {**register.subjects[2471627], "state": 2, "state_text": "в стані припинення"}

    run_sync("edr")

    organisation = Organisation.objects.get(edrpou=SCHOOL_MEALS)
    assert (organisation.is_active, organisation.register_status) == (False, "в стані припинення")


def test_a_429_and_a_500_are_asked_again_and_the_sync_goes_on(httpserver, settings, organisations):
    fake = FakeRegister()
    answers = iter([Response("slow", status=429, headers={"Retry-After": "0"}), Response("oops", status=500)])

    def flaky(request: Request) -> Response:
        return next(answers, None) or fake.answer_search(request)

    httpserver.expect_request(f"{BASE}/subjects").respond_with_handler(flaky)
    fake.install(httpserver)
    _point_at(httpserver, settings)

    report = run_sync("edr")

    assert (report.created, report.errors) == (3, [])
    assert [entry[1].status_code for entry in httpserver.log][:3] == [429, 500, 200]


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_timeout_is_asked_again_and_the_sync_goes_on(threaded_server, settings, organisations):
    fake = FakeRegister()
    release = threading.Event()
    calls = []

    def slow_once(request: Request) -> Response:
        calls.append(request.args["code"])
        if len(calls) == 1:
            release.wait(3)
        return fake.answer_search(request)

    threaded_server.expect_request(f"{BASE}/subjects").respond_with_handler(slow_once)
    fake.install(threaded_server)
    _point_at(threaded_server, settings)

    try:
        report = run_sync("edr")
    finally:
        release.set()

    assert (report.created, report.errors) == (3, [])
    assert calls[:2] == [STATE_ADMINISTRATION, STATE_ADMINISTRATION]


def test_a_register_that_stays_down_fails_the_run_keeping_what_was_done(httpserver, settings, organisations):
    fake = FakeRegister()

    def down_after_the_first(request: Request) -> Response:
        if request.args["code"] == STATE_ADMINISTRATION:
            return fake.answer_search(request)
        return Response("down", status=503)

    httpserver.expect_request(f"{BASE}/subjects").respond_with_handler(down_after_the_first)
    fake.install(httpserver)
    _point_at(httpserver, settings)

    report = run_sync("edr")

    assert report.created == 1
    assert "answered HTTP 503" in report.errors[0]
    assert SyncState.objects.get(system="edr").last_outcome == "failed"
    assert read_cursor("edr", "round") == STATE_ADMINISTRATION


def test_dream_sync_edr_runs_the_connector(register, organisations, capsys):
    call_command("sync", "edr", "--quiet")

    assert Organisation.objects.filter(edr_verified_at=None).count() == 0

"""Organisations looked up and verified in ЄДР, against a fake register serving the real NAIS EDR API samples."""

import json
import time

import pytest
from werkzeug import Response

from audit.models import AuditEvent
from connectors.edr.exceptions import NotInRegister
from connectors.edr.services import lookup, verify_organisation
from connectors.exceptions import SourceUnavailable
from connectors.models import RawDocument
from parties.exceptions import InvalidEdrpou, UnknownOrganisation
from parties.models import Organisation
from tests.connectors.edr.register import (
    BASE,
    SCHOOL_10,
    SCHOOL_MEALS,
    STATE_ADMINISTRATION,
    FakeRegister,
    details,
    register_sample_organisations,
)
from tests.factories import OrganisationFactory, valid_edrpou

pytestmark = pytest.mark.django_db

REGISTER_FIELDS = (
    "edr_name",
    "legal_form_code",
    "legal_form",
    "register_status",
    "is_active",
    "address",
    "activity_codes",
    "edr_verified_at",
)


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_MAX_WAIT_SECONDS = 2
    settings.DREAM_CONNECTOR_ATTEMPTS = 3
    settings.DREAM_CONNECTOR_TIMEOUT_SECONDS = 0.5


@pytest.fixture
def register(httpserver, settings) -> FakeRegister:
    """A fake register on the local server, which the edr settings point at."""
    fake = FakeRegister()
    fake.install(httpserver)
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "edr": {**settings.DREAM_CONNECTORS["edr"], "base_url": httpserver.url_for(BASE), "rate_per_second": 1000},
    }
    return fake


@pytest.fixture
def organisations(db) -> list[Organisation]:
    return register_sample_organisations()


def _register_fields(edrpou: str) -> dict:
    organisation = Organisation.objects.get(edrpou=edrpou)
    return {name: getattr(organisation, name) for name in REGISTER_FIELDS}


EXPECTED = {
    STATE_ADMINISTRATION: {
        "edr_name": "ДЕРЖАВНЕ УПРАВЛІННЯ СПРАВАМИ",
        "legal_form_code": "425",
        "legal_form": "ДЕРЖАВНА ОРГАНІЗАЦІЯ (УСТАНОВА, ЗАКЛАД)",
        "register_status": "зареєстровано",
        "is_active": True,
        "address": "01220, м.Київ, Печерський район ВУЛИЦЯ БАНКОВА буд. 11",
        "activity_codes": [{"code": "84.11", "name": "Державне управління загального характеру", "primary": True}],
    },
    SCHOOL_MEALS: {
        "edr_name": 'КОМУНАЛЬНЕ ПІДПРИЄМСТВО "ШКОЛЯР"',
        "legal_form_code": "",
        "legal_form": "",
        "register_status": "зареєстровано",
        "is_active": True,
        "address": "21001, Вінницька обл., місто Вінниця, Староміський район ВУЛИЦЯ ОСТРОВСЬКОГО буд. 33",
        "activity_codes": [
            {"code": "56.29", "name": "Постачання інших готових страв", "primary": True},
            {
                "code": "10.71",
                "name": "Виробництво хліба та хлібобулочних виробів; виробництво борошняних кондитерських виробів, "
                "тортів і тістечок нетривалого зберігання",
                "primary": False,
            },
            {"code": "10.85", "name": "Виробництво готової їжі та страв", "primary": False},
            {"code": "46.36", "name": "Оптова торгівля цукром, шоколадом і кондитерськими виробами", "primary": False},
            {"code": "47.99", "name": "Інші види роздрібної торгівлі поза магазинами", "primary": False},
        ],
    },
    SCHOOL_10: {
        "edr_name": 'ЗАКЛАД" ЗАГАЛЬНООСВІТНЯ ШКОЛА I-III СТУПЕНІВ №10 ВІННИЦЬКОЇ МІСЬКОЇ РАДИ"',
        "legal_form_code": "",
        "legal_form": "",
        "register_status": "зареєстровано",
        "is_active": True,
        "address": "21027, Вінницька обл., місто Вінниця, Ленінський район ВУЛИЦЯ СТАХУРСЬКОГО буд. 22",
        "activity_codes": [
            {"code": "85.31", "name": "Загальна середня освіта", "primary": True},
            {"code": "85.51", "name": "Освіта у сфері спорту та відпочинку", "primary": False},
            {"code": "85.59", "name": "Інші види освіти, н. в. і. у.", "primary": False},
        ],
    },
}


@pytest.mark.parametrize("edrpou", list(EXPECTED))
def test_verifying_keeps_what_the_register_says_field_by_field(register, organisations, edrpou):
    verify_organisation(edrpou)

    kept = _register_fields(edrpou)
    assert kept.pop("edr_verified_at") is not None
    assert kept == EXPECTED[edrpou]


@pytest.mark.parametrize("edrpou", list(EXPECTED))
def test_lookup_reads_the_register_and_keeps_nothing(register, organisations, edrpou):
    before = (_register_fields(edrpou), RawDocument.objects.count(), AuditEvent.objects.count())

    entry = lookup(edrpou)

    assert entry.edrpou == edrpou
    assert entry.register_id == details()[edrpou][0]["id"]
    assert entry.organisation_fields() == EXPECTED[edrpou]
    assert (_register_fields(edrpou), RawDocument.objects.count(), AuditEvent.objects.count()) == before


def test_lookup_needs_no_organisation_registered_here(register, db):
    assert lookup(SCHOOL_MEALS).short_name == 'КП "ШКОЛЯР"'
    assert not Organisation.objects.exists()


def test_verifying_keeps_both_answers_as_received(register, organisations):
    verify_organisation(SCHOOL_10)

    kept = {document.kind: document for document in RawDocument.objects.filter(system="edr", external_id=SCHOOL_10)}
    assert set(kept) == {"subjects", "subject"}
    assert json.loads(kept["subject"].body) == details()[SCHOOL_10][0]
    assert kept["subjects"].url.endswith(f"/1.0/subjects?code={SCHOOL_10}")


def test_verifying_records_the_changed_fields_before_and_after(register, organisations, django_user_model):
    operator = django_user_model.objects.create_user("operator-1")

    verify_organisation(STATE_ADMINISTRATION, actor=operator)

    event = AuditEvent.objects.filter(action="parties.organisation_verified").get()
    assert (event.object_type, event.object_id, event.actor_label) == (
        "organisation",
        STATE_ADMINISTRATION,
        "operator-1",
    )
    assert event.before == {
        "edr_name": "",
        "legal_form_code": "",
        "legal_form": "",
        "register_status": "",
        "is_active": None,
        "address": "",
        "activity_codes": [],
    }
    assert {key: value for key, value in event.after.items() if key != "edr_verified_at"} == EXPECTED[
        STATE_ADMINISTRATION
    ]


def test_verifying_twice_changes_nothing_but_the_time_of_the_check_and_audits_once(register, organisations):
    verify_organisation(SCHOOL_MEALS)
    first = _register_fields(SCHOOL_MEALS)
    raw = RawDocument.objects.count()
    time.sleep(0.01)

    verify_organisation(SCHOOL_MEALS)

    second = _register_fields(SCHOOL_MEALS)
    assert second["edr_verified_at"] > first["edr_verified_at"]
    assert {**second, "edr_verified_at": None} == {**first, "edr_verified_at": None}
    assert RawDocument.objects.count() == raw
    assert AuditEvent.objects.filter(action="parties.organisation_verified").count() == 1


def test_a_terminated_subject_is_marked_not_active(register, organisations):
    verify_organisation(SCHOOL_10)
    subject = register.subjects[2485671]
    register.subjects[2485671] = {**subject, "state": 3, "state_text": "припинено"}

    verify_organisation(SCHOOL_10)

    organisation = Organisation.objects.get(edrpou=SCHOOL_10)
    assert (organisation.is_active, organisation.register_status) == (False, "припинено")
    event = AuditEvent.objects.filter(action="parties.organisation_verified").order_by("position").last()
    assert event.before == {"is_active": True, "register_status": "зареєстровано"}
    assert {key: event.after[key] for key in ("is_active", "register_status")} == {
        "is_active": False,
        "register_status": "припинено",
    }


def test_a_code_the_register_does_not_hold_is_refused_and_nothing_changes(register, db):
    unknown = valid_edrpou("4123456")
    OrganisationFactory(edrpou=unknown)
    before = (_register_fields(unknown), RawDocument.objects.count(), AuditEvent.objects.count())

    with pytest.raises(NotInRegister) as refused:
        verify_organisation(unknown)

    assert (refused.value.code, refused.value.status, refused.value.field) == ("not_in_register", 404, "edrpou")
    assert refused.value.message == f"ЄДР holds no legal entity with EDRPOU {unknown}; check the code."
    assert (_register_fields(unknown), RawDocument.objects.count(), AuditEvent.objects.count()) == before


def test_lookup_of_a_code_the_register_does_not_hold_is_refused(register, db):
    unknown = valid_edrpou("4123456")

    with pytest.raises(NotInRegister, match=f"holds no legal entity with EDRPOU {unknown}"):
        lookup(unknown)


def test_an_organisation_not_registered_here_is_refused_before_the_register_is_asked(register, db):
    with pytest.raises(UnknownOrganisation):
        verify_organisation(SCHOOL_10)

    assert register.requests == []


def test_a_malformed_code_is_refused_before_the_register_is_asked(register, db):
    with pytest.raises(InvalidEdrpou):
        lookup("1234")

    assert register.requests == []


def test_details_sent_as_a_list_holding_the_subject_read_the_same(register, organisations):
    register.subjects[999186] = details()[STATE_ADMINISTRATION]  # the sample file's own shape: a list of one

    verify_organisation(STATE_ADMINISTRATION)

    assert {**_register_fields(STATE_ADMINISTRATION), "edr_verified_at": None} == {
        **EXPECTED[STATE_ADMINISTRATION],
        "edr_verified_at": None,
    }


def test_the_token_is_sent_when_one_is_set(register, organisations, settings):
    settings.DREAM_CONNECTORS["edr"]["headers"] = {"Authorization": "Token s3cret"}

    verify_organisation(SCHOOL_10)

    assert {request.headers.get("Authorization") for request in register.requests} == {"Token s3cret"}


def test_a_429_is_waited_out_and_the_check_goes_on(httpserver, register, organisations):
    httpserver.clear()
    httpserver.expect_ordered_request(f"{BASE}/subjects").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "0"}
    )
    register.install(httpserver)

    verify_organisation(SCHOOL_10)

    assert [entry[1].status_code for entry in httpserver.log] == [429, 200, 200]
    assert Organisation.objects.get(edrpou=SCHOOL_10).is_active is True


def test_a_500_then_an_answer_goes_on(httpserver, register, organisations):
    calls = []

    def broken_once(request):
        calls.append(request.path)
        if len(calls) == 1:
            return Response("oops", status=500)
        return register.answer_details(request)

    httpserver.clear()
    httpserver.expect_request(f"{BASE}/subjects").respond_with_handler(register.answer_search)
    httpserver.expect_request(f"{BASE}/subjects/2485671").respond_with_handler(broken_once)

    verify_organisation(SCHOOL_10)

    assert len(calls) == 2
    assert Organisation.objects.get(edrpou=SCHOOL_10).edr_name.startswith('ЗАКЛАД" ЗАГАЛЬНООСВІТНЯ')


def test_a_register_that_stays_down_is_unavailable_and_nothing_changes(httpserver, organisations, settings):
    httpserver.expect_request(f"{BASE}/subjects").respond_with_data("down", status=503)
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "edr": {**settings.DREAM_CONNECTORS["edr"], "base_url": httpserver.url_for(BASE), "rate_per_second": 1000},
    }
    before = _register_fields(SCHOOL_10)

    with pytest.raises(SourceUnavailable) as refused:
        verify_organisation(SCHOOL_10)

    assert refused.value.code == "source_unavailable"
    assert "answered HTTP 503" in refused.value.message
    assert len(httpserver.log) == 3
    assert _register_fields(SCHOOL_10) == before

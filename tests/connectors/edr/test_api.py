"""Verifying an organisation through the API, and what its public read then shows."""

import pytest

from audit.models import AuditEvent
from parties.models import Organisation
from tests.connectors.edr.register import BASE, SCHOOL_10, FakeRegister, register_sample_organisations
from tests.factories import OrganisationFactory, valid_edrpou

ORGANISATIONS = "/api/v1/organisations"


@pytest.fixture
def register(httpserver, settings) -> FakeRegister:
    fake = FakeRegister()
    fake.install(httpserver)
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "edr": {**settings.DREAM_CONNECTORS["edr"], "base_url": httpserver.url_for(BASE), "rate_per_second": 1000},
    }
    return fake


def test_an_operator_verifies_and_the_public_read_shows_the_register_details(client, cast, bearer, register):
    register_sample_organisations()

    response = client.post(f"{ORGANISATIONS}/{SCHOOL_10}/verify", headers=bearer(cast.operator))

    assert response.status_code == 200
    public = client.get(f"{ORGANISATIONS}/{SCHOOL_10}").json()
    assert public == response.json()
    assert public["edr_verified_at"] is not None
    assert {key: public[key] for key in ("edr_name", "is_active", "register_status", "legal_form", "address")} == {
        "edr_name": 'ЗАКЛАД" ЗАГАЛЬНООСВІТНЯ ШКОЛА I-III СТУПЕНІВ №10 ВІННИЦЬКОЇ МІСЬКОЇ РАДИ"',
        "is_active": True,
        "register_status": "зареєстровано",
        "legal_form": "",
        "address": "21027, Вінницька обл., місто Вінниця, Ленінський район ВУЛИЦЯ СТАХУРСЬКОГО буд. 22",
    }
    assert public["activity_codes"][0] == {"code": "85.31", "name": "Загальна середня освіта", "primary": True}
    assert AuditEvent.objects.filter(action="parties.organisation_verified", actor_label="operator").count() == 1


def test_someone_who_is_not_an_operator_may_not_verify(client, cast, bearer, register):
    register_sample_organisations()

    response = client.post(f"{ORGANISATIONS}/{SCHOOL_10}/verify", headers=bearer(cast.bucha_editor))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only an operator may verify organisations.", "code": "operator_only"}
    assert register.requests == []
    assert Organisation.objects.get(edrpou=SCHOOL_10).edr_verified_at is None


def test_verifying_needs_a_signed_in_user(client, register, db):
    register_sample_organisations()

    response = client.post(f"{ORGANISATIONS}/{SCHOOL_10}/verify")

    assert response.status_code == 401
    assert register.requests == []


def test_a_code_the_register_does_not_hold_is_a_404_with_its_code(client, cast, bearer, register):
    unknown = OrganisationFactory(edrpou=valid_edrpou("4123456")).edrpou
    headers = bearer(cast.operator)
    events = AuditEvent.objects.count()

    response = client.post(f"{ORGANISATIONS}/{unknown}/verify", headers=headers)

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"ЄДР holds no legal entity with EDRPOU {unknown}; check the code.",
        "code": "not_in_register",
        "field": "edrpou",
    }
    assert Organisation.objects.get(edrpou=unknown).edr_verified_at is None
    assert AuditEvent.objects.count() == events


def test_an_organisation_not_registered_here_is_a_404(client, cast, bearer, register):
    response = client.post(f"{ORGANISATIONS}/{SCHOOL_10}/verify", headers=bearer(cast.operator))

    assert response.status_code == 404
    assert response.json()["code"] == "unknown_organisation"
    assert register.requests == []


def test_a_register_that_does_not_answer_is_a_502(client, cast, bearer, httpserver, settings):
    register_sample_organisations()
    httpserver.expect_request(f"{BASE}/subjects").respond_with_data("down", status=503)
    settings.DREAM_CONNECTOR_BACKOFF_SECONDS = 0.01
    settings.DREAM_CONNECTOR_ATTEMPTS = 2
    settings.DREAM_CONNECTORS = {
        **settings.DREAM_CONNECTORS,
        "edr": {**settings.DREAM_CONNECTORS["edr"], "base_url": httpserver.url_for(BASE), "rate_per_second": 1000},
    }

    response = client.post(f"{ORGANISATIONS}/{SCHOOL_10}/verify", headers=bearer(cast.operator))

    assert response.status_code == 502
    assert response.json()["code"] == "source_unavailable"


def test_an_operator_looks_a_code_up_and_nothing_is_kept(client, cast, bearer, register):
    headers = bearer(cast.operator)
    events = AuditEvent.objects.count()

    response = client.get(f"{ORGANISATIONS}/lookup/{SCHOOL_10}", headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert (body["edrpou"], body["register_id"], body["is_active"]) == (SCHOOL_10, 2485671, True)
    assert body["edr_name"] == 'ЗАКЛАД" ЗАГАЛЬНООСВІТНЯ ШКОЛА I-III СТУПЕНІВ №10 ВІННИЦЬКОЇ МІСЬКОЇ РАДИ"'
    assert [kind["code"] for kind in body["activity_codes"]] == ["85.31", "85.51", "85.59"]
    assert not Organisation.objects.filter(edrpou=SCHOOL_10).exists()
    assert AuditEvent.objects.count() == events


def test_looking_up_a_code_the_register_does_not_hold_is_a_404(client, cast, bearer, register):
    unknown = valid_edrpou("4123456")

    response = client.get(f"{ORGANISATIONS}/lookup/{unknown}", headers=bearer(cast.operator))

    assert response.status_code == 404
    assert response.json()["code"] == "not_in_register"


def test_someone_who_is_not_an_operator_may_not_look_codes_up(client, cast, bearer, register):
    response = client.get(f"{ORGANISATIONS}/lookup/{SCHOOL_10}", headers=bearer(cast.auditor))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only an operator may look codes up in ЄДР.", "code": "operator_only"}
    assert register.requests == []

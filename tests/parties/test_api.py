"""The organisations API: operators register, anyone reads; refusals carry status, code and message."""

import pytest

from audit.models import AuditEvent
from parties.models import Organisation
from tests.factories import BUCHANSKA_HROMADA, KYIV_OBLAST, LVIVSKA_HROMADA, OrganisationFactory, valid_edrpou

ORGANISATIONS = "/api/v1/organisations"
VALID = valid_edrpou("4123456")


def _body(**changes):
    return {
        "edrpou": VALID,
        "name_uk": "Гостомельська селищна рада",
        "kind": "community",
        "territory": BUCHANSKA_HROMADA,
        **changes,
    }


def _counts() -> tuple[int, int]:
    return Organisation.objects.count(), AuditEvent.objects.count()


def test_operator_registers_an_organisation(client, cast, bearer):
    response = client.post(ORGANISATIONS, _body(), content_type="application/json", headers=bearer(cast.operator))
    assert response.status_code == 201
    assert response.json() == {
        "edrpou": VALID,
        "name_uk": "Гостомельська селищна рада",
        "name_en": "",
        "kind": "community",
        "territory_code": BUCHANSKA_HROMADA,
        "edr_name": "",
        "legal_form_code": "",
        "legal_form": "",
        "register_status": "",
        "is_active": None,
        "address": "",
        "activity_codes": [],
        "edr_verified_at": None,
    }


@pytest.mark.parametrize(
    "edrpou",
    ["1234567", "1234567A", VALID[:7] + str((int(VALID[7]) + 1) % 10)],
    ids=["too-short", "letter", "wrong-check-digit"],
)
def test_wrong_edrpou_is_refused_naming_the_field(client, cast, bearer, edrpou):
    headers = bearer(cast.operator)
    before = _counts()
    response = client.post(ORGANISATIONS, _body(edrpou=edrpou), content_type="application/json", headers=headers)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("invalid_edrpou", "edrpou")
    assert body["detail"].startswith(f"{edrpou!r} is not a valid EDRPOU code")
    assert _counts() == before


def test_duplicate_edrpou_is_a_conflict(client, cast, bearer):
    headers = bearer(cast.operator)
    client.post(ORGANISATIONS, _body(), content_type="application/json", headers=headers)
    response = client.post(ORGANISATIONS, _body(name_uk="Інша"), content_type="application/json", headers=headers)
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"An organisation with EDRPOU {VALID} is already registered.",
        "code": "duplicate_organisation",
        "field": "edrpou",
    }


def test_unknown_territory_is_refused(client, cast, bearer):
    headers = bearer(cast.operator)
    before = _counts()
    response = client.post(
        ORGANISATIONS, _body(territory="UA99999999999999999"), content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_territory"
    assert response.json()["detail"] == "'UA99999999999999999' is not a code of the KATOTTG codifier."
    assert _counts() == before


def test_registration_by_someone_who_is_not_an_operator_is_refused(client, cast, bearer):
    headers = bearer(cast.bucha_editor)
    before = _counts()
    response = client.post(ORGANISATIONS, _body(), content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "Only an operator may register organisations.", "code": "operator_only"}
    assert _counts() == before


def test_anonymous_registration_is_refused(client, db):
    response = client.post(ORGANISATIONS, _body(), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_unknown_organisation_is_not_found(client, db):
    response = client.get(f"{ORGANISATIONS}/00000000")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No organisation with EDRPOU '00000000' is registered.",
        "code": "unknown_organisation",
    }


def test_organisation_is_read_by_its_edrpou(client, cast):
    body = client.get(f"{ORGANISATIONS}/{cast.lviv.edrpou}").json()
    assert (body["name_uk"], body["territory_code"]) == ("Львівська міська рада", LVIVSKA_HROMADA)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"territory": KYIV_OBLAST[:4]}, {"Бучанська міська рада", "Київська ОВА"}),
        ({"kind": "regional_administration"}, {"Київська ОВА", "Львівська ОВА"}),
        ({"q": "Львівська"}, {"Львівська міська рада", "Львівська ОВА"}),
    ],
    ids=["territory-prefix", "kind", "name"],
)
def test_list_filter_finds_the_matching_organisations(client, cast, query, expected):
    body = client.get(ORGANISATIONS, query).json()
    assert {row["name_uk"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


def test_list_filter_by_the_start_of_an_edrpou_finds_the_organisation(client, cast):
    body = client.get(ORGANISATIONS, {"q": cast.ministry.edrpou}).json()
    assert [row["edrpou"] for row in body["results"]] == [cast.ministry.edrpou]


def test_cursor_walks_every_organisation_once(client, db):
    edrpous = {OrganisationFactory().edrpou for _ in range(5)}
    seen, cursor = [], None
    while True:
        body = client.get(ORGANISATIONS, {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert body["count"] == 5
        seen.extend(row["edrpou"] for row in body["results"])
        if (cursor := body["next_cursor"]) is None:
            break
    assert sorted(seen) == sorted(edrpous)


def test_bad_cursor_is_refused(client, db):
    response = client.get(ORGANISATIONS, {"cursor": "!!!"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"
    assert response.json()["detail"] == "The cursor is not one this API gave; start again without it."


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_does_not_grow_with_the_page(client, db, django_assert_num_queries, size):
    for _ in range(size):
        OrganisationFactory(territory_code=BUCHANSKA_HROMADA)
    with django_assert_num_queries(2):
        response = client.get(ORGANISATIONS)
    assert len(response.json()["results"]) == size

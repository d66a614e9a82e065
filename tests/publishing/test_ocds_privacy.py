"""Natural persons in OCDS releases: kept as received for operators, never published with their personal data."""

import random
from decimal import Decimal

import orjson
import pytest

from contracting.demo import record_demo_process
from contracting.models import Release
from contracting.queries import get_process
from contracting.services import record_release
from projects.codes import StatusDetail
from publishing.ocds import record_package, release_package
from publishing.ocds_privacy import NATURAL_PERSON_NAME, is_natural_person, without_personal_data
from tests.contracting.releases import (
    OCID,
    organisation_party,
    prozorro_package,
    register_contractors,
    release,
    tender_release,
)
from tests.factories import project_in

URI = "https://dream.example.org/api/v1/ocds/releases/x"
TAX_NUMBER = "3012345671"
PERSON = "ФОП Шевченко Тарас Григорович"
SOLE_TRADER = {
    "id": f"UA-EDR-{TAX_NUMBER}",
    "name": PERSON,
    "identifier": {"scheme": "UA-EDR", "id": TAX_NUMBER, "legalName": "ФІЗИЧНА ОСОБА-ПІДПРИЄМЕЦЬ ШЕВЧЕНКО Т. Г."},
    "address": {
        "streetAddress": "вул. Садова, 7, кв. 3",
        "locality": "с. Моринці",
        "region": "Черкаська обл.",
        "postalCode": "19322",
        "countryName": "Україна",
    },
    "contactPoint": {"name": "Тарас Шевченко", "email": "taras@example.org", "telephone": "+380671234567"},
    "details": {"scale": "micro"},
    "roles": ["supplier", "tenderer"],
}
PERSONAL_DATA = (PERSON, "Шевченко", "ШЕВЧЕНКО", TAX_NUMBER, "Садова", "19322", "taras@example.org", "+380671234567")


def _award_with_payment(release_id: str = "r-2", *, ocid: str = OCID, supplier: dict | None = None) -> dict:
    supplier = supplier or SOLE_TRADER
    reference = {"id": supplier["id"], "name": supplier["name"]}
    return release(
        release_id,
        ocid=ocid,
        date="2025-04-01T10:00:00+03:00",
        tag=("award", "implementation"),
        parties=[supplier],
        awards=[{"id": "a-1", "status": "active", "suppliers": [reference]}],
        contracts=[
            {
                "id": "c-1",
                "awardID": "a-1",
                "implementation": {
                    "transactions": [
                        {"id": "p-1", "value": {"amount": 1000, "currency": "UAH"}, "payee": reference},
                    ]
                },
            }
        ],
    )


def _published_text(package: dict) -> str:
    return orjson.dumps(package).decode()


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ({"details": {"scale": "sole trader"}}, True),
        ({"details": {"scale": "Sole Trader "}}, True),
        ({"identifier": {"scheme": "UA-EDR", "id": TAX_NUMBER}}, True),
        ({"identifier": {"scheme": "UA-IPN", "id": TAX_NUMBER}}, True),
        ({"identifier": {"scheme": "UA-EDR", "id": "0000000000"}}, True),
        ({"id": f"UA-EDR-{TAX_NUMBER}"}, True),
        ({"additionalIdentifiers": [{"scheme": "UA-IPN", "id": TAX_NUMBER}]}, True),
        ({"identifier": {"scheme": "UA-EDR", "id": "37609523"}, "details": {"scale": "micro"}}, False),
        ({"identifier": {"scheme": "UA-IPN", "id": "00037256"}}, False),
        ({"identifier": {"scheme": "UA-IPN", "id": "376095226547"}}, False),
        ({"identifier": {"scheme": "GB-COH", "id": "0636874012"}}, False),
        ({"name": "ТОВ «Мостобуд-Центр»"}, False),
    ],
    ids=[
        "sole-trader-scale",
        "sole-trader-scale-in-other-case",
        "tax-number-under-ua-edr",
        "tax-number-under-ua-ipn",
        "concealed-tax-number",
        "tax-number-in-party-id",
        "tax-number-as-additional-identifier",
        "edrpou-of-a-micro-company",
        "edrpou-under-ua-ipn",
        "vat-number",
        "foreign-company-number",
        "no-identifier",
    ],
)
def test_a_natural_person_is_told_from_a_legal_entity(party, expected):
    assert is_natural_person(party) is expected


def test_a_sole_trader_s_name_tax_number_address_and_contacts_are_not_published(cast):
    record_release(_award_with_payment(), source="prozorro")

    published = _published_text(release_package([get_process(OCID)], uri=URI))

    assert [data for data in PERSONAL_DATA if data in published] == []


def test_a_sole_trader_keeps_its_roles_scale_and_region(cast):
    party = without_personal_data(_award_with_payment())["parties"][0]

    assert party == {
        "id": party["id"],
        "name": NATURAL_PERSON_NAME,
        "roles": ["supplier", "tenderer"],
        "details": {"scale": "micro"},
        "address": {"region": "Черкаська обл.", "countryName": "Україна"},
    }
    assert party["id"].startswith("natural-person-")


def test_every_reference_to_the_person_names_the_same_pseudonymous_party():
    published = without_personal_data(_award_with_payment())

    party_id = published["parties"][0]["id"]
    assert published["awards"][0]["suppliers"] == [{"id": party_id, "name": NATURAL_PERSON_NAME}]
    payee = published["contracts"][0]["implementation"]["transactions"][0]["payee"]
    assert payee == {"id": party_id, "name": NATURAL_PERSON_NAME}


def test_the_person_is_one_party_across_the_releases_of_a_process(cast):
    record_release(tender_release(cast.bucha), source="prozorro")
    record_release(_award_with_payment("r-2"), source="prozorro")
    later = _award_with_payment("r-3")
    later["date"] = "2025-06-01T10:00:00+03:00"
    record_release(later, source="prozorro")

    compiled = record_package([get_process(OCID)], uri=URI)["records"][0]["compiledRelease"]

    people = [party for party in compiled["parties"] if party["name"] == NATURAL_PERSON_NAME]
    assert len(people) == 1
    assert compiled["awards"][0]["suppliers"][0]["id"] == people[0]["id"]
    assert [data for data in PERSONAL_DATA if data in _published_text(compiled)] == []


def test_the_person_cannot_be_followed_from_one_process_to_another():
    first = without_personal_data(_award_with_payment())
    second = without_personal_data(_award_with_payment(ocid="ocds-be6bcu-UA-2025-03-05-000001-a"))

    assert first["parties"][0]["id"] != second["parties"][0]["id"]


def test_a_reference_carrying_an_individual_identifier_is_rewritten_without_a_party():
    document = release(
        tag=("award",),
        awards=[{"id": "a-1", "suppliers": [{"name": PERSON, "identifier": SOLE_TRADER["identifier"]}]}],
    )

    supplier = without_personal_data(document)["awards"][0]["suppliers"][0]

    assert supplier["name"] == NATURAL_PERSON_NAME
    assert supplier["id"].startswith("natural-person-")


def test_legal_entities_are_published_as_received(cast):
    document = tender_release(cast.bucha)
    document["parties"].append(organisation_party(cast.lviv, "tenderer"))

    assert without_personal_data(document) == document
    assert without_personal_data(prozorro_package()["releases"][0]) == prozorro_package()["releases"][0]


def test_the_release_is_kept_as_received_for_operators(cast):
    record_release(_award_with_payment(), source="prozorro")

    assert Release.objects.get().document["parties"][0]["name"] == PERSON


def test_sole_traders_of_the_demonstration_data_are_not_published(cast):
    register_contractors()
    project = project_in(cast, StatusDetail.IMPLEMENTATION, cost=Decimal(2_000_000))
    processes = [
        get_process(record_demo_process(project, random.Random(seed)).ocid)  # noqa: S311 - not secrets.
        for seed in range(12)
    ]
    people = [
        party
        for process in processes
        for row in process.releases.all()
        for party in row.document.get("parties", [])
        if party["name"].startswith("ФОП ")
    ]

    published = _published_text(release_package(processes, uri=URI)) + _published_text(
        record_package(processes, uri=URI)
    )

    assert people
    assert [party["identifier"]["id"] for party in people if party["identifier"]["id"] in published] == []
    assert "ФОП " not in published
    assert [
        party["contactPoint"]["telephone"] for party in people if party["contactPoint"]["telephone"] in published
    ] == []


def test_a_person_described_in_an_earlier_release_is_not_named_by_a_later_one(cast):
    person = {"id": "supplier-7", "name": PERSON, "details": {"scale": "sole trader"}, "roles": ["supplier"]}
    record_release(release("r-1", tag=("award",), parties=[person]), source="prozorro")
    payment = _award_with_payment("r-2", supplier=person)
    del payment["parties"]
    record_release(payment, source="prozorro")

    package = release_package([get_process(OCID)], uri=URI)

    payee = package["releases"][1]["contracts"][0]["implementation"]["transactions"][0]["payee"]
    assert payee == {"id": package["releases"][0]["parties"][0]["id"], "name": NATURAL_PERSON_NAME}
    assert PERSON not in _published_text(package)

"""The mapping of Prozorro documents, pure: tenders and contracts to OCDS releases, plans to facts."""

import copy
from decimal import Decimal

import pytest

from connectors.exceptions import Unmappable
from connectors.prozorro import mapping
from publishing.ocds_privacy import NATURAL_PERSON_NAME
from tests.connectors.prozorro.fake import sample

TENDER = "tender-aboveThreshold-complete.json"
PERSON = {
    "name": "Петренко Ірина Олегівна",
    "identifier": {"scheme": "UA-EDR", "id": "3012345678", "legalName": "Петренко Ірина Олегівна"},
    "address": {"streetAddress": "вул. Садова, 5, кв. 12", "locality": "м. Буча", "region": "Київська область"},
    "contactPoint": {"name": "Петренко Ірина Олегівна", "telephone": "+380501234567"},
    "scale": "micro",
}


def tender_with_bidder(bidder):
    """The sample tender whose first bid and first award name this bidder."""
    answer = sample(TENDER)
    data = answer["data"]
    data["bids"][0]["tenderers"] = [copy.deepcopy(bidder)]
    data["awards"][0]["suppliers"] = [copy.deepcopy(bidder)]
    return answer


@pytest.mark.parametrize(
    ("organisation", "private"),
    [
        (PERSON, True),
        ({"name": "ФОП Коваль Андрій", "identifier": {"scheme": "UA-EDR", "id": "12345678"}}, True),
        ({"name": "FOP Koval", "identifier": {"scheme": "UA-EDR", "id": "12345678"}}, True),
        ({"name": "Фізична особа-підприємець Коваль", "identifier": {"scheme": "UA-EDR", "id": "1"}}, True),
        ({"name": "Коваль Андрій", "identifier": {"scheme": "UA-EDR"}}, True),
        ({"name": "Коваль Андрій"}, True),
        ({"name": "ТОВ «Будівельник»", "identifier": {"scheme": "UA-EDR", "id": "21725150"}}, False),
        ({"name": "КП «Фопстрой»", "identifier": {"scheme": "UA-EDR", "id": "21725150"}}, False),
    ],
)
def test_a_private_person_is_told_from_a_legal_entity(organisation, private):
    assert mapping.is_private_person(organisation) is private


def test_a_bidder_who_is_a_private_person_is_published_with_neither_name_nor_identifier():
    release = mapping.tender_release(tender_with_bidder(PERSON))

    text = str(release)
    assert "3012345678" not in text
    assert "Петренко" not in text
    assert "Садова" not in text
    assert "+380501234567" not in text
    person = next(p for p in release["parties"] if p["name"] == NATURAL_PERSON_NAME)
    assert set(person) <= {"id", "name", "roles", "details", "address"}
    assert person["roles"] == ["tenderer", "supplier"]
    assert release["bids"]["details"][0]["tenderers"] == [{"id": person["id"], "name": NATURAL_PERSON_NAME}]
    assert release["awards"][0]["suppliers"] == [{"id": person["id"], "name": NATURAL_PERSON_NAME}]


def test_the_same_private_person_is_the_same_pseudonymous_party_in_every_version_of_a_tender():
    first = mapping.tender_release(tender_with_bidder(PERSON))
    later_answer = tender_with_bidder(PERSON)
    later_answer["data"]["dateModified"] = "2027-02-15T00:00:00+02:00"
    later = mapping.tender_release(later_answer)

    def person(release):
        return next(p["id"] for p in release["parties"] if p["name"] == NATURAL_PERSON_NAME)

    assert person(first) == person(later)
    assert first["id"] != later["id"]


def test_contact_points_and_signers_of_companies_are_not_carried_over():
    release = mapping.tender_release(sample(TENDER))

    assert "Куца Світлана Валентинівна" not in str(release)
    assert "Test Testovich" not in str(release)
    assert all("contactPoint" not in party for party in release["parties"])


@pytest.mark.parametrize(
    ("status", "ocds"),
    [
        ("draft", "planning"),
        ("active.enquiries", "active"),
        ("active.tendering", "active"),
        ("active.auction", "active"),
        ("active.qualification", "active"),
        ("active.awarded", "active"),
        ("complete", "complete"),
        ("cancelled", "cancelled"),
        ("unsuccessful", "unsuccessful"),
        ("something.new", None),
    ],
)
def test_prozorro_tender_statuses_map_to_the_ocds_tender_status_codelist(status, ocds):
    assert mapping.tender_status(status) == ocds


def test_a_cancelled_tender_is_tagged_as_a_tender_cancellation():
    answer = sample(TENDER)
    answer["data"]["status"] = "cancelled"

    release = mapping.tender_release(answer)

    assert release["tag"] == ["tenderCancellation"]
    assert release["tender"]["status"] == "cancelled"


def test_the_release_id_is_the_ocid_and_the_version_so_each_version_is_a_release_of_its_own():
    release = mapping.tender_release(sample(TENDER))

    assert release["ocid"] == "ocds-be6bcu-UA-2027-01-01-000001-a"
    assert release["id"] == "ocds-be6bcu-UA-2027-01-01-000001-a-2027-01-31T00:00:00+02:00"
    assert release["date"] == "2027-01-31T00:00:00+02:00"


def test_a_time_without_an_offset_is_read_as_utc():
    assert mapping.parse_datetime("2026-12-31T22:00:00").isoformat() == "2026-12-31T22:00:00+00:00"


def test_a_documents_marked_other_than_public_are_left_out():
    answer = sample(TENDER)
    answer["data"]["documents"][0]["confidentiality"] = "buyerOnly"

    release = mapping.tender_release(answer)

    assert [d["id"] for d in release["tender"]["documents"]] == [answer["data"]["documents"][1]["id"]]


def test_a_contract_with_transactions_and_changes_is_tagged_amendment_and_implementation():
    answer = sample("contract-active.json")
    answer["data"]["implementation"] = {
        "transactions": [
            {
                "id": "tx-1",
                "date": "2027-01-20T10:00:00+02:00",
                "value": {"amount": 100.5, "currency": "UAH"},
                "payer": {
                    "name": "Державне управління справами",
                    "identifier": {"scheme": "UA-EDR", "id": "00037257"},
                },
                "payee": PERSON,
            }
        ]
    }

    release = mapping.contract_release(answer, "UA-2027-01-01-000001-a")

    assert release["tag"] == ["contractAmendment", "implementation"]
    transaction = release["contracts"][0]["implementation"]["transactions"][0]
    assert transaction["value"] == {"amount": 100.5, "currency": "UAH"}
    assert transaction["payee"]["name"] == NATURAL_PERSON_NAME
    assert "3012345678" not in str(release)


def test_a_transaction_without_an_amount_makes_the_contract_unmappable():
    answer = sample("contract-active.json")
    answer["data"]["implementation"] = {"transactions": [{"id": "tx-1", "date": "2027-01-20T10:00:00+02:00"}]}

    with pytest.raises(Unmappable, match="transactions"):
        mapping.contract_release(answer, "UA-2027-01-01-000001-a")


def test_the_plan_gives_its_budget_places_buyer_and_dream_project_code():
    facts = mapping.plan_facts(sample("plan-with-katottg-budget.json"))

    assert facts.plan_id == "UA-P-2027-01-01-000001-a"
    assert facts.budget_amount == Decimal("10000.00")
    assert facts.katottg_codes == ["UA01020030010043419"]
    assert facts.project_code == "DREAM-UA-030524-EE48E08C"
    assert facts.buyer_name == "ДУС"
    assert facts.buyer_edrpou == ""  # the sample's code has six digits, which is no EDRPOU code


@pytest.mark.parametrize(
    ("project", "code"),
    [
        ({"title": "Відновлення школи DREAM-UA-120624-0A1B2C3D", "uri": ""}, "DREAM-UA-120624-0A1B2C3D"),
        (
            {"title": "Школа", "uri": "https://dream.gov.ua/ua/project/DREAM-UA-120624-0A1B2C3D"},
            "DREAM-UA-120624-0A1B2C3D",
        ),
        ({"title": "DREAM-UA-1206-0A1B2C3D", "uri": ""}, ""),
        ({"title": "dream-ua-120624-0a1b2c3d", "uri": ""}, ""),
        ({}, ""),
    ],
)
def test_the_dream_project_code_is_found_in_the_plans_project_title_or_address(project, code):
    answer = sample("plan-with-katottg-budget.json")
    answer["data"]["project"] = project

    assert mapping.plan_facts(answer).project_code == code


def test_a_plan_without_its_plan_id_is_unmappable():
    answer = sample("plan-with-katottg-budget.json")
    del answer["data"]["planID"]

    with pytest.raises(Unmappable, match="planID"):
        mapping.plan_facts(answer)

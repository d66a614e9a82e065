"""The money chain's API: the public chain and reconciliation, the writes of donors and owners, and the rates."""

from datetime import date

import pytest

from audit.models import AuditEvent
from finance.models import Commitment, Pledge, Tranche
from tests.finance.helpers import (
    commit,
    contract,
    funded_project,
    make_donors,
    payment,
    pledge,
    process,
    rate,
    release,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


@pytest.fixture
def donors(cast):
    return make_donors(cast)


@pytest.fixture
def project(cast):
    return funded_project(cast, cost="100000.00")


def _counts():
    return Pledge.objects.count(), Commitment.objects.count(), Tranche.objects.count(), AuditEvent.objects.count()


def test_the_money_chain_is_public_with_amounts_as_numbers(client, cast, donors, project):
    rate("EUR", DAY, "45.500000")
    committed = commit(cast, donors, pledge(donors, project, "1000.00", "EUR", DAY), "1000.00", DAY, reference="AG")
    release(donors, committed, "400.00", DAY)

    response = client.get(f"/api/v1/projects/{project.code}/money-chain")

    assert response.status_code == 200
    body = response.json()
    assert body["project"] == project.code
    assert body["estimated_cost_uah"] == 100000.0
    assert body["funding_gap_uah"] == 54500.0
    assert [step["name"] for step in body["steps"]] == ["pledged", "committed", "disbursed", "contracted", "paid"]
    committed_step = body["steps"][1]
    assert committed_step["total"] == {"original": {"EUR": 1000.0}, "uah": 45500.0, "unconverted": []}
    assert committed_step["coverage"] == 0.455
    assert committed_step["by_party"] == {
        donors.bank.edrpou: {"original": {"EUR": 1000.0}, "uah": 45500.0, "unconverted": []}
    }
    assert committed_step["amounts"] == [
        {
            "reference": f"commitment {committed.pk} (AG)",
            "amount": 1000.0,
            "currency": "EUR",
            "on": "2026-03-02",
            "uah": 45500.0,
            "rate": 45.5,
            "rate_on": "2026-03-02",
            "message": "",
            "source_category": "internationalOrganization",
            "party": donors.bank.edrpou,
        }
    ]
    assert body["parties"] == [{"edrpou": donors.bank.edrpou, "name_uk": "Європейський інвестиційний банк"}]


def test_the_reconciliation_is_public_with_its_evidence(client, cast, donors, project):
    commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY)
    works = process(project, "ocds-be6bcu-UA-9", signed=DAY)
    contract(works, "c-1", "50.00")
    payment(works, "tx-1", "60.00", date(2026, 3, 5), contract_id="c-1")

    response = client.get(f"/api/v1/projects/{project.code}/reconciliation")

    assert response.status_code == 200
    assert response.json() == {
        "project": project.code,
        "status": "contradictions",
        "funding_gap_uah": 99900.0,
        "contradictions": [
            {
                "code": "paid_over_contracted",
                "message": "Payments of 60.00 UAH were made against contract c-1 (ocds-be6bcu-UA-9), which is worth "
                "50.00 UAH (active).",
                "evidence": {
                    "contract": "c-1",
                    "ocid": "ocds-be6bcu-UA-9",
                    "contract_status": "active",
                    "currency": "UAH",
                    "contracted": 50.0,
                    "paid": 60.0,
                    "excess": 10.0,
                    "payments": ["demo:tx-1"],
                },
            }
        ],
    }


def test_an_unknown_project_is_named(client):
    response = client.get("/api/v1/projects/DREAM-UA-010126-NOPE/money-chain")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No project has the code 'DREAM-UA-010126-NOPE'.",
        "code": "project_not_found",
    }


def test_a_donor_pledges_commits_and_disburses_and_the_owner_confirms_through_the_api(
    client, cast, donors, project, bearer
):
    donor = bearer(donors.bank_user)
    owner = bearer(cast.bucha_editor)

    pledged = client.post(
        f"/api/v1/projects/{project.code}/pledges",
        {
            "donor": donors.bank.edrpou,
            "source_category": "internationalOrganization",
            "amount": "5000.00",
            "currency": "USD",
            "pledged_on": "2026-03-02",
        },
        content_type="application/json",
        headers=donor,
    )
    assert pledged.status_code == 201
    assert pledged.json()["donor"] == {"edrpou": donors.bank.edrpou, "name_uk": "Європейський інвестиційний банк"}
    assert pledged.json()["amount"] == 5000.0

    proposed = client.post(
        f"/api/v1/pledges/{pledged.json()['id']}/commitments",
        {
            "agreement_reference": "LOAN-9",
            "conditions": "Звіт щокварталу.",
            "amount": "4000.00",
            "committed_on": "2026-03-03",
        },
        content_type="application/json",
        headers=donor,
    )
    assert proposed.status_code == 201
    assert proposed.json()["status"] == "proposed"

    confirmed = client.post(f"/api/v1/commitments/{proposed.json()['id']}/confirm", headers=owner)
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"

    planned = client.post(
        f"/api/v1/commitments/{proposed.json()['id']}/tranches",
        {"amount": "1000.00", "planned_on": "2026-04-01", "milestone": "Проєкт погоджено"},
        content_type="application/json",
        headers=donor,
    )
    assert planned.status_code == 201
    assert planned.json()["released_on"] is None

    met = client.post(
        f"/api/v1/tranches/{planned.json()['id']}/milestone-met",
        {"met_on": "2026-03-30"},
        content_type="application/json",
        headers=owner,
    )
    assert met.json()["milestone_met_on"] == "2026-03-30"
    released = client.post(
        f"/api/v1/tranches/{planned.json()['id']}/release",
        {"released_on": "2026-04-01"},
        content_type="application/json",
        headers=donor,
    )
    assert released.status_code == 200
    assert released.json()["released_on"] == "2026-04-01"


@pytest.mark.parametrize(
    "case",
    [
        (
            "pledge",
            {"amount": "10.00", "currency": "GBP"},
            400,
            "unknown_currency",
            "'GBP' is not a currency the money chain keeps; use one of UAH, EUR, USD.",
        ),
        (
            "pledge",
            {"amount": "-1.00", "currency": "UAH"},
            400,
            "invalid_amount",
            "The amount must be above zero; -1.00 is not.",
        ),
        (
            "tranche",
            {"amount": "-10.00", "released_on": "2026-03-05"},
            400,
            "invalid_amount",
            "The amount must be above zero; -10.00 is not.",
        ),
        (
            "tranche",
            {"amount": "10.00"},
            400,
            "invalid_finance_input",
            "Give released_on for money released, or planned_on for a plan.",
        ),
        ("commitment", {"amount": "50.01"}, 409, "commitment_above_pledge", "would exceed it by 0.01."),
    ],
)
def test_bad_input_is_refused_with_its_code_and_message_and_changes_nothing(client, cast, donors, bearer, case):
    path, payload, status, code, detail = case
    project = funded_project(cast, cost="100000.00")
    made = pledge(donors, project, "100.00", "UAH", DAY)
    confirmed = commit(cast, donors, made, "50.00", DAY)
    urls = {
        "pledge": f"/api/v1/projects/{project.code}/pledges",
        "commitment": f"/api/v1/pledges/{made.pk}/commitments",
        "tranche": f"/api/v1/commitments/{confirmed.pk}/tranches",
    }
    base = {
        "pledge": {"donor": donors.bank.edrpou, "source_category": "donorFunds", "pledged_on": "2026-03-02"},
        "commitment": {"agreement_reference": "X", "committed_on": "2026-03-02"},
        "tranche": {},
    }
    headers = bearer(donors.bank_user)
    before = _counts()

    response = client.post(urls[path], {**base[path], **payload}, content_type="application/json", headers=headers)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert detail in response.json()["detail"]
    assert _counts() == before


def test_writes_need_a_signed_in_caller_and_the_right_role(client, cast, donors, project, bearer):
    made = pledge(donors, project, "100.00", "UAH", DAY)
    proposed = client.post(
        f"/api/v1/pledges/{made.pk}/commitments",
        {"agreement_reference": "X", "amount": "10.00", "committed_on": "2026-03-02"},
        content_type="application/json",
    )
    assert proposed.status_code == 401

    headers = bearer(cast.lviv_editor)
    before = _counts()
    wrong = client.post(
        f"/api/v1/pledges/{made.pk}/commitments",
        {"agreement_reference": "X", "amount": "10.00", "committed_on": "2026-03-02"},
        content_type="application/json",
        headers=headers,
    )
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "actor_not_allowed"
    assert _counts() == before


def test_rates_give_each_currencys_rate_in_force_on_a_day(client):
    rate("USD", date(2026, 3, 1), "41.000000")
    rate("USD", date(2026, 3, 3), "41.500000")
    rate("EUR", date(2026, 3, 2), "48.000000")

    on_day = client.get("/api/v1/rates", {"on": "2026-03-02"})
    latest_usd = client.get("/api/v1/rates", {"currency": "usd"})
    none = client.get("/api/v1/rates", {"currency": "EUR", "on": "2026-03-01"})

    assert [(item["currency"], item["on"], item["uah_per_unit"]) for item in on_day.json()] == [
        ("EUR", "2026-03-02", 48.0),
        ("USD", "2026-03-01", 41.0),
    ]
    assert [(item["on"], item["uah_per_unit"]) for item in latest_usd.json()] == [("2026-03-03", 41.5)]
    assert none.status_code == 404
    assert none.json() == {
        "detail": "No official rate of EUR is held on or before 2026-03-01.",
        "code": "rate_not_found",
    }


def test_the_chain_endpoints_take_the_same_queries_however_many_amounts(
    client, cast, donors, project, django_assert_num_queries
):
    rate("USD", DAY, "41.000000")
    made = pledge(donors, project, "1000.00", "USD", DAY)
    chain = f"/api/v1/projects/{project.code}/money-chain"
    reconciliation = f"/api/v1/projects/{project.code}/reconciliation"
    with django_assert_num_queries(7):
        client.get(chain)
    with django_assert_num_queries(9):
        client.get(reconciliation)

    for number in range(4):
        confirmed = commit(cast, donors, made, "10.00", DAY, reference=f"R-{number}")
        release(donors, confirmed, "5.00", DAY)
        payment(process(project, f"ocds-be6bcu-more-{number}"), f"tx-{number}", "1.00", DAY)
    with django_assert_num_queries(7):
        client.get(chain)
    with django_assert_num_queries(9):
        client.get(reconciliation)

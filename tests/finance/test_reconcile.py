"""Reconciliation: each contradiction of a money chain, found with its exact evidence, on a case built for it."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from connectors.damage.models import DamagedAsset
from finance import services
from finance.models import Tranche
from finance.reconcile import reconcile
from tests.factories import BUCHANSKA_HROMADA
from tests.finance.helpers import commit, contract, funded_project, make_donors, payment, pledge, process, release

pytestmark = pytest.mark.django_db

D = Decimal
DAY = date(2026, 3, 2)


@pytest.fixture
def donors(cast):
    return make_donors(cast)


@pytest.fixture
def project(cast):
    return funded_project(cast, cost="5000.00")


def _found(project):
    result = reconcile(project)
    assert result.status == "contradictions"
    return [(item.code, item.message, item.evidence) for item in result.contradictions]


def test_tranches_released_beyond_their_commitment(cast, donors, project):
    committed = commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY, reference="AG-1")
    first = release(donors, committed, "100.00", DAY)
    # The service refuses this; a record written by other means (an import, the admin) is caught here.
    second = Tranche.objects.create(commitment=committed, amount=D("50.00"), currency="UAH", released_on=DAY)

    assert _found(project) == [
        (
            "disbursed_over_committed",
            "Tranches of 150.00 UAH were released under commitment AG-1, which commits 100.00 UAH (confirmed).",
            {
                "commitment": committed.pk,
                "agreement_reference": "AG-1",
                "commitment_status": "confirmed",
                "currency": "UAH",
                "committed": D("100.00"),
                "disbursed": D("150.00"),
                "excess": D("50.00"),
                "tranches": [first.pk, second.pk],
            },
        )
    ]


def test_contracts_beyond_the_money_committed(cast, donors, project):
    commit(cast, donors, pledge(donors, project, "1000.00", "UAH", DAY), "1000.00", DAY)
    contract(process(project, "ocds-be6bcu-UA-1", signed=DAY), "c-1", "1500.00")

    assert _found(project) == [
        (
            "contracted_over_available",
            (
                f"Contracts worth 1500.00 UAH were signed for project {project.code}, but only 1000.00 UAH is "
                "committed to it."
            ),
            {
                "contracted_uah": D("1500.00"),
                "committed_uah": D("1000.00"),
                "excess_uah": D("500.00"),
                "contracts": ["c-1"],
            },
        )
    ]


def test_payments_beyond_their_contract(cast, donors, project):
    commit(cast, donors, pledge(donors, project, "5000.00", "UAH", DAY), "5000.00", DAY)
    works = process(project, "ocds-be6bcu-UA-2", signed=DAY)
    contract(works, "c-1", "1000.00")
    payment(works, "tx-1", "700.00", date(2026, 3, 5), contract_id="c-1")
    payment(works, "tx-2", "400.00", date(2026, 3, 6), contract_id="c-1")

    assert _found(project) == [
        (
            "paid_over_contracted",
            (
                "Payments of 1100.00 UAH were made against contract c-1 (ocds-be6bcu-UA-2), which is worth "
                "1000.00 UAH (active)."
            ),
            {
                "contract": "c-1",
                "ocid": "ocds-be6bcu-UA-2",
                "contract_status": "active",
                "currency": "UAH",
                "contracted": D("1000.00"),
                "paid": D("1100.00"),
                "excess": D("100.00"),
                "payments": ["demo:tx-1", "demo:tx-2"],
            },
        )
    ]


def test_payments_naming_no_contract_or_one_not_held(cast, donors, project):
    commit(cast, donors, pledge(donors, project, "5000.00", "UAH", DAY), "5000.00", DAY)
    works = process(project, "ocds-be6bcu-UA-3", signed=DAY)
    contract(works, "c-1", "1000.00")
    payment(works, "tx-1", "10.00", date(2026, 3, 5))
    payment(works, "tx-2", "20.00", date(2026, 3, 6), contract_id="c-404")

    found = _found(project)

    assert found == [
        (
            "payment_without_contract",
            "Payment demo:tx-1 of 10.00 UAH on 2026-03-05 names no contract.",
            {
                "payment": "demo:tx-1",
                "amount": D("10.00"),
                "currency": "UAH",
                "paid_on": date(2026, 3, 5),
                "contract": "",
                "payer_edrpou": "04054903",
            },
        ),
        (
            "payment_without_contract",
            (
                "Payment demo:tx-2 of 20.00 UAH on 2026-03-06 names contract c-404, which no process of the "
                "project holds."
            ),
            {
                "payment": "demo:tx-2",
                "amount": D("20.00"),
                "currency": "UAH",
                "paid_on": date(2026, 3, 6),
                "contract": "c-404",
                "payer_edrpou": "04054903",
            },
        ),
    ]


def test_a_contract_of_the_initiator_that_no_project_claims(cast, donors, project):
    commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY)
    contract(process(None, "ocds-be6bcu-UA-4", buyer=cast.bucha.edrpou), "c-9", "2500.00")
    # Another buyer's unlinked contract is not this project's business.
    contract(process(None, "ocds-be6bcu-UA-5", buyer="12345678"), "c-10", "1.00")

    assert _found(project) == [
        (
            "contract_without_project",
            (
                "Contract c-9 (ocds-be6bcu-UA-4) of Бучанська міська рада, the initiator, is linked to no project; "
                "link it to this one if it serves it."
            ),
            {
                "contract": "c-9",
                "ocid": "ocds-be6bcu-UA-4",
                "procuring_entity_edrpou": cast.bucha.edrpou,
                "value": D("2500.00"),
                "currency": "UAH",
            },
        )
    ]


def test_a_damaged_asset_funded_by_two_projects(cast, donors, project):
    other = funded_project(cast, cost="3000.00")
    unfunded = funded_project(cast, cost="3000.00")
    commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY)
    commit(cast, donors, pledge(donors, other, "100.00", "UAH", DAY), "100.00", DAY)
    asset = DamagedAsset.objects.create(
        register_id="RDNA-000042",
        territory_id=BUCHANSKA_HROMADA,
        object_type="school",
        damage_category="damaged",
        damaged_on=date(2022, 3, 1),
        source_file="export.csv",
        source_row=2,
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    asset.projects.set([project, other, unfunded])

    assert _found(project) == [
        (
            "asset_funded_twice",
            (
                f"Damaged asset RDNA-000042 is restored by project {project.code} and by {other.code}, and money is "
                "committed to each."
            ),
            {
                "asset": "RDNA-000042",
                "object_type": "school",
                "territory": BUCHANSKA_HROMADA,
                "projects": sorted([project.code, other.code]),
            },
        )
    ]
    # The project with no money committed shows nothing: only funding twice is a contradiction.
    assert reconcile(unfunded).status == "no_money_yet"


def test_a_tranche_released_before_its_milestone_was_met(cast, donors, project):
    committed = commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY, reference="AG-7")
    early = release(donors, committed, "40.00", date(2026, 3, 10), milestone="Дах змонтовано")
    services.mark_milestone_met(actor=cast.bucha_editor, tranche_id=early.pk, met_on=date(2026, 4, 1))
    waiting = release(donors, committed, "30.00", date(2026, 3, 12), milestone="Вікна встановлено")
    on_time = release(donors, committed, "30.00", date(2026, 4, 5), milestone="Стіни")
    services.mark_milestone_met(actor=cast.bucha_editor, tranche_id=on_time.pk, met_on=date(2026, 4, 5))

    assert _found(project) == [
        (
            "tranche_before_milestone",
            (
                f"Tranche {early.pk} of 40.00 UAH was released on 2026-03-10; its milestone «Дах змонтовано» was "
                "met only on 2026-04-01."
            ),
            {
                "tranche": early.pk,
                "agreement_reference": "AG-7",
                "amount": D("40.00"),
                "currency": "UAH",
                "released_on": date(2026, 3, 10),
                "milestone": "Дах змонтовано",
                "milestone_met_on": date(2026, 4, 1),
            },
        ),
        (
            "tranche_before_milestone",
            (
                f"Tranche {waiting.pk} of 30.00 UAH was released on 2026-03-12; its milestone «Вікна встановлено» was "
                "not met yet."
            ),
            {
                "tranche": waiting.pk,
                "agreement_reference": "AG-7",
                "amount": D("30.00"),
                "currency": "UAH",
                "released_on": date(2026, 3, 12),
                "milestone": "Вікна встановлено",
                "milestone_met_on": None,
            },
        ),
    ]

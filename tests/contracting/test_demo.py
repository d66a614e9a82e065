"""Demonstration contracting processes: realistic releases recorded through the service, the same for the same seed."""

import random
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import transaction
from stdnum.ua import rntrc

from contracting.demo import record_demo_process
from contracting.exceptions import ContractingError
from contracting.models import ContractingProcess
from contracting.services import _compiled
from dream.demo.builder import DemoBuilder
from projects.codes import StatusDetail
from projects.models import Project
from tests.contracting.releases import register_contractors
from tests.factories import project_in

SEEDS = range(20)


def _seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - demonstration data, not secrets.


@pytest.fixture
def contractors(db):
    return register_contractors()


def _documents(process: ContractingProcess) -> list[dict]:
    return [release.document for release in process.releases.order_by("date", "id")]


def _demo(cast, state: str, *, seed: int = 1, cost: Decimal = Decimal(6_000_000)):
    project = project_in(cast, state, cost=cost)
    return project, _documents(record_demo_process(project, _seeded(seed)))


def _amount(value: dict) -> Decimal:
    return Decimal(str(value["amount"]))


@pytest.fixture
def small_works(cast, contractors):
    """Processes for one implementation project's small works, one for each seed."""
    project = project_in(cast, StatusDetail.IMPLEMENTATION, cost=Decimal(2_000_000))
    return [_documents(record_demo_process(project, _seeded(seed))) for seed in SEEDS]


def test_an_implementation_project_gets_a_tender_an_award_a_contract_and_payments(cast, contractors):
    project, releases = _demo(cast, StatusDetail.IMPLEMENTATION)

    process = ContractingProcess.objects.get()
    assert (process.project, process.source) == (project, "demo")
    assert [release["tag"] for release in releases if release["tag"] != ["contractAmendment"]] == [
        ["tender"],
        ["award"],
        ["contract"],
        ["implementation"],
    ]
    assert releases[-1]["contracts"][0]["implementation"]["transactions"]


def test_the_tender_is_an_open_works_tender_of_the_initiator_worth_the_works_budget(cast, contractors):
    project, releases = _demo(cast, StatusDetail.IMPLEMENTATION)

    tender = releases[0]["tender"]
    assert (tender["procurementMethod"], tender["mainProcurementCategory"]) == ("open", "works")
    assert tender["procuringEntity"] == {"id": f"UA-EDR-{cast.bucha.edrpou}", "name": cast.bucha.name_uk}
    assert Decimal(5_700_000) <= _amount(tender["value"]) <= Decimal(6_000_000)
    assert tender["items"][0]["classification"]["scheme"] == "ДК021"
    assert ContractingProcess.objects.get().procuring_entity_edrpou == project.initiator.edrpou


def test_the_tender_id_is_in_prozorro_form_and_dated_after_procurement_starts(cast, contractors):
    _, releases = _demo(cast, StatusDetail.IMPLEMENTATION)

    tender_id = releases[0]["ocid"].removeprefix("ocds-be6bcu-")
    tendered = datetime.fromisoformat(releases[0]["date"])
    assert re.fullmatch(r"UA-\d{4}-\d{2}-\d{2}-\d{6}-[a-z]", tender_id)
    assert tender_id[3:13] == tendered.date().isoformat()
    # The factories plan the works from 2025-04-01; procurement is taken to start sixty days before.
    assert date(2025, 2, 3) <= tendered.date() <= date(2025, 2, 20)


def test_large_works_are_awarded_to_a_registered_contractor(cast, contractors):
    _, releases = _demo(cast, StatusDetail.IMPLEMENTATION)

    supplier = releases[1]["awards"][0]["suppliers"][0]
    assert supplier["id"] in {f"UA-EDR-{contractor.edrpou}" for contractor in contractors}
    assert releases[1]["parties"][0]["roles"] == ["supplier", "tenderer"]


def test_small_works_sometimes_go_to_a_sole_trader_with_a_valid_tax_number(small_works):
    suppliers = [releases[1]["parties"][0] for releases in small_works]

    sole_traders = [party for party in suppliers if len(party["identifier"]["id"]) == 10]
    assert 0 < len(sole_traders) < len(suppliers)
    assert all(rntrc.is_valid(party["identifier"]["id"]) for party in sole_traders)
    assert all(party["name"].startswith("ФОП ") for party in sole_traders)


def test_some_contracts_are_amended_upwards(small_works):
    amended = [releases for releases in small_works if ["contractAmendment"] in [r["tag"] for r in releases]]

    assert 0 < len(amended) < len(small_works)
    for releases in amended:
        compiled = _compiled(releases)
        assert _amount(compiled["contracts"][0]["value"]) > _amount(compiled["awards"][0]["value"])
        assert compiled["contracts"][0]["amendments"][0]["rationale"]


def test_payments_of_works_in_progress_are_part_of_the_contract(small_works):
    for releases in small_works:
        compiled = _compiled(releases)
        paid = sum(_amount(t["value"]) for t in compiled["contracts"][0]["implementation"]["transactions"])
        assert 0 < paid < _amount(compiled["contracts"][0]["value"])
        assert compiled["contracts"][0]["status"] == "active"


def test_release_dates_follow_the_order_of_the_process(small_works):
    for releases in small_works:
        dates = [datetime.fromisoformat(release["date"]) for release in releases]
        assert dates == sorted(dates)
        assert len(set(dates)) == len(dates)


def test_a_commissioned_project_is_paid_in_full_and_its_contract_closed(cast, contractors):
    _, releases = _demo(cast, StatusDetail.COMMISSIONED)

    compiled = _compiled(releases)
    contract = compiled["contracts"][0]
    paid = sum(_amount(transaction["value"]) for transaction in contract["implementation"]["transactions"])
    assert paid == _amount(contract["value"])
    assert contract["status"] == "terminated"
    assert releases[-1]["tag"] == ["implementation", "contractTermination"]


def test_a_terminated_project_is_paid_in_part_and_its_contract_closed(cast, contractors):
    _, releases = _demo(cast, StatusDetail.TERMINATED)

    contract = _compiled(releases)["contracts"][0]
    paid = sum(_amount(transaction["value"]) for transaction in contract["implementation"]["transactions"])
    assert paid < _amount(contract["value"])
    assert contract["status"] == "terminated"


def test_a_project_whose_works_have_not_started_has_no_process(cast, contractors):
    project = project_in(cast, StatusDetail.APPROVED)

    with pytest.raises(ContractingError) as refused:
        record_demo_process(project, _seeded(1))

    assert refused.value.message == (
        f"Project {project.code} is pending:approved; only a project whose works have started "
        "(implementation, commissioned or terminated) has a contracting process."
    )
    assert not ContractingProcess.objects.exists()


def test_the_same_seed_gives_the_same_releases(cast, contractors):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    savepoint = transaction.savepoint()
    first = _documents(record_demo_process(project, _seeded(9)))
    transaction.savepoint_rollback(savepoint)

    second = _documents(record_demo_process(project, _seeded(9)))

    assert first == second


def test_the_demo_builder_gives_a_process_to_every_project_whose_works_started(db):
    builder = DemoBuilder(seed=3)
    builder.build_cast(communities=8)
    builder.build_projects(60)

    started = set(
        Project.objects.filter(
            status_details__in=[StatusDetail.IMPLEMENTATION, StatusDetail.COMMISSIONED, StatusDetail.TERMINATED]
        ).values_list("pk", flat=True)
    )
    assert started
    assert sorted(ContractingProcess.objects.values_list("project_id", flat=True)) == sorted(started)

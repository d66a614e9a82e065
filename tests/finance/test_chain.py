"""The money chain on a hand-built project where every figure is known, in three currencies with rates on
different days."""

from datetime import date
from decimal import Decimal

import pytest

from finance import services
from finance.chain import money_chain
from finance.rates import Conversion, RateBook
from finance.reconcile import reconcile
from projects.codes import FundingSourceCategory
from projects.models import Project
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

D = Decimal


@pytest.fixture
def donors(cast):
    return make_donors(cast)


@pytest.fixture
def known(cast, donors):
    """A project of 10,000,000.00 UAH with pledges, commitments, tranches, contracts and payments."""
    project = funded_project(cast, cost="10000000.00")
    rate("EUR", date(2026, 1, 15), "45.000000")
    rate("EUR", date(2026, 2, 2), "46.500000")
    rate("USD", date(2026, 1, 20), "40.000000")
    rate("USD", date(2026, 3, 1), "41.000000")

    euro = pledge(donors, project, "100000.00", "EUR", date(2026, 1, 15))
    dollar = pledge(
        donors, project, "50000.00", "USD", date(2026, 1, 20), donor="fund", source=FundingSourceCategory.DONOR_FUNDS
    )
    hryvnia = pledge(
        donors, project, "1000000.00", "UAH", date(2026, 1, 20), donor="fund", source=FundingSourceCategory.DONOR_FUNDS
    )
    euro_commitment = commit(cast, donors, euro, "80000.00", date(2026, 2, 2), reference="EIB-1")
    # No USD rate is held for 5 February: the rate of 20 January is used, and the chain says so.
    dollar_commitment = commit(cast, donors, dollar, "50000.00", date(2026, 2, 5), reference="FUND-1")
    # Proposed, never confirmed: not committed.
    services.propose_commitment(
        actor=donors.fund_user,
        pledge_id=hryvnia.pk,
        agreement_reference="FUND-2",
        amount="500000.00",
        committed_on=date(2026, 2, 5),
    )
    release(donors, euro_commitment, "30000.00", date(2026, 2, 2))
    release(donors, dollar_commitment, "10000.00", date(2026, 3, 1))

    works = process(project, "ocds-be6bcu-UA-2026-03-10-000001-a", signed=date(2026, 3, 10), buyer=cast.bucha.edrpou)
    contract(works, "c-1", "1500000.00")
    contract(works, "c-2", "900000.00", status="cancelled")
    payment(works, "tx-1", "400000.00", date(2026, 3, 15), contract_id="c-1")
    payment(works, "tx-2", "100000.00", date(2026, 4, 1), contract_id="c-1")
    return project


def test_each_step_totals_its_original_currencies_and_hryvnias_at_each_days_rate(known):
    chain = money_chain(known)

    totals = {step.name: (step.total.original, step.total.uah, step.coverage) for step in chain.steps}
    assert totals == {
        "pledged": ({"EUR": D("100000.00"), "UAH": D("1000000.00"), "USD": D("50000.00")}, D("7500000.00"), D("0.75")),
        "committed": ({"EUR": D("80000.00"), "USD": D("50000.00")}, D("5720000.00"), D("0.572")),
        "disbursed": ({"EUR": D("30000.00"), "USD": D("10000.00")}, D("1805000.00"), D("0.1805")),
        "contracted": ({"UAH": D("1500000.00")}, D("1500000.00"), D("0.15")),
        "paid": ({"UAH": D("500000.00")}, D("500000.00"), D("0.05")),
    }
    assert chain.funding_gap_uah == D("4280000.00")
    assert chain.estimated_cost_uah == D("10000000.00")


def test_each_amount_keeps_its_rate_and_the_day_of_that_rate(known):
    chain = money_chain(known)

    committed = {
        item.reference: (item.amount, item.rate, item.rate_on, item.uah) for item in chain.step("committed").amounts
    }
    euro, dollar = sorted(committed)
    assert committed[euro] == (D("80000.00"), D("46.500000"), date(2026, 2, 2), D("3720000.00"))
    assert committed[dollar] == (D("50000.00"), D("40.000000"), date(2026, 1, 20), D("2000000.00"))
    assert [message for message in chain.messages if "FUND-1" in message] == [
        f"{dollar}: No rate of USD for 2026-02-05; used 2026-01-20."
    ]


def test_the_chain_is_broken_down_by_funding_source_and_financing_party(known, donors):
    chain = money_chain(known)

    pledged = chain.step("pledged")
    assert {name: total.uah for name, total in pledged.by_source.items()} == {
        "donorFunds": D("3000000.00"),
        "internationalOrganization": D("4500000.00"),
    }
    committed = chain.step("committed")
    assert {name: (total.original, total.uah) for name, total in committed.by_party.items()} == {
        donors.bank.edrpou: ({"EUR": D("80000.00")}, D("3720000.00")),
        donors.fund.edrpou: ({"USD": D("50000.00")}, D("2000000.00")),
    }
    assert chain.parties[donors.bank.edrpou] == "Європейський інвестиційний банк"
    assert chain.step("contracted").by_party == {}


def test_the_known_chain_reconciles_as_consistent(known):
    result = reconcile(known)

    assert (result.status, result.contradictions) == ("consistent", [])


def test_an_amount_with_no_rate_on_or_before_its_day_stays_unconverted_and_says_so(cast, donors):
    project = funded_project(cast)
    rate("EUR", date(2026, 2, 1), "46.000000")
    early = pledge(donors, project, "1000.00", "EUR", date(2026, 1, 10))

    chain = money_chain(project)

    pledged = chain.step("pledged")
    assert pledged.total.uah == D("0.00")
    assert pledged.total.original == {"EUR": D("1000.00")}
    assert [item.reference for item in pledged.total.unconverted] == [f"pledge {early.pk}"]
    assert chain.messages == (
        f"pledge {early.pk}: No official rate of EUR is held for 2026-01-10 or any earlier day.",
    )


def test_a_project_with_no_money_yet_says_so(cast):
    project = funded_project(cast, cost="2000.00")

    result = reconcile(project)

    assert result.status == "no_money_yet"
    assert result.chain.funding_gap_uah == D("2000.00")
    assert result.chain.step("committed").coverage == D("0")


def test_the_chain_and_its_reconciliation_take_a_fixed_number_of_queries(
    cast, donors, known, django_assert_num_queries
):
    project = Project.objects.get(pk=known.pk)
    with django_assert_num_queries(6):
        money_chain(project)
    with django_assert_num_queries(9):
        reconcile(project)

    # Twice the amounts, the same queries.
    for number in range(3):
        more = pledge(donors, known, "10.00", "USD", date(2026, 3, 1))
        confirmed = commit(cast, donors, more, "10.00", date(2026, 3, 1), reference=f"M-{number}")
        release(donors, confirmed, "5.00", date(2026, 3, 2))
        payment(process(known, f"ocds-be6bcu-extra-{number}"), f"tx-extra-{number}", "1.00", date(2026, 3, 3))
    project = Project.objects.get(pk=known.pk)
    with django_assert_num_queries(6):
        money_chain(project)
    with django_assert_num_queries(9):
        reconcile(project)


def test_a_rate_book_from_a_first_day_keeps_the_rate_it_falls_back_on_and_none_older(cast, donors):
    for day, value in ((date(2025, 12, 1), "44.000000"), (date(2026, 3, 1), "45.000000"), (date(2026, 3, 5), "46.0")):
        rate("EUR", day, value)

    book = RateBook({"EUR", "UAH"}, date(2026, 3, 20), since=date(2026, 3, 3))

    assert book.convert(D("10.00"), "EUR", date(2026, 3, 3)) == Conversion(
        uah=D("450.00"),
        rate=D("45.000000"),
        rate_on=date(2026, 3, 1),
        message="No rate of EUR for 2026-03-03; used 2026-03-01.",
    )
    assert book.convert(D("10.00"), "EUR", date(2026, 3, 20)).uah == D("460.00")
    # The rate of December lies before the one fallen back on: it was never read.
    assert book.convert(D("10.00"), "EUR", date(2025, 12, 2)).uah is None

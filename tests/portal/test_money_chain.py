"""The money chain on a project's page: its table, its contradictions, and the Sankey figure beside them."""

import json
import re
from datetime import date

import pytest
from django.utils import translation

from projects.codes import StatusDetail
from tests.factories import project_in
from tests.finance.helpers import commit, contract, make_donors, payment, pledge, process, rate, release

MILESTONE = "Дах змонтовано"


def _page(client, project) -> str:
    with translation.override("en"):
        response = client.get(f"/projects/{project.code}/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str) -> str:
    return page[page.index('<section id="money-chain">') : page.index("</section>", page.index('id="money-chain"'))]


def _row(section: str, step: str) -> list[str]:
    row = re.search(rf'<tr class="step-{step}">(.*?)</tr>', section, re.DOTALL)
    assert row is not None
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row[1])]


@pytest.fixture
def funded(cast):
    """A school being rebuilt for 2,000,000 UAH: 40,000 EUR pledged and committed, its money part paid twice over."""
    project = project_in(cast, StatusDetail.IMPLEMENTATION, cost=2_000_000, title_uk="Відновлення ліцею №3")
    donors = make_donors(cast)
    rate("EUR", date(2025, 3, 3), "45.000000")
    rate("EUR", date(2025, 4, 1), "45.500000")
    rate("EUR", date(2025, 5, 2), "46.000000")
    bank = pledge(donors, project, "40000.00", "EUR", date(2025, 3, 3))
    commitment = commit(cast, donors, bank, "40000.00", date(2025, 4, 1), reference="FI-2025-17")
    release(donors, commitment, "10000.00", date(2025, 5, 2), milestone=MILESTONE)

    works = process(project, "ocds-be6bcu-UA-2025-04-10-000777-a", signed=date(2025, 4, 20))
    contract(works, "c-roof", "1500000.00")
    payment(works, "p-1", "1000000.00", date(2025, 5, 5), contract_id="c-roof")
    payment(works, "p-2", "600000.00", date(2025, 6, 5), contract_id="c-roof")
    return project


def test_project_page_shows_each_step_of_the_chain_in_its_currencies_in_hryvnias_and_its_coverage(client, funded):
    section = _section(_page(client, funded))

    assert _row(section, "pledged") == ["Pledged", "40,000.00 EUR", "1,800,000.00", "90.00 %"]
    assert _row(section, "committed") == ["Committed", "40,000.00 EUR", "1,820,000.00", "91.00 %"]
    assert _row(section, "disbursed") == ["Disbursed", "10,000.00 EUR", "460,000.00", "23.00 %"]
    assert _row(section, "contracted") == ["Contracted", "1,500,000.00 UAH", "1,500,000.00", "75.00 %"]
    assert _row(section, "paid") == ["Paid", "1,600,000.00 UAH", "1,600,000.00", "80.00 %"]
    assert "180,000.00" in section  # The funding gap: 2,000,000 less 1,820,000 committed.


def test_project_page_lists_the_contradictions_with_their_evidence(client, funded):
    section = _section(_page(client, funded))

    assert "The money chain holds 2 contradictions." in section
    assert "<code>paid_over_contracted</code> Payments of 1600000.00 UAH were made against contract c-roof" in section
    assert "<dt>excess</dt><dd>100000.00</dd>" in section
    assert "<dt>payments</dt><dd>demo:p-1, demo:p-2</dd>" in section
    assert "<code>tranche_before_milestone</code>" in section
    assert f"its milestone «{MILESTONE}» was not met yet." in section


def test_project_page_draws_the_flow_from_the_sources_through_commitments_to_contracts_and_payments(client, funded):
    page = _page(client, funded)

    figure = json.loads(re.search(r'<script id="money-flow-figure" type="application/json">(.*?)</script>', page)[1])
    sankey = figure["data"][0]
    assert sankey["type"] == "sankey"
    labels = sankey["node"]["label"]
    flows = {
        (labels[source], labels[target]): value
        for source, target, value in zip(
            sankey["link"]["source"], sankey["link"]["target"], sankey["link"]["value"], strict=True
        )
    }
    assert flows == {
        (
            "Європейський інвестиційний банк · Міжнародні організації / International organization",
            "Committed",
        ): 1820000.0,
        ("Committed", "Contracted"): 1500000.0,
        ("Committed", "Committed, not contracted yet"): 320000.0,
        ("Contracted", "Paid"): 1500000.0,
        ("Paid beyond contracts", "Paid"): 100000.0,
    }
    assert '<script src="/static-plotly.js?v=' in page
    assert "cdn" not in page.lower()


def test_project_page_without_money_says_so_and_draws_nothing(client, cast):
    project = project_in(cast, StatusDetail.DEFINITION)

    page = _page(client, project)

    assert "No money has moved yet" in _section(page)
    assert "money-flow-figure" not in page
    assert "static-plotly.js" not in page


@pytest.mark.parametrize("payments", [1, 20])
def test_project_page_query_count_does_not_grow_with_the_chain(client, funded, django_assert_num_queries, payments):
    works = funded.contracting_processes.get()
    for number in range(payments):
        payment(works, f"extra-{number}", "1.00", date(2025, 7, 1), contract_id="c-roof")
    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        _page(client, funded)


# The head of the audit log that keys the page cache (1), the page's own queries (the project and its passport,
# documents, history, contracting processes: 11), and the chain's reconciliation (8: pledges, commitments, tranches,
# contracts, payments, the rates, contracts of no project, damaged assets).
PROJECT_PAGE_QUERIES = 20

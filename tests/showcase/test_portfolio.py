import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from finance import services as finance
from projects.codes import StatusDetail
from tests.factories import project_in
from tests.finance.helpers import commit, contract, payment, pledge, process, rate, release

DAY = date(2026, 3, 2)


@pytest.fixture
def book(cast, donors):
    """The fund's pledges at each step of the chain, and a pledge of the bank it must not see."""
    rate("EUR", date(2026, 3, 1), "45.000000")
    school = project_in(cast, StatusDetail.APPROVED, title_uk="Школа №1", cost=Decimal("2000000.00"))
    clinic = project_in(cast, StatusDetail.STRUCTURED, title_uk="Амбулаторія", cost=Decimal("900000.00"))
    hall = project_in(cast, StatusDetail.APPLIED, title_uk="Будинок культури", cost=Decimal("700000.00"))

    pledged = pledge(donors, clinic, "300000.00", "UAH", DAY, donor="fund")
    committed = pledge(donors, hall, "5000.00", "EUR", DAY, donor="fund")
    commit(cast, donors, committed, "4000.00", DAY)
    finance.propose_commitment(
        actor=donors.fund_user, pledge_id=committed.pk, agreement_reference="B-2", amount="1000.00", committed_on=DAY
    )
    paid = pledge(donors, school, "10000.00", "EUR", DAY, donor="fund")
    release(donors, commit(cast, donors, paid, "10000.00", DAY), "6000.00", DAY)
    held = process(school, "ocds-be6bcu-UA-2026-03-02-000001-a", signed=DAY)
    contract(held, "c-1", "400000.00")
    payment(held, "p-1", "150000.00", DAY, contract_id="c-1")
    pledge(donors, school, "999.00", "UAH", DAY, donor="bank")
    return {"pledged": pledged, "committed": committed, "paid": paid, "school": school}


def _rows(client, donors):
    client.force_login(donors.fund_user)
    response = client.get("/api/v1/portfolio")
    assert response.status_code == 200
    return {row["pledge"]: row for row in response.json()["results"]}


def test_the_portfolio_shows_each_pledge_where_it_stands(book, donors, client):
    rows = _rows(client, donors)

    assert set(rows) == {book["pledged"].pk, book["committed"].pk, book["paid"].pk}
    assert {pk: row["stage"] for pk, row in rows.items()} == {
        book["pledged"].pk: "pledged",
        book["committed"].pk: "committed",
        book["paid"].pk: "paid",
    }
    committed = rows[book["committed"].pk]
    assert (committed["pledged"], committed["pledged_uah"], committed["committed"], committed["committed_uah"]) == (
        5000.0,
        225000.0,
        4000.0,
        180000.0,
    )
    assert (committed["proposed"], committed["disbursed"], committed["project_funding_gap_uah"]) == (
        1000.0,
        0.0,
        520000.0,
    )
    paid = rows[book["paid"].pk]
    assert (paid["disbursed"], paid["disbursed_uah"]) == (6000.0, 270000.0)
    assert (paid["project_contracted_uah"], paid["project_paid_uah"]) == (400000.0, 150000.0)


def test_a_user_who_is_no_donor_is_refused_the_portfolio(cast, client, bearer):
    response = client.get("/api/v1/portfolio", headers=bearer(cast.bucha_editor))

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_donor"
    assert "act for none" in response.json()["detail"]


def test_a_donor_cannot_read_another_donors_portfolio(book, donors, client, bearer):
    response = client.get(f"/api/v1/portfolio?donor={donors.fund.edrpou}", headers=bearer(donors.bank_user))

    assert response.status_code == 403
    assert (response.json()["code"], response.json()["field"]) == ("not_a_donor", "donor")


def test_the_csv_export_holds_what_the_api_shows(book, donors, client):
    rows = _rows(client, donors)

    response = client.get("/api/v1/portfolio?format=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"portfolio-{donors.fund.edrpou}.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(records) == 3
    paid = next(record for record in records if record["pledge"] == str(book["paid"].pk))
    assert paid["project"] == book["school"].code
    assert paid["project_title"] == "Школа №1"
    assert paid["pledged_on"] == "2026-03-02"
    assert (paid["pledged"], paid["currency"], paid["disbursed_uah"], paid["stage"]) == (
        "10000.00",
        "EUR",
        "270000.00",
        "paid",
    )
    for record in records:
        api_row = rows[int(record["pledge"])]
        assert Decimal(record["committed_uah"]) == Decimal(str(api_row["committed_uah"]))
        assert Decimal(record["project_funding_gap_uah"]) == Decimal(str(api_row["project_funding_gap_uah"]))


def test_the_xlsx_export_holds_numbers_and_dates(book, donors, client):
    rows = _rows(client, donors)

    response = client.get("/cabinet/portfolio/?format=xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    headings, records = values[0], [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    assert headings[:3] == ("project", "project_title", "pledge")
    assert len(records) == 3
    for record in records:
        api_row = rows[record["pledge"]]
        for heading in (
            "pledged",
            "pledged_uah",
            "committed",
            "committed_uah",
            "proposed",
            "disbursed",
            "project_paid_uah",
        ):
            assert record[heading] == pytest.approx(api_row[heading]), heading
        assert record["stage"] == api_row["stage"]
        assert record["pledged_on"].date() == DAY


def test_the_portfolio_page_shows_the_pledges_and_the_exports(book, donors, client):
    client.force_login(donors.fund_user)

    page = client.get("/cabinet/portfolio/").content.decode()

    assert donors.fund.name_uk in page
    assert "Школа №1" in page
    assert "Амбулаторія" in page
    assert "999.00" not in page
    assert "format=csv" in page
    assert "format=xlsx" in page


def test_the_portfolio_page_refuses_a_user_who_is_no_donor(cast, client):
    client.force_login(cast.lviv_editor)

    response = client.get("/cabinet/portfolio/")

    assert response.status_code == 403
    assert "act for none" in response.content.decode()

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance import services as finance
from finance.models import Pledge
from projects import services as projects
from projects.codes import DocumentType, FundingSourceCategory, ProjectType, StatusDetail
from showcase import views
from tests.factories import IRPINSKA_HROMADA, LVIV_OBLAST, MINIMAL_PDF, project_in
from tests.finance.helpers import commit, pledge, rate

DAY = date(2026, 3, 2)


def _codes(response):
    return [item["code"] for item in response.json()["results"]]


def _document(project, cast, document_type):
    projects.attach_document(
        actor=cast.editor_of(project),
        project=project,
        title=document_type,
        document_type=document_type,
        content=MINIMAL_PDF,
        filename="doc.pdf",
    )


def test_the_showcase_lists_projects_that_seek_money_and_still_miss_some(cast, donors, client):
    seeking = {
        state: project_in(cast, state)
        for state in (StatusDetail.STRUCTURED, StatusDetail.APPLIED, StatusDetail.APPROVED)
    }
    for state in (StatusDetail.DEFINITION, StatusDetail.APPRAISAL, StatusDetail.IMPLEMENTATION, StatusDetail.REFUSED):
        project_in(cast, state)
    covered = project_in(cast, StatusDetail.APPROVED, cost=Decimal("500000.00"))
    commit(cast, donors, pledge(donors, covered, "500000.00", "UAH", DAY), "500000.00", DAY)

    response = client.get("/api/v1/showcase")

    assert response.status_code == 200
    assert sorted(_codes(response)) == sorted(project.code for project in seeking.values())
    assert response.json()["count"] == 3


def test_the_gap_is_the_cost_less_confirmed_commitments_at_the_rate_of_their_day(cast, donors, client):
    project = project_in(cast, StatusDetail.APPROVED, cost=Decimal("1000000.00"))
    rate("EUR", date(2026, 2, 27), "45.500000")
    rate("EUR", date(2026, 3, 10), "50.000000")
    # Confirmed at the rate of 27 February, the latest before 2 March: 10,000 × 45.5.
    commit(cast, donors, pledge(donors, project, "20000.00", "EUR", DAY), "10000.00", DAY)
    # A commitment only proposed, and a pledge without a commitment, count for nothing.
    other = pledge(donors, project, "5000.00", "EUR", DAY, donor="fund")
    finance.propose_commitment(
        actor=donors.fund_user, pledge_id=other.pk, agreement_reference="B", amount="5000.00", committed_on=DAY
    )

    [item] = client.get("/api/v1/showcase").json()["results"]

    assert (item["estimated_cost_uah"], item["committed_uah"], item["funding_gap_uah"]) == (
        1000000.0,
        455000.0,
        545000.0,
    )
    assert item["unconverted_commitments"] == 0


def test_a_commitment_without_any_rate_is_not_counted_and_is_said_so(cast, donors, client):
    project = project_in(cast, StatusDetail.APPROVED)
    commit(cast, donors, pledge(donors, project, "1000.00", "USD", DAY), "1000.00", DAY)

    [item] = client.get("/api/v1/showcase").json()["results"]

    assert (item["committed_uah"], item["funding_gap_uah"], item["unconverted_commitments"]) == (0.0, 1000000.0, 1)


@pytest.fixture
def spread(cast):
    """Projects that differ in place, sector, type, cost and readiness."""
    kyiv_school = project_in(cast, StatusDetail.APPROVED, cost=Decimal("200000.00"), sector="ES")
    irpin_clinic = project_in(
        cast,
        StatusDetail.STRUCTURED,
        cost=Decimal("5000000.00"),
        sector="HQ",
        type=ProjectType.CONSTRUCTION,
        locations=[projects.LocationInput(territory=IRPINSKA_HROMADA)],
    )
    lviv_school = project_in(cast, StatusDetail.APPLIED, initiator=cast.lviv, cost=Decimal("900000.00"), sector="EP")
    return {"kyiv_school": kyiv_school, "irpin_clinic": irpin_clinic, "lviv_school": lviv_school}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("oblast=" + LVIV_OBLAST, {"lviv_school"}),
        ("hromada=" + IRPINSKA_HROMADA, {"irpin_clinic"}),
        ("hromada=UA3208", {"kyiv_school", "irpin_clinic"}),
        ("sector=E", {"kyiv_school", "lviv_school"}),
        ("sector=HQ", {"irpin_clinic"}),
        ("type=construction", {"irpin_clinic"}),
        ("gap_min=500000", {"irpin_clinic", "lviv_school"}),
        ("gap_min=500000&gap_max=1000000", {"lviv_school"}),
        ("gap_max=200000", {"kyiv_school"}),
        ("", {"kyiv_school", "irpin_clinic", "lviv_school"}),
    ],
)
def test_the_showcase_filters(spread, client, query, expected):
    response = client.get(f"/api/v1/showcase?{query}")

    assert set(_codes(response)) == {spread[name].code for name in expected}


def test_the_showcase_filters_by_readiness(spread, cast, client):
    _document(spread["kyiv_school"], cast, DocumentType.DESIGN_DOCUMENT)
    _document(spread["kyiv_school"], cast, DocumentType.TECHNICAL_DOCUMENT)
    _document(spread["lviv_school"], cast, DocumentType.DESIGN_DOCUMENT)

    designed = client.get("/api/v1/showcase?design=true")
    expert = client.get("/api/v1/showcase?design=true&expertise=true").json()["results"]

    assert set(_codes(designed)) == {spread["kyiv_school"].code, spread["lviv_school"].code}
    assert [(item["code"], item["has_design_documents"], item["has_expertise"]) for item in expert] == [
        (spread["kyiv_school"].code, True, True)
    ]


def test_a_gap_bound_that_is_not_an_amount_is_refused(client, db):
    response = client.get("/api/v1/showcase?gap_min=lots")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "'lots' is not an amount in hryvnias.",
        "code": "invalid_filter",
        "field": "gap_min",
    }


def test_the_showcase_pages_and_says_how_many_match(spread, client):
    first = client.get("/api/v1/showcase?limit=2").json()
    second = client.get("/api/v1/showcase?limit=2&page=2").json()

    assert (first["count"], first["pages"], second["page"]) == (3, 2, 2)
    assert len(first["results"]) == 2
    assert {item["code"] for item in first["results"] + second["results"]} == {p.code for p in spread.values()}


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_showcase_takes_the_same_few_queries_for_many_projects(cast, donors, client):
    rate("EUR", date(2026, 1, 1), "45.000000")
    for _ in range(2):
        project = project_in(cast, StatusDetail.APPROVED)
        commit(cast, donors, pledge(donors, project, "100.00", "EUR", DAY), "100.00", DAY)
    few = _queries(client, "/api/v1/showcase")
    few_page = _queries(client, "/showcase/")

    for _ in range(4):
        project = project_in(cast, StatusDetail.STRUCTURED)
        commit(cast, donors, pledge(donors, project, "100.00", "EUR", DAY), "100.00", DAY)
    many = _queries(client, "/api/v1/showcase")
    many_page = _queries(client, "/showcase/")

    # Candidates, their commitments, the rates, the page's projects and their places.
    assert few == many == 5
    assert few_page == many_page


def test_the_page_shows_each_project_with_its_gap_and_keeps_the_filters_in_the_links(spread, client, settings):
    settings.LANGUAGE_CODE = "en"
    page = client.get("/showcase/?sector=E&gap_min=100000", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert spread["kyiv_school"].code in page
    assert spread["irpin_clinic"].code not in page
    assert "200,000.00" in page
    assert 'name="gap_min" value="100000"' in page


def test_the_page_keeps_the_filters_when_paging(cast, client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    for _ in range(2):
        project_in(cast, StatusDetail.APPROVED)

    page = client.get("/showcase/?sector=E").content.decode()

    assert "?sector=E&amp;page=2" in page


def test_the_page_shows_a_bad_gap_bound_to_the_person(client, db):
    response = client.get("/showcase/?gap_max=abc")

    assert response.status_code == 400
    assert "&#x27;abc&#x27; is not an amount in hryvnias." in response.content.decode()


def test_only_donors_see_the_pledge_and_write_links(spread, donors, cast, client):
    anonymous = client.get("/showcase/").content.decode()
    client.force_login(donors.fund_user)
    donor = client.get("/showcase/").content.decode()

    pledge_link = f"/showcase/{spread['kyiv_school'].code}/pledge/"
    assert pledge_link not in anonymous
    assert pledge_link in donor
    assert f"/cabinet/conversations/new/?project={spread['kyiv_school'].code}" in donor


def test_a_donor_pledges_from_the_showcase(spread, donors, client):
    project = spread["kyiv_school"]
    client.force_login(donors.fund_user)

    response = client.post(
        f"/showcase/{project.code}/pledge/",
        {
            "donor": donors.fund.edrpou,
            "source_category": FundingSourceCategory.DONOR_FUNDS,
            "amount": "150 000,50",
            "currency": "UAH",
            "pledged_on": "2026-03-02",
            "note": "На дах",
        },
        follow=True,
    )

    held = Pledge.objects.get()
    assert (held.project, held.donor, held.amount, held.currency, held.pledged_on, held.note) == (
        project,
        donors.fund,
        Decimal("150000.50"),
        "UAH",
        DAY,
        "На дах",
    )
    assert response.redirect_chain[-1][0] == "/cabinet/portfolio/"
    assert project.code in response.content.decode()


@pytest.mark.parametrize(
    "case",
    [
        ("fund_user", {"amount": "-5"}, 400, "above zero"),
        ("fund_user", {"currency": "GBP"}, 400, "GBP"),
        ("fund_user", {"pledged_on": "вчора"}, 400, "Give the day of the pledge as a date."),
        ("bank_user", {}, 403, "Only a user with the donor role in"),
    ],
)
def test_a_refused_pledge_is_shown_to_the_person_and_changes_nothing(spread, donors, client, case):
    user, form, status, words = case
    project = spread["kyiv_school"]
    client.force_login(getattr(donors, user))
    values = {
        "donor": donors.fund.edrpou,
        "source_category": FundingSourceCategory.DONOR_FUNDS,
        "amount": "1000",
        "currency": "UAH",
        "pledged_on": "2026-03-02",
        **form,
    }

    response = client.post(f"/showcase/{project.code}/pledge/", values, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == status
    assert words in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Pledge.objects.exists()

"""The public overview: home, dashboards, the map, territory and organisation pages, exports and caching."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from portal.templatetags.portal import in_language
from projects import services
from projects.codes import StatusDetail
from tests.factories import BUCHANSKA_HROMADA, KYIV_OBLAST, LVIV_OBLAST, LVIVSKA_HROMADA, ProjectFactory, project_in
from tests.finance.helpers import commit, contract, make_donors, payment, pledge, process, rate

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def bank(cast):
    """Two projects in the Kyiv oblast and one in Lviv's, with known costs, a commitment in euros and payments."""
    donors = make_donors(cast)
    school = project_in(
        cast,
        StatusDetail.APPROVED,
        cost=Decimal("3000000.00"),
        title_uk="Відновлення гімназії №2",
        title_en="Restoring gymnasium No. 2",
        sector="ES",
        locations=[
            services.LocationInput(
                territory=BUCHANSKA_HROMADA, latitude=Decimal("50.543100"), longitude=Decimal("30.212800")
            )
        ],
    )
    clinic = project_in(cast, StatusDetail.DEFINITION, cost=Decimal("1000000.00"), title_uk="Амбулаторія", sector="HQ")
    station = project_in(
        cast, StatusDetail.WITHDRAWN, initiator=cast.lviv, cost=Decimal("500000.00"), title_uk="Насосна станція"
    )
    rate("EUR", date(2026, 2, 2), "45.000000")
    made = pledge(donors, school, "40000.00", "EUR", date(2026, 2, 2))
    commit(cast, donors, made, "20000.00", date(2026, 2, 2))
    held = process(school, "ocds-be6bcu-UA-2026-02-10-000001-a", signed=date(2026, 2, 10))
    contract(held, "c1", "800000.00")
    payment(held, "p1", "250000.00", date(2026, 3, 1), contract_id="c1")
    payment(held, "p2", "50000.50", date(2026, 3, 2), contract_id="c1")
    return {"school": school, "clinic": clinic, "station": station}


def figure(page: str, element_id: str) -> dict:
    """Read the plotly figure a page carries as JSON in the script element of that id."""
    return json.loads(page.split(f'<script id="{element_id}" type="application/json">', 1)[1].split("</script>", 1)[0])


def _figures(page: str) -> dict[str, str]:
    """Read the key figures off a page: each term and the number after it."""
    section = page.split('<dl class="figures">', 1)[1].split("</dl>", 1)[0]
    terms = [part.split("</dt>")[0] for part in section.split("<dt>")[1:]]
    values = [part.split("</dd>")[0] for part in section.split("<dd>")[1:]]
    return dict(zip(terms, values, strict=True))


def test_home_shows_the_key_figures_of_all_projects(client, bank):
    page = client.get("/", **EN).content.decode()

    assert _figures(page) == {
        "Projects": "3",
        "Estimated cost, UAH": "4,500,000",
        # 20,000.00 EUR at 45 UAH.
        "Committed, UAH": "900,000",
        "Still needed, UAH": "3,600,000",
        "Paid, UAH": "300,001",
    }


def test_home_lists_the_latest_changes_newest_first(client, bank):
    page = client.get("/", **EN).content.decode()
    latest = page.split('<ul class="latest">', 1)[1].split("</ul>", 1)[0]

    assert latest.index("Насосна станція") < latest.index("Амбулаторія") < latest.index("Restoring gymnasium No. 2")


def test_home_speaks_ukrainian_first_and_english_when_asked(client, bank):
    ukrainian = client.get("/").content.decode()
    english = client.get("/", **EN).content.decode()

    assert "<dt>Проєкти</dt>" in ukrainian
    assert "Ініціація" in ukrainian
    assert "Pending" not in ukrainian
    assert "<dt>Projects</dt>" in english
    assert "Pending" in english


def test_dashboards_break_the_selection_down_and_filter_together(client, bank):
    everything = client.get("/dashboards/", **EN).content.decode()
    kyiv = client.get("/dashboards/", {"territory": KYIV_OBLAST}, **EN).content.decode()

    assert _figures(everything)["Projects"] == "3"
    assert _figures(kyiv)["Projects"] == "2"
    sectors = kyiv.split('id="sector-title"', 1)[1].split("</table>", 1)[0]
    assert '>Education</a></th><td class="num">1</td>' in sectors
    assert '>Health</a></th><td class="num">1</td>' in sectors
    # Each row's link keeps the oblast chosen and adds its own filter.
    assert f"?territory={KYIV_OBLAST}&amp;sector=E" in sectors
    assert 'Kyivska</a></th><td class="num">2</td>' in kyiv
    assert "Lvivska" not in kyiv.split('id="oblast-title"', 1)[1].split("</table>", 1)[0]


def test_dashboards_add_up_commitments_by_funding_source(client, bank):
    page = client.get("/dashboards/", **EN).content.decode()
    sources = page.split('id="source-title"', 1)[1].split("</table>", 1)[0]

    assert 'International organization</th><td class="num">900,000</td>' in sources


def test_map_shows_each_located_place_with_a_link_to_its_project(client, bank):
    page = client.get("/map/", **EN).content.decode()

    assert "1 place on the map" in page
    [trace] = figure(page, "map-figure")["data"]
    assert (trace["customdata"], trace["x"], trace["y"]) == (
        [f"/projects/{bank['school'].code}/"],
        [30.2128],
        [50.5431],
    )
    assert trace["text"] == ["Restoring gymnasium No. 2"]
    assert f'<a href="/projects/{bank["school"].code}/">Restoring gymnasium No. 2</a></td><td>Pending</td>' in page


def test_map_colours_by_sector_when_asked(client, bank):
    page = client.get("/map/", {"colour": "sector"}, **EN).content.decode()

    assert [trace["name"] for trace in figure(page, "map-figure")["data"]] == ["Education"]
    assert "</a></td><td>Education</td>" in page


def test_map_says_when_no_place_of_the_selection_has_a_point(client, bank):
    page = client.get("/map/", {"territory": LVIV_OBLAST}, **EN).content.decode()

    assert "0 places on the map" in page
    assert "No project of this selection has a point on the map." in page
    assert "map-figure" not in page


def test_territory_page_shows_everything_within_it(client, bank):
    page = client.get(f"/territories/{KYIV_OBLAST}/", **EN).content.decode()

    assert _figures(page)["Projects"] == "2"
    assert "Restoring gymnasium No. 2" in page
    assert "Амбулаторія" in page
    assert "Насосна станція" not in page


def test_territory_page_of_a_hromada_names_the_units_above(client, bank):
    page = client.get(f"/territories/{LVIVSKA_HROMADA}/", **EN).content.decode()

    assert f'href="/territories/{LVIV_OBLAST}/">Lvivska</a>' in page
    assert "Насосна станція" in page


def test_organisation_page_shows_what_it_initiated(client, cast, bank):
    page = client.get(f"/organisations/{cast.lviv.edrpou}/", **EN).content.decode()

    assert "Львівська міська рада" in page
    assert _figures(page)["Projects"] == "1"
    assert "Насосна станція" in page
    assert "Амбулаторія" not in page


@pytest.mark.parametrize("address", ["/territories/UA99999999999999999/", "/organisations/12345678/"])
def test_an_unknown_territory_or_organisation_is_not_found(client, address):
    assert client.get(address).status_code == 404


def test_csv_export_holds_the_filtered_selection_with_a_byte_order_mark(client, bank):
    response = client.get("/projects/export.csv", {"territory": KYIV_OBLAST}, **EN)
    body = b"".join(response.streaming_content).decode("utf-8")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="dream-projects-')
    assert body.startswith("\ufeffCode,Title (Ukrainian),")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert sorted(row["Code"] for row in rows) == sorted([bank["school"].code, bank["clinic"].code])
    school = next(row for row in rows if row["Code"] == bank["school"].code)
    assert school["Estimated cost, UAH"] == "3000000.00"
    assert school["KATOTTG codes"] == BUCHANSKA_HROMADA
    assert school["Page"] == f"http://localhost/projects/{bank['school'].code}/"


def test_xlsx_export_holds_the_selection_with_costs_as_numbers(client, bank):
    response = client.get("/projects/export.xlsx", {"status": "pending"}, **EN)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active

    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Title (Ukrainian)", "Title (English)")
    assert sorted(row[0] for row in rows[1:]) == sorted([bank["school"].code, bank["clinic"].code])
    assert {row[12] for row in rows[1:]} == {3000000.0, 1000000.0}


def test_a_public_page_is_cached_until_something_changes(client, cast, bank, django_assert_num_queries):
    client.get("/", **EN)
    with django_assert_num_queries(1):
        cached = client.get("/", **EN)
    assert _figures(cached.content.decode())["Projects"] == "3"

    ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)

    assert _figures(client.get("/", **EN).content.decode())["Projects"] == "4"


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("page", [("/", 5), ("/dashboards/", 9), ("/map/", 3)], ids=["home", "dashboards", "map"])
def test_overview_pages_take_a_fixed_number_of_queries(client, cast, django_assert_num_queries, size, page):
    address, queries = page
    for _ in range(size):
        ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200


@pytest.mark.parametrize(
    ("language", "label", "shown"),
    [
        ("uk", "Ініціація / Pending", "Ініціація"),
        ("en", "Ініціація / Pending", "Pending"),
        ("en", "Без перекладу", "Без перекладу"),
    ],
)
def test_a_bilingual_label_shows_the_half_of_the_page_language(language, label, shown):
    with translation.override(language):
        assert in_language(label) == shown


def test_a_map_of_a_large_selection_draws_the_newest_places_and_says_so(client, cast, bank, monkeypatch):
    monkeypatch.setattr("portal.overview.MAP_POINTS", 1)
    newer = project_in(
        cast,
        StatusDetail.DEFINITION,
        title_uk="Нова амбулаторія",
        locations=[
            services.LocationInput(territory=BUCHANSKA_HROMADA, latitude=Decimal("50.6"), longitude=Decimal("30.3"))
        ],
    )

    page = client.get("/map/", **EN).content.decode()

    assert "2 places on the map · the newest 1 are drawn: narrow the filters to see the others" in page
    assert [trace["customdata"] for trace in figure(page, "map-figure")["data"]] == [[f"/projects/{newer.code}/"]]
    assert bank["school"].code not in page


@pytest.mark.parametrize(
    ("address", "kilobytes"), [("/", 12), ("/projects/", 30), ("/dashboards/", 30), ("/map/", 40)]
)
def test_public_pages_stay_light_with_many_projects(client, cast, address, kilobytes):
    for number in range(40):
        ProjectFactory(
            actor=cast.bucha_editor,
            initiator=cast.bucha,
            locations=[
                services.LocationInput(
                    territory=BUCHANSKA_HROMADA,
                    latitude=Decimal("50.5") + Decimal(number) / 100,
                    longitude=Decimal("30.2"),
                )
            ],
        )

    assert len(client.get(address).content) < kilobytes * 1000


def test_amounts_are_grouped_as_each_language_writes_them(client, bank):
    assert _figures(client.get("/").content.decode())["Орієнтовна вартість, грн"] == "4\xa0500\xa0000"
    assert _figures(client.get("/", **EN).content.decode())["Estimated cost, UAH"] == "4,500,000"

"""The project page: its timeline planned against actual, its procurement, photos, places on a map and open data."""

from datetime import date
from decimal import Decimal

import pytest

from projects import services
from projects.codes import DocumentType, Phase, StatusDetail
from tests.factories import BUCHANSKA_HROMADA, png_bytes, project_in
from tests.finance.helpers import process
from tests.portal.test_overview import figure

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def project(cast):
    project = project_in(
        cast,
        StatusDetail.DEFINITION,
        title_uk="Відновлення гімназії №2",
        locations=[
            services.LocationInput(
                territory=BUCHANSKA_HROMADA, latitude=Decimal("50.5431"), longitude=Decimal("30.2128")
            )
        ],
    )
    return services.set_phase_plan(
        actor=cast.bucha_editor,
        project=project,
        phases=[
            services.PhaseInput(
                phase=Phase.IDENTIFICATION,
                planned_start=date(2025, 1, 1),
                planned_end=date(2025, 3, 31),
                actual_start=date(2025, 1, 10),
                actual_end=date(2025, 4, 20),
            ),
            services.PhaseInput(
                phase=Phase.IMPLEMENTATION, planned_start=date(2025, 4, 1), planned_end=date(2025, 12, 31)
            ),
        ],
    )


def _page(client, project):
    return client.get(f"/projects/{project.code}/", **EN).content.decode()


def test_the_timeline_sets_each_phase_planned_against_actual_and_says_how_late(client, project):
    page = _page(client, project)
    timeline = page.split('id="timeline"', 1)[1].split("</section>", 1)[0]

    assert "<td>Identification</td><td>2025-01-01 – 2025-03-31</td><td>2025-01-10 – 2025-04-20</td>" in timeline
    assert '<td class="num">20</td>' in timeline
    assert "<td>Implementation</td><td>2025-04-01 – 2025-12-31</td><td></td>" in timeline
    # The axis runs 364 days, from 1 January to 31 December 2025; the first plan spans 89 of them from its left edge.
    assert 'class="planned" style="left: 0.0%; width: 24.45%"' in timeline
    assert 'class="actual late"' in timeline


def test_the_procurement_of_the_project_links_to_prozorro_and_to_its_ocds_record(client, project):
    process(project, "ocds-be6bcu-UA-2025-05-02-000123-a")

    page = _page(client, project)

    assert 'href="https://prozorro.gov.ua/tender/UA-2025-05-02-000123-a"' in page
    assert 'href="/api/v1/ocds/records/ocds-be6bcu-UA-2025-05-02-000123-a"' in page


def test_open_photos_show_on_the_page_and_restricted_ones_do_not(client, cast, project):
    for title, access in (("Фасад до ремонту", "open"), ("Внутрішні приміщення", "restricted")):
        services.attach_document(
            actor=cast.bucha_editor,
            project=project,
            title=title,
            document_type=DocumentType.ILLUSTRATION_BEFORE,
            content=png_bytes(),
            filename="photo.png",
            access_level=access,
        )

    page = _page(client, project)

    assert 'alt="Фасад до ремонту"' in page
    assert "Внутрішні приміщення" not in page


def test_the_places_of_the_project_are_drawn_on_a_map_and_linked_to_their_territory(client, project):
    page = _page(client, project)

    assert f'href="/territories/{BUCHANSKA_HROMADA}/"' in page
    [trace] = figure(page, "location-figure")["data"]
    assert (trace["x"], trace["y"]) == ([30.2128], [50.5431])


def test_the_page_links_to_its_open_data(client, project):
    page = _page(client, project)

    assert f'href="/api/v1/oc4ids/projects/{project.code}"' in page
    assert f'href="/api/v1/projects/{project.code}/money-chain"' in page


def test_the_history_names_each_change_in_words_of_the_page_language(client, project):
    english = _page(client, project).split('id="history"', 1)[1].split("</section>", 1)[0]
    ukrainian = client.get(f"/projects/{project.code}/").content.decode().split('id="history"', 1)[1]

    assert "— registered" in english
    assert "— definition begun" in english
    assert "project.registered" not in english
    assert "— зареєстровано" in ukrainian.split("</section>", 1)[0].lower()

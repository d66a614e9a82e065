"""A project's permits and certificates, public, with nothing that could point at a private owner's home."""

import pytest

from connectors.construction.services import import_construction_file
from connectors.damage.services import import_damage_file
from tests.connectors.construction.conftest import document_row, three_documents
from tests.connectors.damage.conftest import asset_row
from tests.connectors.damage.files import write_csv
from tests.factories import BUCHA_CITY

PROJECTS = "/api/v1/projects"


def _import(tmp_path, rows):
    report = import_construction_file(write_csv(tmp_path / "construction.csv", rows))
    assert not report.refused


def test_a_project_lists_its_construction_documents_for_anyone(client, tmp_path, project):
    import_damage_file(write_csv(tmp_path / "damage.csv", [asset_row()]))
    _import(tmp_path, [document_row(project_code=project.code, damaged_asset_register_id="DA-2023-000101")])

    response = client.get(f"{PROJECTS}/{project.code}/construction-documents")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next_cursor": None,
        "results": [
            {
                "registration_number": "ІУ013230712345",
                "kind": "construction_permit",
                "consequence_class": "CC2",
                "object_name": "Капітальний ремонт ліцею №3",
                "katottg": BUCHA_CITY,
                "territory_name_uk": "Буча",
                "address": "вул. Вокзальна, 12",
                "issued_on": "2023-07-12",
                "valid_until": "2026-07-12",
                "commissioned_on": None,
                "issuing_authority": "Державна інспекція архітектури та містобудування України",
                "issuing_authority_edrpou": "44245840",
                "project_code": project.code,
                "damaged_asset_register_id": "DA-2023-000101",
            }
        ],
    }


def test_only_the_projects_own_documents_are_listed(client, tmp_path, project):
    _import(tmp_path, three_documents(project_code=project.code))

    results = client.get(f"{PROJECTS}/{project.code}/construction-documents").json()["results"]

    assert [document["registration_number"] for document in results] == ["ІУ123231115432"]


def test_works_on_a_private_owners_home_hide_what_leads_to_the_home(client, tmp_path, project):
    import_damage_file(
        write_csv(tmp_path / "damage.csv", [asset_row(object_type="private_house", owner_is_private="")])
    )
    _import(tmp_path, [document_row(project_code=project.code, damaged_asset_register_id="DA-2023-000101")])

    (document,) = client.get(f"{PROJECTS}/{project.code}/construction-documents").json()["results"]

    assert document["registration_number"] is None
    assert document["object_name"] is None
    assert document["address"] is None
    assert document["damaged_asset_register_id"] is None
    assert (document["kind"], document["katottg"], document["issued_on"]) == (
        "construction_permit",
        BUCHA_CITY,
        "2023-07-12",
    )


@pytest.mark.parametrize("size", [1, 3])
def test_the_query_count_does_not_grow_with_the_page(client, tmp_path, project, django_assert_num_queries, size):
    rows = [
        document_row(registration_number=f"ІУ01323071234{number}", project_code=project.code) for number in range(size)
    ]
    _import(tmp_path, rows)

    with django_assert_num_queries(3):
        client.get(f"{PROJECTS}/{project.code}/construction-documents")


def test_an_unknown_project_is_not_found(client, db):
    response = client.get(f"{PROJECTS}/DREAM-UA-010125-DEADBEEF/construction-documents")

    assert response.status_code == 404
    assert response.json()["code"] == "project_not_found"

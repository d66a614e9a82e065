"""A project's damaged assets, public, with nothing that could point at a private owner."""

import pytest

from connectors.damage.services import import_damage_file
from tests.connectors.damage.conftest import LVIV_CITY, asset_row
from tests.connectors.damage.files import write_csv
from tests.factories import BUCHA_CITY

PROJECTS = "/api/v1/projects"


def _import(tmp_path, rows):
    report = import_damage_file(write_csv(tmp_path / "damage.csv", rows))
    assert not report.refused


def test_a_project_lists_its_damaged_assets_for_anyone(client, tmp_path, project, other_project):
    _import(
        tmp_path,
        [
            asset_row(project_codes=f"{project.code}; {other_project.code}"),
            asset_row(register_id="DA-2", project_codes=other_project.code),
        ],
    )

    response = client.get(f"{PROJECTS}/{project.code}/damaged-assets")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next_cursor": None,
        "results": [
            {
                "register_id": "DA-2023-000101",
                "katottg": BUCHA_CITY,
                "territory_name_uk": "Буча",
                "object_type": "school",
                "damage_category": "damaged",
                "damaged_on": "2022-03-05",
                "estimated_loss": {"amount": 1250000.5, "currency": "UAH"},
                "address": "вул. Вокзальна, 12",
                "owner_is_private": False,
                "project_codes": sorted([project.code, other_project.code]),
            }
        ],
    }


def test_a_private_owners_home_shows_only_place_type_category_date_and_loss(client, tmp_path, project):
    _import(
        tmp_path,
        [asset_row(object_type="private_house", owner_is_private="", katottg=LVIV_CITY, project_codes=project.code)],
    )

    (asset,) = client.get(f"{PROJECTS}/{project.code}/damaged-assets").json()["results"]

    assert asset == {
        "register_id": None,
        "katottg": LVIV_CITY,
        "territory_name_uk": "Львів",
        "object_type": "private_house",
        "damage_category": "damaged",
        "damaged_on": "2022-03-05",
        "estimated_loss": {"amount": 1250000.5, "currency": "UAH"},
        "address": None,
        "owner_is_private": True,
        "project_codes": None,
    }
    assert "Вокзальна" not in client.get(f"{PROJECTS}/{project.code}/damaged-assets").content.decode()


def test_an_asset_not_yet_assessed_has_no_loss(client, tmp_path, project):
    _import(tmp_path, [asset_row(estimated_loss_uah="", project_codes=project.code)])

    (asset,) = client.get(f"{PROJECTS}/{project.code}/damaged-assets").json()["results"]

    assert asset["estimated_loss"] is None


def test_the_list_is_paged_newest_first(client, tmp_path, project):
    _import(tmp_path, [asset_row(register_id=f"DA-{number}", project_codes=project.code) for number in range(3)])

    first = client.get(f"{PROJECTS}/{project.code}/damaged-assets", {"limit": 2}).json()
    second = client.get(
        f"{PROJECTS}/{project.code}/damaged-assets", {"limit": 2, "cursor": first["next_cursor"]}
    ).json()

    assert [asset["register_id"] for asset in first["results"] + second["results"]] == ["DA-2", "DA-1", "DA-0"]
    assert second["next_cursor"] is None


@pytest.mark.parametrize("size", [1, 5])
def test_the_query_count_does_not_grow_with_the_page(client, tmp_path, project, django_assert_num_queries, size):
    _import(tmp_path, [asset_row(register_id=f"DA-{number}", project_codes=project.code) for number in range(size)])

    with django_assert_num_queries(4):
        client.get(f"{PROJECTS}/{project.code}/damaged-assets")


def test_an_unknown_project_is_not_found(client, db):
    response = client.get(f"{PROJECTS}/DREAM-UA-010125-DEADBEEF/damaged-assets")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No project has the code 'DREAM-UA-010125-DEADBEEF'.",
        "code": "project_not_found",
    }

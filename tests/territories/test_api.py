"""The territories API: the codifier, searchable by name, category and parent."""

import pytest

from tests.factories import BUCHA_CITY, BUCHANSKA_HROMADA, BUCHANSKYI_RAION, KYIV_OBLAST

TERRITORIES = "/api/v1/territories"

pytestmark = pytest.mark.django_db


def test_unit_is_read_with_the_units_above_it(client):
    body = client.get(f"{TERRITORIES}/{BUCHA_CITY}").json()
    assert (body["name_uk"], body["category"], body["level"], body["parent_code"]) == (
        "Буча",
        "M",
        4,
        BUCHANSKA_HROMADA,
    )
    assert [unit["code"] for unit in body["ancestors"]] == [KYIV_OBLAST, BUCHANSKYI_RAION, BUCHANSKA_HROMADA]


def test_unknown_unit_is_not_found(client):
    response = client.get(f"{TERRITORIES}/UA99999999999999999")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "'UA99999999999999999' is not a code of the KATOTTG codifier.",
        "code": "unknown_territory",
    }


def test_oblasts_are_listed_by_category(client):
    body = client.get(TERRITORIES, {"category": "O"}).json()
    assert body["count"] == 25
    assert body["results"][0]["name_uk"] == "Автономна Республіка Крим"


def test_units_are_listed_by_parent(client):
    body = client.get(TERRITORIES, {"parent": BUCHANSKYI_RAION, "limit": 500}).json()
    assert {unit["category"] for unit in body["results"]} == {"H"}
    assert BUCHANSKA_HROMADA in {unit["code"] for unit in body["results"]}


@pytest.mark.parametrize("name", ["Буча", "Bucha"], ids=["ukrainian", "english"])
def test_units_are_found_by_a_fragment_of_their_name(client, name):
    body = client.get(TERRITORIES, {"q": name, "category": "M"}).json()
    assert BUCHA_CITY in {unit["code"] for unit in body["results"]}


def test_paging_reports_the_next_offset_until_the_last_page(client):
    first = client.get(TERRITORIES, {"category": "O", "limit": 20}).json()
    last = client.get(TERRITORIES, {"category": "O", "limit": 20, "offset": first["next_cursor"]}).json()
    assert first["next_cursor"] == "20"
    assert (len(last["results"]), last["next_cursor"]) == (5, None)


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_does_not_grow_with_the_page(client, django_assert_num_queries, size):
    with django_assert_num_queries(2):
        response = client.get(TERRITORIES, {"limit": size})
    assert len(response.json()["results"]) == size

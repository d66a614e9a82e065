"""The connectors' state and quarantine in the API: for operators and auditors only."""

import pytest

from connectors.models import Quarantined
from connectors.services import keep_raw, quarantine, run_finished, run_started, save_cursor
from connectors.sync import CONNECTORS

CONNECTORS_URL = "/api/v1/connectors"
URL = "https://public-api.prozorro.gov.ua/api/2.5/tenders"
# The token, its last use, the role, the states and the quarantine counts.
QUERIES = 5


@pytest.fixture
def operator_headers(cast, bearer) -> dict[str, str]:
    """Return the Authorization header of the operator."""
    return bearer(cast.operator)


def _quarantine(external_id: str, system: str = "prozorro") -> Quarantined:
    return quarantine(
        system=system,
        kind="tender",
        external_id=external_id,
        body=f'{{"id": "{external_id}"}}',
        url=f"{URL}/{external_id}",
        reason="The tender has no procuring entity.",
    )


def test_an_anonymous_caller_is_asked_to_sign_in(client, db):
    response = client.get(CONNECTORS_URL)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_community_editor_may_not_see_the_connectors(client, cast, bearer):
    response = client.get(CONNECTORS_URL, headers=bearer(cast.bucha_editor))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only operators and auditors see the connectors' state.", "code": "forbidden"}


@pytest.mark.parametrize("role", ["operator", "auditor"])
def test_operators_and_auditors_see_every_connector_with_its_state(client, cast, bearer, role):
    run_started("prozorro")
    run_finished("prozorro", {"fetched": 4, "created": 3, "updated": 1, "unchanged": 0, "quarantined": 1})
    save_cursor(system="prozorro", feed="tenders", value="1719999999.1")
    _quarantine("a")
    _quarantine("b")
    keep_raw(system="prozorro", kind="tender", external_id="b", body="{}", url=URL)

    response = client.get(CONNECTORS_URL, headers=bearer(getattr(cast, role)))

    assert response.status_code == 200
    states = {state["system"]: state for state in response.json()}
    assert sorted(states) == sorted(CONNECTORS)
    prozorro = states["prozorro"]
    assert prozorro["cursor"] == {"tenders": "1719999999.1"}
    assert prozorro["last_outcome"] == "succeeded"
    assert prozorro["last_success_at"] is not None
    assert prozorro["last_run"] == {"fetched": 4, "created": 3, "updated": 1, "unchanged": 0, "quarantined": 1}
    assert (prozorro["runs"], prozorro["failures"], prozorro["fetched"], prozorro["created"]) == (1, 0, 4, 3)
    assert (prozorro["updated"], prozorro["quarantined"], prozorro["waiting_in_quarantine"]) == (1, 1, 1)
    assert prozorro["last_error"] == ""
    assert states["spending"] == {
        "system": "spending",
        "cursor": {},
        "last_outcome": "never",
        "last_started_at": None,
        "last_finished_at": None,
        "last_success_at": None,
        "last_error": "",
        "last_run": {},
        "runs": 0,
        "failures": 0,
        "fetched": 0,
        "created": 0,
        "updated": 0,
        "quarantined": 0,
        "waiting_in_quarantine": 0,
    }


@pytest.mark.parametrize("extra", [0, 3])
def test_the_list_query_count_does_not_grow_with_the_connectors(
    client, operator_headers, monkeypatch, django_assert_num_queries, extra
):
    for number in range(extra):
        monkeypatch.setitem(CONNECTORS, f"register-{number}", "tests.connectors.core.feed.FeedConnector")
    for system in CONNECTORS:
        run_started(system)
        _quarantine("a", system)

    with django_assert_num_queries(QUERIES):
        response = client.get(CONNECTORS_URL, headers=operator_headers)

    assert len(response.json()) == len(CONNECTORS)


def test_one_connector_shows_its_state(client, cast, bearer):
    run_started("edr")
    run_finished("edr", {"fetched": 1}, "The register answered HTTP 503.")

    response = client.get(f"{CONNECTORS_URL}/edr", headers=bearer(cast.auditor))

    assert response.status_code == 200
    body = response.json()
    assert (body["system"], body["last_outcome"], body["failures"]) == ("edr", "failed", 1)
    assert body["last_error"] == "The register answered HTTP 503."


@pytest.mark.parametrize("path", ["/treasury", "/treasury/quarantine"])
def test_a_system_without_a_connector_is_not_found(client, cast, bearer, path):
    response = client.get(CONNECTORS_URL + path, headers=bearer(cast.operator))

    assert response.status_code == 404
    assert response.json()["code"] == "unknown_system"
    assert response.json()["detail"].startswith("No connector is called 'treasury'; the connectors are ")


def test_the_quarantine_lists_waiting_documents_newest_first_page_by_page(client, cast, bearer):
    headers = bearer(cast.operator)
    for external_id in ("a", "b", "c"):
        _quarantine(external_id)
    _quarantine("elsewhere", "spending")

    first = client.get(f"{CONNECTORS_URL}/prozorro/quarantine", {"limit": 2}, headers=headers).json()
    second = client.get(
        f"{CONNECTORS_URL}/prozorro/quarantine", {"limit": 2, "cursor": first["next_cursor"]}, headers=headers
    ).json()

    assert first["count"] == second["count"] == 3
    assert [row["external_id"] for row in first["results"]] == ["c", "b"]
    assert [row["external_id"] for row in second["results"]] == ["a"]
    assert second["next_cursor"] is None
    row = second["results"][0]
    assert (row["system"], row["kind"], row["url"], row["body"]) == ("prozorro", "tender", f"{URL}/a", '{"id": "a"}')
    assert (row["reason"], row["attempts"], row["resolved_at"]) == ("The tender has no procuring entity.", 1, None)


def test_the_quarantine_lists_the_documents_since_mapped_when_asked(client, cast, bearer):
    headers = bearer(cast.auditor)
    _quarantine("waiting")
    _quarantine("mapped")
    keep_raw(system="prozorro", kind="tender", external_id="mapped", body="{}", url=URL)

    waiting = client.get(f"{CONNECTORS_URL}/prozorro/quarantine", headers=headers).json()
    resolved = client.get(f"{CONNECTORS_URL}/prozorro/quarantine", {"resolved": "true"}, headers=headers).json()

    assert [row["external_id"] for row in waiting["results"]] == ["waiting"]
    assert [row["external_id"] for row in resolved["results"]] == ["mapped"]
    assert resolved["results"][0]["resolved_at"] is not None


def test_the_quarantine_is_refused_to_a_community_editor(client, cast, bearer):
    _quarantine("a")

    response = client.get(f"{CONNECTORS_URL}/prozorro/quarantine", headers=bearer(cast.lviv_editor))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize("limit", [0, 201])
def test_a_page_size_out_of_range_is_refused(client, cast, bearer, limit):
    response = client.get(f"{CONNECTORS_URL}/prozorro/quarantine", {"limit": limit}, headers=bearer(cast.operator))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["errors"][0]["field"] == "limit"


@pytest.mark.parametrize("system", ["damage", "construction"])
def test_the_quarantine_of_an_imported_system_lists_its_refused_rows(client, cast, bearer, system):
    quarantine(
        system=system,
        kind="row",
        external_id="export.csv#7",
        body='{"katottg": "UA1"}',
        url="export.csv#row 7",
        reason="row 7, column katottg: UA1 is not a KATOTTG code in the codifier",
    )

    response = client.get(f"{CONNECTORS_URL}/{system}/quarantine", headers=bearer(cast.operator))

    assert response.status_code == 200
    assert [row["reason"] for row in response.json()["results"]] == [
        "row 7, column katottg: UA1 is not a KATOTTG code in the codifier"
    ]
    assert client.get(f"{CONNECTORS_URL}/{system}", headers=bearer(cast.operator)).status_code == 404

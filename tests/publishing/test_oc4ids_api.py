"""The OC4IDS API: valid project packages, conditional requests, open CORS, and a change feed that misses nothing."""

import base64
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import pytest

from contracting.services import record_release
from projects.codes import StatusDetail
from projects.models import Project
from projects.services import update_passport
from publishing.standards import oc4ids_package_validator, oc4ids_project_validator, schema_problems
from tests.contracting.releases import OCID, TENDER_ID, tender_release
from tests.factories import ProjectFactory, attach, project_in

PROJECTS = "/api/v1/oc4ids/projects"


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _codes(body: dict) -> list[str]:
    return [project["identifiers"][0]["id"] for project in body["projects"]]


def _register(cast, count: int) -> list[str]:
    return [ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha).code for _ in range(count)]


def _walk_feed(client, first_query: dict) -> tuple[list[str], int]:
    """Follow links.next from the first page to the last; return the codes seen and the number of pages."""
    codes: list[str] = []
    pages = 0
    response = client.get(PROJECTS, first_query)
    while True:
        assert response.status_code == 200
        body = response.json()
        pages += 1
        codes += _codes(body)
        if "links" not in body:
            return codes, pages
        response = client.get(body["links"]["next"])


# One project.


@pytest.fixture
def project(cast):
    project = project_in(cast, StatusDetail.APPROVED)
    attach(project, cast.bucha_editor, title="Відкритий кошторис")
    return project


def test_project_package_is_valid_against_the_official_package_schema(client, project):
    response = client.get(f"{PROJECTS}/{project.code}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert schema_problems(oc4ids_package_validator(), body) == []
    assert body["version"] == "0.9"
    assert body["uri"] == f"http://localhost{PROJECTS}/{project.code}"
    assert _codes(body) == [project.code]


def test_project_package_is_published_when_the_project_last_changed(client, project):
    body = client.get(f"{PROJECTS}/{project.code}").json()
    project.refresh_from_db()
    assert _moment(body["publishedDate"]) == project.updated_at
    assert body["projects"][0]["updated"] == body["publishedDate"]


def test_project_answer_carries_its_validators_and_open_cors(client, project):
    response = client.get(f"{PROJECTS}/{project.code}")
    project.refresh_from_db()
    assert response["ETag"].startswith('"')
    assert response["ETag"].endswith('"')
    assert response["Last-Modified"] == project.updated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_same_etag_is_not_modified_with_an_empty_body(client, project):
    etag = client.get(f"{PROJECTS}/{project.code}")["ETag"]
    response = client.get(f"{PROJECTS}/{project.code}", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Access-Control-Allow-Origin"] == "*"


def test_same_last_modified_is_not_modified(client, project):
    last_modified = client.get(f"{PROJECTS}/{project.code}")["Last-Modified"]
    response = client.get(f"{PROJECTS}/{project.code}", headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304
    assert response.content == b""


def test_older_last_modified_gets_the_whole_package(client, project):
    earlier = (project.updated_at - timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    response = client.get(f"{PROJECTS}/{project.code}", headers={"If-Modified-Since": earlier})
    assert response.status_code == 200
    assert _codes(response.json()) == [project.code]


def test_another_etag_gets_the_whole_package(client, project):
    response = client.get(f"{PROJECTS}/{project.code}", headers={"If-None-Match": '"0123456789abcdef"'})
    assert response.status_code == 200
    assert _codes(response.json()) == [project.code]


def test_changed_project_gets_a_new_etag_and_the_old_one_is_answered_in_full(client, cast):
    project = project_in(cast, StatusDetail.INITIATED)
    before = client.get(f"{PROJECTS}/{project.code}")["ETag"]
    update_passport(actor=cast.bucha_editor, project=project, title_uk="Нова назва")
    response = client.get(f"{PROJECTS}/{project.code}", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response["ETag"] != before
    assert response.json()["projects"][0]["title"] == "Нова назва"


def test_unknown_project_is_not_found(client, db):
    response = client.get(f"{PROJECTS}/DREAM-UA-010125-00000000")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No project has the code 'DREAM-UA-010125-00000000'.",
        "code": "project_not_found",
    }


# The change feed.


def test_feed_returns_projects_in_the_order_they_changed(client, cast):
    codes = _register(cast, 5)
    update_passport(actor=cast.bucha_editor, project=Project.objects.get(code=codes[2]), title_uk="Змінена назва")
    body = client.get(PROJECTS).json()
    assert _codes(body) == [codes[0], codes[1], codes[3], codes[4], codes[2]]
    times = [_moment(project["updated"]) for project in body["projects"]]
    assert all(earlier < later for earlier, later in pairwise(times))
    assert "links" not in body


def test_feed_page_is_valid_against_the_official_package_schema(client, cast):
    _register(cast, 3)
    response = client.get(PROJECTS, {"limit": 2})
    assert response.status_code == 200
    assert schema_problems(oc4ids_package_validator(), response.json()) == []
    assert response["Access-Control-Allow-Origin"] == "*"


def test_feed_since_is_exclusive(client, cast):
    codes = _register(cast, 4)
    whole = client.get(PROJECTS).json()["projects"]
    response = client.get(PROJECTS, {"since": whole[1]["updated"]})
    assert response.status_code == 200
    assert _codes(response.json()) == codes[2:]


def test_feed_since_means_the_same_moment_in_any_offset(client, cast):
    codes = _register(cast, 3)
    second = _moment(client.get(PROJECTS).json()["projects"][1]["updated"])
    kyiv = timezone(timedelta(hours=3))
    assert _codes(client.get(PROJECTS, {"since": second.astimezone(kyiv).isoformat()}).json()) == codes[2:]
    just_before = (second - timedelta(microseconds=1)).astimezone(kyiv).isoformat()
    assert _codes(client.get(PROJECTS, {"since": just_before}).json()) == codes[1:]


def test_feed_since_with_an_unescaped_plus_sign_keeps_its_offset(client, cast):
    # A "+" left unescaped in a query string arrives as a space.
    codes = _register(cast, 3)
    second = _moment(client.get(PROJECTS).json()["projects"][1]["updated"])
    since = second.astimezone(timezone(timedelta(hours=3))).isoformat()
    assert "+03:00" in since
    assert _codes(client.get(f"{PROJECTS}?since={since}").json()) == codes[2:]


def test_feed_that_has_caught_up_answers_with_no_projects(client, cast):
    # A client polls with the `updated` of the last project it saw; while nothing changes, the answer must be empty.
    _register(cast, 2)
    last = client.get(PROJECTS).json()["projects"][-1]["updated"]
    response = client.get(PROJECTS, {"since": last})
    assert response.status_code == 200
    assert response.json()["projects"] == []
    assert "links" not in response.json()


@pytest.mark.parametrize(("total", "limit", "pages"), [(25, 7, 4), (25, 5, 5)], ids=["partial-last-page", "exact"])
def test_following_next_visits_every_project_exactly_once(client, cast, total, limit, pages):
    codes = _register(cast, total)
    seen, visited = _walk_feed(client, {"limit": limit})
    assert seen == codes
    assert visited == pages


def test_next_link_keeps_the_limit(client, cast):
    _register(cast, 3)
    link = client.get(PROJECTS, {"limit": 2}).json()["links"]["next"]
    assert link.startswith(f"http://localhost{PROJECTS}?")
    assert parse_qs(urlsplit(link).query)["limit"] == ["2"]


def test_change_to_an_early_project_moves_it_to_the_end_of_the_feed(client, cast):
    projects = [ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha) for _ in range(25)]
    first_pass, _ = _walk_feed(client, {"limit": 7})
    last_seen = client.get(PROJECTS, {"since": "2000-01-01T00:00:00Z", "limit": 1000}).json()["projects"][-1]
    update_passport(actor=cast.bucha_editor, project=projects[1], title_uk="Змінена назва")
    second_pass, _ = _walk_feed(client, {"limit": 7})
    assert first_pass.index(projects[1].code) == 1
    assert second_pass[-1] == projects[1].code
    assert sorted(second_pass) == sorted(first_pass)
    assert _codes(client.get(PROJECTS, {"since": last_seen["updated"]}).json()) == [projects[1].code]


@pytest.mark.parametrize(
    "since",
    ["yesterday", "2025-06-01", "2025-06-01T00:00:00", "2025-13-01T00:00:00Z"],
    ids=["word", "date-only", "no-offset", "no-such-month"],
)
def test_bad_since_is_refused_naming_the_field(client, db, since):
    response = client.get(PROJECTS, {"since": since})
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"{since!r} is not a date and time with its offset, such as 2025-06-01T00:00:00Z.",
        "code": "invalid_since",
        "field": "since",
    }


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "not-a-cursor", _cursor("yesterday"), "____", _cursor("2025-06-01T00:00:00")],
    ids=["symbols", "word", "not-a-time", "not-utf8", "time-without-offset"],
)
def test_bad_cursor_is_refused(client, db, cursor):
    response = client.get(PROJECTS, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The cursor is not one this API gave; start again without it.",
        "code": "invalid_cursor",
        "field": "cursor",
    }


@pytest.mark.parametrize("limit", [0, 1001], ids=["zero", "above-the-maximum"])
def test_limit_outside_its_range_is_refused(client, db, limit):
    response = client.get(PROJECTS, {"limit": limit})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["errors"][0]["field"] == "limit"


def test_feed_page_is_not_modified_for_its_own_etag(client, cast):
    _register(cast, 3)
    first = client.get(PROJECTS, {"limit": 2})
    response = client.get(PROJECTS, {"limit": 2}, headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize("size", [3, 12])
def test_feed_query_count_does_not_grow_with_the_page(client, cast, django_assert_num_queries, size):
    codes = [project_in(cast, StatusDetail.INITIATED).code for _ in range(size)]
    # Nine queries load the projects, one their contracting processes.
    with django_assert_num_queries(10):
        response = client.get(PROJECTS, {"limit": size})
    assert _codes(response.json()) == codes


def test_a_linked_contracting_process_is_summarised_in_the_project(client, cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.bucha, status="complete"), source="prozorro", project_code=project.code)

    published = client.get(f"{PROJECTS}/{project.code}").json()["projects"][0]

    assert schema_problems(oc4ids_project_validator(), published) == []
    [process] = published["contractingProcesses"]
    assert process["id"] == OCID
    assert process["summary"]["ocid"] == OCID
    assert process["summary"]["externalReference"] == TENDER_ID
    assert process["summary"]["status"] == "active"
    assert process["summary"]["contractValue"] == {"amount": 950000.0, "currency": "UAH"}
    assert process["releases"][0]["url"].endswith(f"/api/v1/ocds/releases/{OCID}")

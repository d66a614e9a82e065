"""The OCDS API: packages of each process and change feeds, conditional, open to every origin, one error shape."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from contracting.models import ContractingProcess, Release
from contracting.services import record_release
from publishing.standards import ocds_record_package_validator, ocds_release_package_validator, schema_problems
from tests.contracting.releases import OCID, PROZORRO_OCID, prozorro_package, release, tender_release

OCDS = "/api/v1/ocds"
UNKNOWN = "ocds-be6bcu-UA-2025-01-01-000001-a"


def _ocid(number: int) -> str:
    return f"ocds-be6bcu-UA-2025-03-04-{number:06d}-a"


def _record_processes(count: int, *, releases: int = 1) -> list[str]:
    """Record processes of a few releases each, oldest first; return their ocids."""
    for number in range(1, count + 1):
        for index in range(releases):
            record_release(
                release(f"r-{index}", ocid=_ocid(number), date=f"2025-03-{index + 4:02d}T10:00:00+02:00"),
                source="prozorro",
            )
    return [_ocid(number) for number in range(1, count + 1)]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _walk(client, first: str) -> tuple[list[dict], int]:
    """Follow a feed's links.next from its first page; return every page and how many there were."""
    pages, url = [], first
    while url:
        body = client.get(url).json()
        pages.append(body)
        url = _path(body["links"]["next"]) if "links" in body else ""
    return pages, len(pages)


# A process's packages.


def test_the_release_package_of_a_process_is_valid_and_lists_its_releases(client, db):
    record_release(prozorro_package()["releases"][0], source="prozorro")

    response = client.get(f"{OCDS}/releases/{PROZORRO_OCID}")

    body = response.json()
    assert response.status_code == 200
    assert schema_problems(ocds_release_package_validator(), body) == []
    assert body["releases"] == prozorro_package()["releases"]
    assert body["uri"] == f"http://localhost{OCDS}/releases/{PROZORRO_OCID}"


def test_the_record_package_of_a_process_gives_its_compiled_release(client, cast):
    record_release(tender_release(cast.bucha), source="prozorro")

    response = client.get(f"{OCDS}/records/{OCID}")

    body = response.json()
    assert response.status_code == 200
    assert schema_problems(ocds_record_package_validator(), body) == []
    assert body["records"][0]["compiledRelease"]["tender"]["value"] == {"amount": 950_000, "currency": "UAH"}
    assert body["records"][0]["releases"] == [
        {"url": f"http://localhost{OCDS}/releases/{OCID}#r-1", "date": "2025-03-04T10:00:00+02:00", "tag": ["tender"]}
    ]


def test_a_linked_release_is_found_at_its_url(client, cast):
    record_release(tender_release(cast.bucha), source="prozorro")
    linked = client.get(f"{OCDS}/records/{OCID}").json()["records"][0]["releases"][0]

    address, _, release_id = linked["url"].partition("#")
    body = client.get(_path(address)).json()

    assert [item["id"] for item in body["releases"]] == [release_id]


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_an_unknown_ocid_is_not_found(client, db, kind):
    response = client.get(f"{OCDS}/{kind}/{UNKNOWN}")

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"No contracting process has the ocid '{UNKNOWN}'.",
        "code": "process_not_found",
    }


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_package_that_breaks_the_schema_is_refused_naming_the_ocid(client, cast, kind):
    document = tender_release(cast.bucha)
    document["tender"]["value"]["amount"] = "багато"
    record_release(document, source="prozorro")

    response = client.get(f"{OCDS}/{kind}/{OCID}")

    assert response.status_code == 500
    assert response.json()["code"] == "invalid_package"
    assert f"{OCID} at /{kind}/0/" in response.json()["detail"]


# Conditional requests and CORS.


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_package_answers_with_its_validators_and_open_cors(client, cast, kind):
    record_release(tender_release(cast.bucha), source="prozorro")
    process = ContractingProcess.objects.get()

    response = client.get(f"{OCDS}/{kind}/{OCID}")

    assert response["ETag"].startswith('"')
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Last-Modified"] == process.updated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_client_holding_the_current_package_gets_not_modified(client, cast, kind):
    record_release(tender_release(cast.bucha), source="prozorro")
    etag = client.get(f"{OCDS}/{kind}/{OCID}")["ETag"]

    response = client.get(f"{OCDS}/{kind}/{OCID}", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_a_new_release_changes_the_package_s_etag(client, cast):
    record_release(tender_release(cast.bucha), source="prozorro")
    etag = client.get(f"{OCDS}/records/{OCID}")["ETag"]
    record_release(release("r-2", date="2025-04-01T10:00:00+03:00", tag=("award",)), source="prozorro")

    response = client.get(f"{OCDS}/records/{OCID}", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


# Change feeds.


def test_the_release_feed_lists_releases_in_the_order_they_were_recorded(client, db):
    _record_processes(2, releases=2)

    body = client.get(f"{OCDS}/releases").json()

    assert schema_problems(ocds_release_package_validator(), body) == []
    assert [(item["ocid"], item["id"]) for item in body["releases"]] == [
        (_ocid(1), "r-0"),
        (_ocid(1), "r-1"),
        (_ocid(2), "r-0"),
        (_ocid(2), "r-1"),
    ]
    assert "links" not in body


def test_the_record_feed_lists_processes_in_the_order_they_last_changed(client, db):
    ocids = _record_processes(3)
    record_release(release("r-9", ocid=ocids[0], date="2025-05-01T10:00:00+03:00", tag=("award",)), source="prozorro")

    body = client.get(f"{OCDS}/records").json()

    assert schema_problems(ocds_record_package_validator(), body) == []
    assert [entry["ocid"] for entry in body["records"]] == [ocids[1], ocids[2], ocids[0]]


@pytest.mark.parametrize("kind", ["releases", "records"])
@pytest.mark.parametrize(("total", "pages"), [(4, 2), (5, 3)], ids=["exact-pages", "partial-last-page"])
def test_a_feed_s_cursor_walks_every_item_once(client, db, kind, total, pages):
    _record_processes(total)

    walked, count = _walk(client, f"{OCDS}/{kind}?limit=2")

    items = [item["ocid"] for page in walked for item in page[kind]]
    assert count == pages
    assert items == [_ocid(number) for number in range(1, total + 1)]


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_feed_page_with_more_to_come_links_the_next_and_declares_the_api_extension(client, db, kind):
    _record_processes(3)

    body = client.get(f"{OCDS}/{kind}?limit=2").json()

    assert body["links"]["next"].startswith(f"http://localhost{OCDS}/{kind}?cursor=")
    assert body["extensions"] == [
        (
            "https://raw.githubusercontent.com/open-contracting/api_extension/"
            "eeb2cb400c6f1d1352130bd65b314ab00a96d6ad/extension.json"
        )
    ]


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_feed_since_a_time_lists_only_what_changed_after_it(client, db, kind):
    ocids = _record_processes(3)
    since = ContractingProcess.objects.get(ocid=ocids[0]).updated_at

    body = client.get(f"{OCDS}/{kind}", {"since": since.isoformat()}).json()

    assert [item["ocid"] for item in body[kind]] == ocids[1:]


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_feed_with_nothing_new_is_an_empty_package(client, db, kind):
    _record_processes(1)
    since = Release.objects.get().recorded_at + timedelta(seconds=1)

    response = client.get(f"{OCDS}/{kind}", {"since": since.isoformat()})

    body = response.json()
    assert response.status_code == 200
    assert body[kind] == []
    assert "links" not in body
    assert body["publishedDate"] == since.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_feed_is_open_to_every_origin_and_conditional(client, db, kind):
    _record_processes(2)
    first = client.get(f"{OCDS}/{kind}")

    again = client.get(f"{OCDS}/{kind}", headers={"If-None-Match": first["ETag"]})

    assert first["Access-Control-Allow-Origin"] == "*"
    assert again.status_code == 304


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_cursor_the_api_did_not_give_is_refused(client, db, kind):
    response = client.get(f"{OCDS}/{kind}", {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The cursor is not one this API gave; start again without it.",
        "code": "invalid_cursor",
        "field": "cursor",
    }


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_since_without_an_offset_is_refused(client, db, kind):
    response = client.get(f"{OCDS}/{kind}", {"since": "2025-03-04T10:00:00"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "'2025-03-04T10:00:00' is not a date and time with its offset, such as 2025-06-01T00:00:00Z.",
        "code": "invalid_since",
        "field": "since",
    }


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_limit_above_the_maximum_is_refused(client, db, kind):
    response = client.get(f"{OCDS}/{kind}", {"limit": 1001})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["errors"][0]["field"] == "limit"


# Query counts.


@pytest.mark.parametrize("size", [2, 20])
def test_the_release_feed_query_count_does_not_grow_with_the_page(client, db, django_assert_num_queries, size):
    _record_processes(size, releases=2)

    with django_assert_num_queries(2):
        response = client.get(f"{OCDS}/releases")

    assert len(response.json()["releases"]) == 2 * size


@pytest.mark.parametrize("size", [2, 20])
def test_the_record_feed_query_count_does_not_grow_with_the_page(client, db, django_assert_num_queries, size):
    _record_processes(size, releases=2)

    with django_assert_num_queries(2):
        response = client.get(f"{OCDS}/records")

    assert len(response.json()["records"]) == size


@pytest.mark.parametrize("kind", ["releases", "records"])
@pytest.mark.parametrize("releases", [1, 6])
def test_a_package_s_query_count_does_not_grow_with_its_releases(
    client, db, django_assert_num_queries, kind, releases
):
    ocid = _record_processes(1, releases=releases)[0]

    with django_assert_num_queries(2):
        response = client.get(f"{OCDS}/{kind}/{ocid}")

    assert response.status_code == 200

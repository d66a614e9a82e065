"""OCDS publication: valid release and record packages; compiled releases equal to the reference implementation's."""

import random
from decimal import Decimal

import ocdsmerge
import pytest

from contracting.demo import record_demo_process
from contracting.queries import get_process
from contracting.services import record_release
from projects.codes import StatusDetail
from publishing.exceptions import InvalidPackage
from publishing.ocds import compile_releases, published_releases, record, record_package, release_package
from publishing.standards import (
    ocds_record_package_validator,
    ocds_release_package_validator,
    ocds_release_schema,
    schema_problems,
)
from tests.contracting.releases import (
    OCID,
    PROZORRO_OCID,
    prozorro_package,
    register_contractors,
    release,
    tender_release,
)
from tests.factories import project_in

URI = "https://dream.example.org/api/v1/ocds/releases/x"


def _reference(releases: list[dict]) -> dict:
    """Return the compiled release the reference implementation gives, with the same pinned schema."""
    return ocdsmerge.Merger(schema=ocds_release_schema()).create_compiled_release(releases)


@pytest.fixture
def prozorro_process(db):
    record_release(prozorro_package()["releases"][0], source="prozorro")
    return get_process(PROZORRO_OCID)


@pytest.fixture
def demo_processes(cast):
    register_contractors()
    project = project_in(cast, StatusDetail.COMMISSIONED, cost=Decimal(2_000_000))
    ocids = [
        record_demo_process(project, random.Random(seed)).ocid  # noqa: S311 - demonstration data, not secrets.
        for seed in range(8)
    ]
    return [get_process(ocid) for ocid in ocids]


# Compiled releases.


def test_the_compiled_release_of_the_real_prozorro_package_equals_the_reference():
    releases = prozorro_package()["releases"]

    assert compile_releases(releases) == _reference(releases)


def test_the_published_record_of_the_prozorro_process_has_the_reference_compiled_release(prozorro_process):
    compiled = record(prozorro_process)["compiledRelease"]

    assert compiled == _reference(prozorro_package()["releases"])
    assert compiled["id"] == f"{PROZORRO_OCID}-2018-06-22T14:00:22.827138+03:00"
    assert compiled["tag"] == ["compiled"]


def test_the_compiled_releases_of_demo_processes_equal_the_reference(demo_processes):
    for process in demo_processes:
        published = published_releases(process)

        assert record(process)["compiledRelease"] == _reference(published)


def test_the_compiled_release_follows_the_dates_of_the_releases_not_their_arrival(cast):
    later = tender_release(cast.bucha, "r-2", amount=1_200_000, status="complete")
    later["date"] = "2025-05-01T10:00:00+03:00"
    record_release(later, source="prozorro")
    record_release(tender_release(cast.bucha, "r-1", amount=950_000), source="prozorro")

    compiled = record(get_process(OCID))["compiledRelease"]

    assert compiled["tender"]["value"] == {"amount": 1_200_000, "currency": "UAH"}
    assert compiled["tender"]["status"] == "complete"
    assert compiled["id"] == f"{OCID}-2025-05-01T10:00:00+03:00"


# Release packages.


def test_the_release_package_of_a_process_is_valid_with_its_releases_oldest_first(demo_processes):
    process = demo_processes[0]

    package = release_package([process], uri=URI)

    assert schema_problems(ocds_release_package_validator(), package) == []
    assert [item["id"] for item in package["releases"]] == [row.release_id for row in process.releases.all()]
    dates = [item["date"] for item in package["releases"]]
    assert dates == sorted(dates)


def test_the_release_package_says_who_publishes_it_when_and_under_which_version(prozorro_process):
    package = release_package([prozorro_process], uri=URI)

    assert (package["uri"], package["version"], package["publisher"]["name"]) == (URI, "1.1", "DREAM")
    assert package["publishedDate"] == prozorro_process.updated_at.isoformat().replace("+00:00", "Z")
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_a_release_package_of_several_processes_holds_the_releases_of_each(demo_processes):
    package = release_package(demo_processes, uri=URI)

    assert schema_problems(ocds_release_package_validator(), package) == []
    assert [item["ocid"] for item in package["releases"]] == [
        process.ocid for process in demo_processes for _ in process.releases.all()
    ]


def test_a_prozorro_release_is_published_as_it_was_received(prozorro_process):
    package = release_package([prozorro_process], uri=URI)

    assert package["releases"] == prozorro_package()["releases"]


# Record packages.


def test_the_record_package_is_valid_and_links_each_release_to_its_release_package(demo_processes):
    process = demo_processes[0]

    package = record_package([process], uri=URI)

    assert schema_problems(ocds_record_package_validator(), package) == []
    entry = package["records"][0]
    assert entry["ocid"] == process.ocid
    assert entry["releases"][0] == {
        "url": f"http://127.0.0.1:8000/api/v1/ocds/releases/{process.ocid}#{process.releases.all()[0].release_id}",
        "date": process.releases.all()[0].document["date"],
        "tag": ["tender"],
    }


def test_the_record_package_can_embed_the_releases(prozorro_process):
    package = record_package([prozorro_process], uri=URI, embed_releases=True)

    assert schema_problems(ocds_record_package_validator(), package) == []
    assert package["records"][0]["releases"] == prozorro_package()["releases"]


def test_a_record_package_of_several_processes_has_a_record_for_each(demo_processes):
    package = record_package(demo_processes, uri=URI)

    assert [entry["ocid"] for entry in package["records"]] == [process.ocid for process in demo_processes]
    assert schema_problems(ocds_record_package_validator(), package) == []


# Refusals.


@pytest.fixture
def invalid_process(cast):
    document = tender_release(cast.bucha)
    document["tender"]["value"]["amount"] = "багато"
    record_release(document, source="prozorro")
    return get_process(OCID)


def test_a_release_package_that_breaks_the_schema_is_refused_naming_the_ocid_and_the_path(invalid_process):
    with pytest.raises(InvalidPackage) as refused:
        release_package([invalid_process], uri=URI)

    assert refused.value.code == "invalid_package"
    assert refused.value.message.startswith(
        f'The OCDS release package is not valid: {OCID} at /releases/0/tender/value/amount: "багато" is not of type'
    )


def test_a_record_package_that_breaks_the_schema_is_refused_naming_the_ocid_and_the_path(invalid_process):
    with pytest.raises(InvalidPackage) as refused:
        record_package([invalid_process], uri=URI)

    assert f"{OCID} at /records/0/compiledRelease/tender/value/amount" in refused.value.message


def test_a_release_with_a_date_out_of_form_is_refused_at_publication(db):
    record_release(release(date="2025-03-04 10:00:00+02:00"), source="prozorro")

    with pytest.raises(InvalidPackage) as refused:
        release_package([get_process(OCID)], uri=URI)

    assert f"{OCID} at /releases/0/date:" in refused.value.message

"""Recording OCDS releases and linking processes to projects: idempotent, checked, summarised and audited."""

import csv
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from contracting.codes import RELEASE_TAGS
from contracting.exceptions import AlreadyLinked, InvalidRelease, ProcessNotFound, UnrelatedProcess
from contracting.models import ContractingProcess, Release
from contracting.services import Outcome, link_process_to_project, record_release
from projects.codes import StatusDetail
from projects.exceptions import ActorNotAllowed, ProjectNotFound
from tests.conftest import SHARED_DIR
from tests.contracting.releases import (
    OCID,
    PROZORRO_OCID,
    TENDER_ID,
    organisation_party,
    prozorro_package,
    release,
    tender_release,
)
from tests.factories import project_in


def _counts() -> tuple[int, int, int]:
    return ContractingProcess.objects.count(), Release.objects.count(), AuditEvent.objects.count()


# Recording releases.


def test_a_new_ocid_starts_a_process_summarised_from_its_release(cast):
    recorded = record_release(tender_release(cast.bucha), source="prozorro")

    process = recorded.release.process
    assert recorded.outcome == Outcome.CREATED
    assert (process.ocid, process.tender_id, process.source) == (OCID, TENDER_ID, "prozorro")
    assert (process.title, process.status) == ("Капітальний ремонт даху ліцею", "active")
    assert (process.procuring_entity_edrpou, process.procuring_entity_name) == (cast.bucha.edrpou, cast.bucha.name_uk)
    assert (process.value_amount, process.value_currency) == (Decimal("950000.00"), "UAH")
    assert process.project is None


def test_the_release_is_kept_as_received_with_its_date_and_tags(cast):
    document = tender_release(cast.bucha, tag=("tender", "tenderUpdate"))

    row = record_release(document, source="prozorro").release

    row.refresh_from_db()
    assert row.document == document
    assert row.tag_list == ["tender", "tenderUpdate"]
    assert row.date.isoformat() == "2025-03-04T08:00:00+00:00"


def test_the_same_release_again_changes_nothing(cast):
    first = record_release(tender_release(cast.bucha), source="prozorro")
    before = _counts()

    again = record_release(tender_release(cast.bucha), source="prozorro")

    assert again.outcome == Outcome.UNCHANGED
    assert again.release.pk == first.release.pk
    assert _counts() == before
    assert ContractingProcess.objects.get().updated_at == first.release.recorded_at


def test_a_changed_release_with_the_same_id_replaces_the_one_held(cast):
    record_release(tender_release(cast.bucha, amount=950_000), source="prozorro")

    replaced = record_release(tender_release(cast.bucha, amount=990_000), source="prozorro")

    assert replaced.outcome == Outcome.REPLACED
    assert Release.objects.count() == 1
    assert Release.objects.get().document["tender"]["value"]["amount"] == 990_000
    assert ContractingProcess.objects.get().value_amount == Decimal("990000.00")
    assert AuditEvent.objects.latest("position").action == "contracting.release_replaced"


def test_each_recorded_release_is_a_public_audit_event_without_party_details(cast):
    record_release(tender_release(cast.bucha), source="prozorro")

    event = AuditEvent.objects.latest("position")
    assert (event.action, event.object_type, event.object_id, event.actor) == (
        "contracting.release_recorded",
        "contracting_process",
        OCID,
        None,
    )
    assert event.after == {
        "release": "r-1",
        "date": "2025-03-04T10:00:00+02:00",
        "tags": ["tender"],
        "source": "prozorro",
    }
    assert cast.bucha.name_uk not in str(event.after)


def test_the_process_is_stamped_with_the_time_its_latest_release_was_recorded(cast):
    first = record_release(tender_release(cast.bucha), source="prozorro").release
    second = record_release(
        release("r-2", date="2025-04-01T10:00:00+03:00", tag=("award",)), source="prozorro"
    ).release

    process = ContractingProcess.objects.get()
    assert first.recorded_at < second.recorded_at == process.updated_at
    assert second.recorded_at == AuditEvent.objects.latest("position").occurred_at


def test_the_summary_follows_the_latest_release_by_date_not_by_arrival(cast):
    later = tender_release(cast.bucha, "r-2", amount=1_200_000, status="complete")
    later["date"] = "2025-05-01T10:00:00+03:00"
    record_release(later, source="prozorro")

    record_release(tender_release(cast.bucha, "r-1", amount=950_000, status="active"), source="prozorro")

    process = ContractingProcess.objects.get()
    assert (process.status, process.value_amount) == ("complete", Decimal("1200000.00"))


def test_a_contract_only_release_is_summarised_from_its_contract_and_procuring_party(db):
    recorded = record_release(prozorro_package()["releases"][0], source="prozorro")

    process = recorded.release.process
    assert (process.ocid, process.tender_id) == (PROZORRO_OCID, "UA-2018-06-22-001789-a")
    assert process.title == "Капремонт вуличного освітлення  с.Сенча"
    assert process.procuring_entity_edrpou == "37609523"
    assert process.procuring_entity_name.startswith("СЕНЧАНСЬКИЙ СІЛЬСЬКИЙ КОМБІНАТ")
    assert (process.value_amount, process.value_currency, process.status) == (Decimal("68327.00"), "UAH", "")


def test_releases_of_two_ocids_make_two_processes(cast):
    record_release(tender_release(cast.bucha), source="prozorro")
    record_release(release(ocid="ocds-be6bcu-UA-2025-03-04-000124-b"), source="prozorro")

    assert sorted(ContractingProcess.objects.values_list("tender_id", flat=True)) == [
        "UA-2025-03-04-000123-a",
        "UA-2025-03-04-000124-b",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ocid": None}, "ocid", "does not start with the prefix 'ocds-be6bcu-'"),
        ({"ocid": "ocds-abc123-UA-2025-03-04-000123-a"}, "ocid", "does not start with the prefix 'ocds-be6bcu-'"),
        ({"ocid": "ocds-be6bcu-2025-000123"}, "ocid", "must be ocds-be6bcu- and a Prozorro tender id"),
        ({"id": None}, "id", "The release needs an id"),
        ({"id": "  "}, "id", "The release needs an id"),
        ({"id": 7}, "id", "The release needs an id"),
        ({"date": None}, "date", "must be a date and time with its offset"),
        ({"date": "2025-03-04T10:00:00"}, "date", "must be a date and time with its offset"),
        ({"date": "yesterday"}, "date", "must be a date and time with its offset"),
        ({"tag": None}, "tag", "The release needs a tag"),
        ({"tag": []}, "tag", "The release needs a tag"),
        ({"tag": "tender"}, "tag", "The release needs a tag"),
        ({"tag": ["tender", "bid"]}, "tag", "'bid' is not an OCDS release tag"),
        ({"tag": ["compiled"]}, "tag", "'compiled' is not an OCDS release tag"),
    ],
    ids=[
        "no-ocid",
        "other-prefix",
        "not-a-tender-id",
        "no-id",
        "blank-id",
        "numeric-id",
        "no-date",
        "date-without-offset",
        "not-a-date",
        "no-tag",
        "empty-tag",
        "tag-not-a-list",
        "unknown-tag",
        "compiled-tag",
    ],
)
def test_a_release_without_what_every_release_has_is_refused_naming_the_field(db, changes, field, message):
    document = {**release(), **changes}

    with pytest.raises(InvalidRelease) as refused:
        record_release(document, source="prozorro")

    assert (refused.value.code, refused.value.field) == ("invalid_release", field)
    assert message in refused.value.message
    assert _counts()[:2] == (0, 0)


def test_a_release_that_is_not_an_object_is_refused(db):
    with pytest.raises(InvalidRelease) as refused:
        record_release(["not", "a", "release"], source="prozorro")  # type: ignore[arg-type]

    assert refused.value.field == "release"
    assert refused.value.message == "An OCDS release is a JSON object, not list."


def test_an_unknown_source_is_refused(db):
    with pytest.raises(InvalidRelease) as refused:
        record_release(release(), source="treasury")

    assert refused.value.field == "source"
    assert refused.value.message == "'treasury' is not a source of releases; use one of prozorro, demo."


def test_the_release_tags_are_the_official_codelist_less_compiled():
    with (SHARED_DIR / "standards" / "ocds" / "codelists" / "releaseTag.csv").open(encoding="utf-8") as handle:
        official = {row["Code"] for row in csv.DictReader(handle)}

    assert official - {"compiled"} == RELEASE_TAGS


# Links to projects.


def test_a_release_with_a_project_code_links_its_process_to_the_project(cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)

    process = record_release(tender_release(cast.bucha), source="prozorro", project_code=project.code).release.process

    assert process.project == project
    assert AuditEvent.objects.latest("position").after["project"] == project.code


def test_a_release_naming_an_unknown_project_is_refused_and_nothing_is_written(cast):
    before = _counts()

    with pytest.raises(ProjectNotFound):
        record_release(tender_release(cast.bucha), source="prozorro", project_code="DREAM-UA-010125-00000000")

    assert _counts() == before


def test_the_same_release_naming_another_project_moves_the_link_as_the_source_says(cast):
    first = project_in(cast, StatusDetail.IMPLEMENTATION)
    second = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.bucha), source="prozorro", project_code=first.code)

    again = record_release(tender_release(cast.bucha), source="prozorro", project_code=second.code)

    event = AuditEvent.objects.latest("position")
    assert again.outcome == Outcome.UNCHANGED
    assert ContractingProcess.objects.get().project == second
    assert (event.action, event.before, event.after) == (
        "contracting.process_linked",
        {"project": first.code},
        {"project": second.code, "source": "prozorro"},
    )


def test_an_editor_of_the_initiator_links_a_process_it_procured(cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.bucha), source="prozorro")

    process = link_process_to_project(actor=cast.bucha_editor, ocid=OCID, project_code=project.code)

    event = AuditEvent.objects.latest("position")
    assert ContractingProcess.objects.get().project == project == process.project
    assert (event.action, event.object_id, event.actor, event.actor_organisation, event.after) == (
        "contracting.process_linked",
        OCID,
        cast.bucha_editor,
        cast.bucha.edrpou,
        {"project": project.code},
    )


def test_linking_a_process_already_linked_to_the_project_changes_nothing(cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.bucha), source="prozorro", project_code=project.code)
    before = _counts()

    link_process_to_project(actor=cast.bucha_editor, ocid=OCID, project_code=project.code)

    assert _counts() == before


def test_an_editor_of_another_community_may_not_link_a_process(cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.bucha), source="prozorro")

    with pytest.raises(ActorNotAllowed) as refused:
        link_process_to_project(actor=cast.lviv_editor, ocid=OCID, project_code=project.code)

    assert (refused.value.status, refused.value.code) == (403, "actor_not_allowed")
    assert ContractingProcess.objects.get().project is None


def test_a_process_procured_by_an_organisation_outside_the_project_is_not_linked(cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.lviv), source="prozorro")

    with pytest.raises(UnrelatedProcess) as refused:
        link_process_to_project(actor=cast.bucha_editor, ocid=OCID, project_code=project.code)

    assert (refused.value.status, refused.value.code) == (409, "unrelated_process")
    assert refused.value.message == (
        f"Contracting process {OCID} was procured by {cast.lviv.edrpou}, which has no role in project "
        f"{project.code}; only a process procured by one of the project's parties can serve it."
    )


def test_a_process_serving_another_project_is_not_linked_again(cast):
    first = project_in(cast, StatusDetail.IMPLEMENTATION)
    second = project_in(cast, StatusDetail.IMPLEMENTATION)
    record_release(tender_release(cast.bucha), source="prozorro", project_code=first.code)

    with pytest.raises(AlreadyLinked) as refused:
        link_process_to_project(actor=cast.bucha_editor, ocid=OCID, project_code=second.code)

    assert (refused.value.status, refused.value.code) == (409, "process_already_linked")
    assert refused.value.message == (
        f"Contracting process {OCID} serves project {first.code}; its initiator must unlink it first."
    )


def test_linking_an_unknown_process_is_refused(cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)

    with pytest.raises(ProcessNotFound) as refused:
        link_process_to_project(actor=cast.bucha_editor, ocid=OCID, project_code=project.code)

    assert (refused.value.status, refused.value.code) == (404, "process_not_found")
    assert refused.value.message == f"No contracting process has the ocid {OCID!r}."


def test_a_party_for_the_procuring_entity_names_it_without_a_tender(cast):
    document = release(parties=[organisation_party(cast.lviv, "procuringEntity")])

    process = record_release(document, source="prozorro").release.process

    assert process.procuring_entity_edrpou == cast.lviv.edrpou

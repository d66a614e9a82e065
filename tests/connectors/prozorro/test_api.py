"""POST /api/v1/projects/{code}/tenders: a community links a Prozorro tender to its project by the tender's id."""

import pytest

from connectors.models import RawDocument
from contracting.models import ContractingProcess
from tests.connectors.prozorro.fake import generated_tender, sample
from tests.factories import ProjectFactory

INTERNAL_ID = "38bca89f7ba4477d97f553d576fd6994"


@pytest.fixture
def project(cast):
    return ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)


def bucha_tender(cast, number=7):
    """A tender procured by the project's initiator: the sample with its procuring entity's code changed."""
    tender = generated_tender(number)
    tender["data"]["procuringEntity"]["identifier"]["id"] = cast.bucha.edrpou
    return tender


def post(client, bearer, user, code, tender_id):
    return client.post(
        f"/api/v1/projects/{code}/tenders",
        {"tender_id": tender_id},
        content_type="application/json",
        headers=bearer(user),
    )


def test_an_editor_links_a_tender_not_held_yet_which_is_fetched_from_prozorro_and_recorded(
    client, bearer, cast, project, prozorro
):
    tender = bucha_tender(cast)
    prozorro.document(f"tenders/{tender['data']['id']}", tender)

    response = post(client, bearer, cast.bucha_editor, project.code, tender["data"]["id"])

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ocid"] == "ocds-be6bcu-UA-2027-01-01-000007-a"
    assert body["project"] == project.code
    assert body["procuring_entity_edrpou"] == cast.bucha.edrpou
    assert ContractingProcess.objects.get(ocid=body["ocid"]).project == project
    assert RawDocument.objects.filter(kind="tender", external_id=tender["data"]["id"]).exists()


def test_a_tender_held_already_is_linked_by_its_public_tender_id_without_asking_prozorro(
    client, bearer, cast, project, prozorro
):
    tender = bucha_tender(cast)
    prozorro.document(f"tenders/{tender['data']['id']}", tender)
    post(client, bearer, cast.bucha_editor, project.code, tender["data"]["id"])
    ContractingProcess.objects.update(project=None)
    asked = len(prozorro.requests)

    response = post(client, bearer, cast.bucha_editor, project.code, "UA-2027-01-01-000007-a")

    assert response.status_code == 200, response.json()
    assert len(prozorro.requests) == asked
    assert ContractingProcess.objects.get().project == project


def test_a_tender_prozorro_does_not_know_is_404_with_its_code(client, bearer, cast, project, prozorro):
    response = post(client, bearer, cast.bucha_editor, project.code, "0" * 32)

    assert response.status_code == 404
    assert response.json()["code"] == "tender_not_found"
    assert "0" * 32 in response.json()["detail"]


def test_a_public_tender_id_not_held_here_is_404_saying_to_give_the_internal_id(
    client, bearer, cast, project, prozorro
):
    response = post(client, bearer, cast.bucha_editor, project.code, "UA-2027-01-01-000099-a")

    assert response.status_code == 404
    assert response.json()["code"] == "tender_not_found"
    assert "internal id" in response.json()["detail"]


def test_text_that_is_no_tender_id_is_refused_naming_the_field(client, bearer, cast, project, prozorro):
    response = post(client, bearer, cast.bucha_editor, project.code, "тендер 12")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_tender_id"
    assert response.json()["field"] == "tender_id"


def test_a_tender_procured_by_an_unrelated_organisation_is_refused_as_unrelated(
    client, bearer, cast, project, prozorro
):
    prozorro.document(f"tenders/{INTERNAL_ID}", sample("tender-aboveThreshold-complete.json"))

    response = post(client, bearer, cast.bucha_editor, project.code, INTERNAL_ID)

    assert response.status_code == 409
    assert response.json()["code"] == "unrelated_process"
    assert "21725150" in response.json()["detail"]
    assert ContractingProcess.objects.get().project is None


def test_only_an_editor_of_the_initiator_may_link_and_prozorro_is_not_asked_otherwise(
    client, bearer, cast, project, prozorro
):
    response = post(client, bearer, cast.lviv_editor, project.code, "0" * 32)

    assert response.status_code == 403
    assert prozorro.requests == []


def test_an_anonymous_caller_is_told_to_sign_in(client, project, prozorro):
    response = client.post(
        f"/api/v1/projects/{project.code}/tenders", {"tender_id": "0" * 32}, content_type="application/json"
    )

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_project_is_404(client, bearer, cast, prozorro):
    response = post(client, bearer, cast.bucha_editor, "DREAM-UA-010125-00000000", "0" * 32)

    assert response.status_code == 404
    assert response.json()["code"] == "project_not_found"

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conversations import services
from conversations.models import Message, Thread
from projects.codes import StatusDetail
from tests.factories import MINIMAL_PDF, project_in


@pytest.fixture
def project(cast):
    return project_in(cast, StatusDetail.APPROVED)


@pytest.fixture
def thread(project, donors):
    return services.open_thread(actor=donors.fund_user, project=project, body="Перше повідомлення")


def test_a_donor_opens_a_conversation(project, donors, client, bearer):
    response = client.post(
        "/api/v1/conversations",
        {"project": project.code, "body": "Хочемо допомогти"},
        content_type="application/json",
        headers=bearer(donors.fund_user),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["project"] == project.code
    assert body["donor"] == {"edrpou": donors.fund.edrpou, "name_uk": donors.fund.name_uk}
    assert [(m["author"], m["body"]) for m in body["messages"]] == [("fund-officer", "Хочемо допомогти")]
    assert body["url"] == f"/cabinet/conversations/{body['id']}/"


def test_opening_about_a_project_that_seeks_no_money_is_refused_with_its_code(cast, donors, client, bearer):
    project = project_in(cast, StatusDetail.DEFINED)

    response = client.post(
        "/api/v1/conversations",
        {"project": project.code, "body": "Хочемо допомогти"},
        content_type="application/json",
        headers=bearer(donors.fund_user),
    )

    assert response.status_code == 409
    assert response.json()["code"] == "project_not_seeking_money"
    assert "seek money" in response.json()["detail"]
    assert not Thread.objects.exists()


def test_i_list_only_my_conversations(thread, cast, donors, client, bearer):
    services.open_thread(actor=donors.bank_user, project=thread.project, body="Ми теж")

    mine = client.get("/api/v1/conversations", headers=bearer(donors.fund_user)).json()
    initiators = client.get("/api/v1/conversations", headers=bearer(cast.bucha_editor)).json()
    stranger = client.get("/api/v1/conversations", headers=bearer(cast.lviv_editor)).json()

    assert [(row["id"], row["donor"]["edrpou"], row["message_count"]) for row in mine] == [
        (thread.pk, donors.fund.edrpou, 1)
    ]
    assert {row["donor"]["edrpou"] for row in initiators} == {donors.fund.edrpou, donors.bank.edrpou}
    assert stranger == []


def test_a_participant_reads_the_conversation(thread, cast, client, bearer):
    services.post_message(actor=cast.bucha_editor, thread=thread, body="Відповідь громади")

    response = client.get(f"/api/v1/conversations/{thread.pk}", headers=bearer(cast.bucha_editor))

    assert response.status_code == 200
    assert [(m["side"]["edrpou"], m["body"]) for m in response.json()["messages"]] == [
        (thread.donor.edrpou, "Перше повідомлення"),
        (cast.bucha.edrpou, "Відповідь громади"),
    ]


@pytest.mark.parametrize("outsider", ["lviv_editor", "auditor", "operator", "bank_user"])
def test_an_outsider_is_refused_the_conversation(thread, everyone, client, bearer, outsider):
    user = everyone[outsider]

    read = client.get(f"/api/v1/conversations/{thread.pk}", headers=bearer(user))
    write = client.post(f"/api/v1/conversations/{thread.pk}/messages", {"body": "Я теж"}, headers=bearer(user))

    for response in (read, write):
        assert response.status_code == 403
        assert response.json()["code"] == "not_a_participant"
        assert thread.project.code in response.json()["detail"]
    assert Message.objects.count() == 1


def test_an_anonymous_caller_is_asked_to_sign_in(thread, client):
    response = client.get(f"/api/v1/conversations/{thread.pk}")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_missing_conversation_is_not_found(donors, client, bearer):
    response = client.get("/api/v1/conversations/999999", headers=bearer(donors.fund_user))

    assert response.status_code == 404
    assert response.json()["code"] == "conversation_not_found"


def test_a_message_with_a_file_is_posted_as_multipart_and_the_file_served_to_participants_only(
    thread, cast, donors, client, bearer
):
    upload = SimpleUploadedFile("кошторис.pdf", MINIMAL_PDF, content_type="application/pdf")

    response = client.post(
        f"/api/v1/conversations/{thread.pk}/messages",
        {"body": "Кошторис додаю", "files": [upload]},
        headers=bearer(cast.bucha_editor),
    )

    assert response.status_code == 201
    last = response.json()["messages"][-1]
    [attached] = last["attachments"]
    assert (last["body"], attached["filename"], attached["media_type"], attached["size"]) == (
        "Кошторис додаю",
        "кошторис.pdf",
        "application/pdf",
        len(MINIMAL_PDF),
    )
    assert attached["sha256"] == hashlib.sha256(MINIMAL_PDF).hexdigest()
    served = client.get(attached["url"], headers=bearer(donors.fund_colleague))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == MINIMAL_PDF
    refused = client.get(attached["url"], headers=bearer(donors.bank_user))
    assert refused.status_code == 403


def test_a_bad_file_is_refused_with_its_field(thread, cast, client, bearer):
    upload = SimpleUploadedFile("virus.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf")

    response = client.post(
        f"/api/v1/conversations/{thread.pk}/messages",
        {"body": "Ось", "files": [upload]},
        headers=bearer(cast.bucha_editor),
    )

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid_attachment", "files[0]")
    assert Message.objects.count() == 1

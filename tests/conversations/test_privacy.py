"""No message, attachment or participant of a conversation reaches any published byte."""

import pytest

from audit.models import AuditEvent
from conversations import services
from projects.codes import StatusDetail
from publishing.bulk import publish
from tests.factories import MINIMAL_PDF, project_in
from tests.publishing.test_privacy import _leaks, _published_responses

SECRET_BODY = "Конфіденційно: наша пропозиція 12 345 678 євро"
SECRET_ANSWER = "Відповідь громади лише для донора"
SECRET_FILENAME = "умови-гранту-конфіденційно.pdf"


@pytest.fixture
def conversation(dataset, cast, donors):
    project = project_in(cast, StatusDetail.APPROVED)
    thread = services.open_thread(actor=donors.fund_user, project=project, body=SECRET_BODY)
    services.post_message(
        actor=cast.bucha_editor,
        thread=thread,
        body=SECRET_ANSWER,
        files=[services.FileInput(MINIMAL_PDF, SECRET_FILENAME)],
    )
    return thread


SECRETS = [SECRET_BODY, SECRET_ANSWER, SECRET_FILENAME, "conversation.opened", "conversation.message_posted"]


def test_every_event_of_a_conversation_is_private(conversation):
    events = AuditEvent.objects.filter(object_type="conversation")

    assert events.count() == 2
    assert not events.filter(is_public=True).exists()


def test_no_public_read_shows_a_conversation(conversation, dataset, client):
    code = conversation.project.code
    responses = _published_responses(client, dataset.code)
    for url in (
        f"/api/v1/projects/{code}",
        f"/api/v1/projects/{code}/history",
        f"/api/v1/oc4ids/projects/{code}",
        f"/projects/{code}/",
        "/showcase/",
        "/api/v1/showcase",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        responses[url] = response.content.decode()

    assert {url: _leaks(text, SECRETS) for url, text in responses.items() if _leaks(text, SECRETS)} == {}
    # The crawl did reach the project the conversation is about.
    assert code in responses["/showcase/"]


def test_no_bulk_file_holds_a_conversation(conversation, tmp_path):
    out = tmp_path / "publish"

    publish(out)

    leaks = {}
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".jsonl", ".csv"}:
            found = _leaks(path.read_text(encoding="utf-8-sig"), SECRETS)
            if found:
                leaks[path.name] = found
    assert leaks == {}
    assert conversation.project.code in (out / "oc4ids" / "projects.jsonl").read_text(encoding="utf-8")

"""Nothing personal or restricted reaches any published byte: APIs, feeds, the DREAM-compatible API, bulk files."""

import pytest
from django.test import Client

from accounts.models import User
from contracting.services import record_release
from projects.codes import AccessLevel, StatusDetail
from publishing.bulk import publish
from tests.contracting.releases import OCID, tender_release
from tests.factories import attach, project_in
from tests.publishing.test_ocds_privacy import PERSONAL_DATA, _award_with_payment

RESTRICTED_TITLE = "Висновок експертизи з персональними даними"
LIMITED_TITLE = "Акт обстеження квартири мешканця"


@pytest.fixture
def dataset(cast):
    """Projects with open, limited and restricted documents, and a process whose supplier is a sole trader."""
    User.objects.filter(pk=cast.bucha_editor.pk).update(email="clerk.private@example.org", first_name="Оксана")
    implementing = project_in(cast, StatusDetail.IMPLEMENTATION)
    attach(implementing, cast.bucha_editor, title="Відкритий кошторис")
    attach(implementing, cast.bucha_editor, access_level=AccessLevel.RESTRICTED, title=RESTRICTED_TITLE)
    attach(implementing, cast.bucha_editor, access_level=AccessLevel.LIMITED, title=LIMITED_TITLE)
    project_in(cast, StatusDetail.REFUSED)
    record_release(tender_release(cast.bucha), source="prozorro", project_code=implementing.code)
    record_release(_award_with_payment(), source="prozorro")
    return implementing


def _secrets(cast) -> list[str]:
    users = [cast.bucha_editor, cast.kyiv_approver, cast.ministry_approver, cast.auditor, cast.operator]
    return [
        *PERSONAL_DATA,
        RESTRICTED_TITLE,
        LIMITED_TITLE,
        "clerk.private@example.org",
        "Оксана",
        *(user.username for user in users),
    ]


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


def _published_responses(client: Client, project_code: str) -> dict[str, str]:
    """Fetch every public read that can show the project, its process or its organisations."""
    ideas = client.get("/marketplace/public/dream/ideas").json()
    idea_ids = [item["internal"]["id"] for item in ideas["data"]]
    urls = [
        f"/api/v1/projects/{project_code}",
        f"/api/v1/projects/{project_code}/history",
        "/api/v1/projects",
        f"/api/v1/oc4ids/projects/{project_code}",
        "/api/v1/oc4ids/projects",
        f"/api/v1/ocds/releases/{OCID}",
        f"/api/v1/ocds/records/{OCID}",
        "/api/v1/ocds/releases",
        "/api/v1/ocds/records",
        "/marketplace/public/dream/ideas",
        *(f"/marketplace/public/dream/ideas/{idea}" for idea in idea_ids),
        f"/projects/{project_code}/",
        "/",
    ]
    responses = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        responses[url] = response.content.decode()
    return responses


def test_no_public_read_shows_personal_or_restricted_data(dataset, cast, client):
    secrets = _secrets(cast)

    responses = _published_responses(client, dataset.code)

    assert {url: _leaks(text, secrets) for url, text in responses.items() if _leaks(text, secrets)} == {}
    assert "Відкритий кошторис" in responses[f"/api/v1/oc4ids/projects/{dataset.code}"]


def test_no_bulk_file_holds_personal_or_restricted_data(dataset, cast, tmp_path):
    secrets = _secrets(cast)
    out = tmp_path / "publish"

    publish(out)

    leaks = {}
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".jsonl", ".csv"}:
            found = _leaks(path.read_text(encoding="utf-8-sig"), secrets)
            if found:
                leaks[path.name] = found
    assert leaks == {}
    assert OCID in (out / "ocds" / "release-package.json").read_text(encoding="utf-8")

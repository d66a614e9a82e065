"""The projects API: writes refused with status, code and message together; reads filtered, paged and public."""

import base64
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from projects.codes import AccessLevel, StatusDetail
from projects.models import Project
from projects.services import LocationInput, take_step
from tests.factories import (
    BUCHA_CITY,
    BUCHANSKA_HROMADA,
    BUCHANSKYI_RAION,
    IRPINSKA_HROMADA,
    KYIV_OBLAST,
    LVIV_OBLAST,
    MINIMAL_PDF,
    ProjectFactory,
    attach,
    project_in,
)

PROJECTS = "/api/v1/projects"


def _new_project(cast, **changes):
    body = {
        "initiator": cast.bucha.edrpou,
        "title_uk": "Відновлення ліцею №3",
        "description_uk": "Заміна покрівлі та вікон.",
        "purpose": "restoration",
        "type": "rehabilitation",
        "sector": "ES",
        "locations": [{"territory": BUCHANSKA_HROMADA, "latitude": "50.543", "longitude": "30.212"}],
        "budget": [{"cost_item": "construction", "year": 2025, "amount": "2500000.00"}],
    }
    return {**body, **changes}


def _counts() -> tuple[int, int]:
    return Project.objects.count(), AuditEvent.objects.count()


# Writes that succeed.


def test_editor_registers_a_project_with_its_budget_in_one_request(client, cast, bearer):
    response = client.post(
        PROJECTS, _new_project(cast), content_type="application/json", headers=bearer(cast.bucha_editor)
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["status_details"]) == ("pending", "initiated")
    assert body["estimated_cost_uah"] == 2_500_000
    assert body["locations"][0]["territory"]["code"] == BUCHANSKA_HROMADA
    assert body["next_steps"] == ["begin_definition", "cancel"]
    assert Project.objects.filter(code=body["code"]).exists()


def test_editor_takes_a_step_through_the_api(client, cast, bearer):
    project = project_in(cast, StatusDetail.INITIATED)
    response = client.post(
        f"{PROJECTS}/{project.code}/steps",
        {"step": "begin_definition", "comment": "Починаємо."},
        content_type="application/json",
        headers=bearer(cast.bucha_editor),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status_details"] == "definition"
    assert body["transitions"][-1]["step"] == "begin_definition"
    assert body["transitions"][-1]["acting_for"] == cast.bucha.edrpou
    assert body["transitions"][-1]["comment"] == "Починаємо."


def test_editor_changes_the_passport_through_the_api(client, cast, bearer):
    project = project_in(cast, StatusDetail.INITIATED)
    response = client.patch(
        f"{PROJECTS}/{project.code}",
        {"title_uk": "Нова назва", "budget": [{"cost_item": "design", "year": 2025, "amount": "100.00"}]},
        content_type="application/json",
        headers=bearer(cast.bucha_editor),
    )
    assert response.status_code == 200
    assert response.json()["title_uk"] == "Нова назва"
    assert response.json()["estimated_cost_uah"] == 100


def test_editor_attaches_a_pdf_through_the_api(client, cast, bearer):
    project = project_in(cast, StatusDetail.INITIATED)
    response = client.post(
        f"{PROJECTS}/{project.code}/documents",
        {"title": "Кошторис", "document_type": "document", "file": _upload("estimate.pdf", MINIMAL_PDF)},
        headers=bearer(cast.bucha_editor),
    )
    assert response.status_code == 201
    assert response.json()["media_type"] == "application/pdf"
    assert response.json()["url"] == f"/projects/{project.code}/documents/{response.json()['id']}/"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# Writes that are refused: status, code and message together, and nothing changed.


def test_unknown_territory_in_locations_is_refused_and_creates_nothing(client, cast, bearer):
    headers = bearer(cast.bucha_editor)
    before = _counts()
    response = client.post(
        PROJECTS,
        _new_project(cast, locations=[{"territory": "UA99999999999999999"}]),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_territory"
    assert response.json()["detail"] == "'UA99999999999999999' is not a code of the KATOTTG codifier."
    assert _counts() == before


def test_negative_budget_amount_is_refused_naming_the_field_and_creates_nothing(client, cast, bearer):
    headers = bearer(cast.bucha_editor)
    before = _counts()
    response = client.post(
        PROJECTS,
        _new_project(cast, budget=[{"cost_item": "construction", "year": 2025, "amount": "-5"}]),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["detail"] == "budget.0.amount: Input should be greater than or equal to 0"
    assert body["errors"][0]["field"] == "budget.0.amount"
    assert _counts() == before


def test_budget_line_refused_by_the_service_leaves_no_half_registered_project(client, cast, bearer):
    headers = bearer(cast.bucha_editor)
    before = _counts()
    response = client.post(
        PROJECTS,
        _new_project(cast, budget=[{"cost_item": "construction", "year": 1990, "amount": "5"}]),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "1990 is not a plausible budget year.",
        "code": "invalid_passport",
        "field": "budget[0].year",
    }
    assert _counts() == before


def test_step_that_does_not_apply_is_refused_with_the_steps_possible_now(client, cast, bearer):
    project = project_in(cast, StatusDetail.INITIATED)
    headers = bearer(cast.kyiv_approver)
    before = _counts()
    response = client.post(
        f"{PROJECTS}/{project.code}/steps", {"step": "approve"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert response.json()["detail"] == (
        f"Cannot approve project {project.code}: it is pending:initiated. "
        "Steps possible now: begin_definition, cancel."
    )
    assert _counts() == before


def test_step_by_a_user_outside_the_initiator_is_refused(client, cast, bearer):
    project = project_in(cast, StatusDetail.INITIATED)
    headers = bearer(cast.lviv_editor)
    before = _counts()
    response = client.post(
        f"{PROJECTS}/{project.code}/steps",
        {"step": "begin_definition"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert response.json()["code"] == "actor_not_allowed"
    assert response.json()["detail"].startswith("Only a community editor of Бучанська міська рада")
    assert _counts() == before


def test_passport_change_while_the_project_waits_for_a_decision_is_refused(client, cast, bearer):
    project = project_in(cast, StatusDetail.APPRAISAL)
    headers = bearer(cast.bucha_editor)
    before = _counts()
    response = client.patch(
        f"{PROJECTS}/{project.code}", {"title_uk": "Інша назва"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    assert response.json()["detail"].startswith(
        f"Project {project.code} is pending:appraisal; its passport can change only"
    )
    assert _counts() == before
    project.refresh_from_db()
    assert project.title_uk != "Інша назва"


def test_registering_for_another_organisation_is_refused(client, cast, bearer):
    headers = bearer(cast.lviv_editor)
    before = _counts()
    response = client.post(PROJECTS, _new_project(cast), content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "actor_not_allowed"
    assert f"EDRPOU {cast.bucha.edrpou}" in response.json()["detail"]
    assert _counts() == before


def test_registering_for_an_unregistered_organisation_is_refused_naming_the_field(client, cast, bearer):
    headers = bearer(cast.bucha_editor)
    response = client.post(
        PROJECTS, _new_project(cast, initiator="00000000"), content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "No organisation with EDRPOU '00000000' is registered.",
        "code": "unknown_organisation",
        "field": "initiator",
    }


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", PROJECTS, {"title_uk": "x"}),
        ("patch", f"{PROJECTS}/DREAM-UA-010125-00000000", {"title_uk": "x"}),
        ("post", f"{PROJECTS}/DREAM-UA-010125-00000000/steps", {"step": "approve"}),
    ],
    ids=["register", "update", "step"],
)
def test_anonymous_write_is_refused(client, db, method, path, body):
    before = _counts()
    response = getattr(client, method)(path, body, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Sign in, or send an API token as 'Authorization: Bearer <token>'.",
        "code": "not_authenticated",
    }
    assert _counts() == before


def test_write_with_an_unknown_token_is_refused(client, cast):
    response = client.post(
        PROJECTS, _new_project(cast), content_type="application/json", headers={"Authorization": "Bearer dream_nope"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("suffix", ["", "/history"], ids=["detail", "history"])
def test_unknown_project_is_not_found(client, db, suffix):
    response = client.get(f"{PROJECTS}/DREAM-UA-010125-00000000{suffix}")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No project has the code 'DREAM-UA-010125-00000000'.",
        "code": "project_not_found",
    }


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "not-a-cursor", _cursor("id:abc"), _cursor("id:-5"), _cursor("page:3"), "____"],
    ids=["symbols", "word", "id-not-a-number", "negative-id", "other-kind", "not-utf8"],
)
def test_bad_cursor_is_refused(client, db, cursor):
    response = client.get(PROJECTS, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The cursor is not one this API gave; start again without it.",
        "code": "invalid_cursor",
        "field": "cursor",
    }


# Reads: filters, pages, detail and history.


@pytest.fixture
def catalogue(cast):
    """Three projects that differ in every filtered property."""
    school = ProjectFactory(
        actor=cast.bucha_editor,
        initiator=cast.bucha,
        title_uk="Відновлення школи №3 у Бучі",
        sector="ES",
        type="rehabilitation",
        purpose="restoration",
    )
    clinic = ProjectFactory(
        actor=cast.bucha_editor,
        initiator=cast.bucha,
        title_uk="Нова амбулаторія в Ірпені",
        title_en="Outpatient clinic in Irpin",
        sector="HQ",
        type="construction",
        purpose="development",
        locations=[LocationInput(territory=IRPINSKA_HROMADA)],
    )
    take_step(actor=cast.bucha_editor, project=clinic, step="begin_definition")
    water = project_in(
        cast,
        StatusDetail.WITHDRAWN,
        initiator=cast.lviv,
        title_uk="Насосна станція Львова",
        sector="WC",
        type="equipment",
        purpose="restoration",
    )
    return {"school": school.code, "clinic": clinic.code, "water": water.code}


FILTER_CASES = [
    ({"status": "pending"}, {"school", "clinic"}),
    ({"status": "cancelled"}, {"water"}),
    ({"status_details": "definition"}, {"clinic"}),
    ({"status": "pending", "status_details": "initiated"}, {"school"}),
    ({"territory": KYIV_OBLAST}, {"school", "clinic"}),
    ({"territory": BUCHANSKYI_RAION}, {"school", "clinic"}),
    ({"territory": BUCHANSKA_HROMADA}, {"school"}),
    ({"territory": BUCHA_CITY}, set()),
    ({"territory": LVIV_OBLAST}, {"water"}),
    ({"territory": "UA46"}, {"water"}),
    ({"territory": "UA3208015"}, {"clinic"}),
    ({"sector": "E"}, {"school"}),
    ({"sector": "H"}, {"clinic"}),
    ({"sector": "HQ"}, {"clinic"}),
    ({"sector": "W"}, {"water"}),
    ({"type": "construction"}, {"clinic"}),
    ({"purpose": "restoration"}, {"school", "water"}),
    ({"q": "амбулаторія"}, {"clinic"}),
    ({"q": "clinic"}, {"clinic"}),
    ({"q": "Насосна"}, {"water"}),
    ({"q": "nothing like this"}, set()),
]


@pytest.mark.parametrize(("query", "expected"), FILTER_CASES, ids=[str(query) for query, _ in FILTER_CASES])
def test_list_filter_finds_exactly_the_matching_projects(client, catalogue, query, expected):
    body = client.get(PROJECTS, query).json()
    assert {result["code"] for result in body["results"]} == {catalogue[name] for name in expected}
    assert body["count"] == len(expected)


def test_text_search_ignores_the_case_of_cyrillic_letters(client, catalogue):
    # The portal and the API are Ukrainian first: "нова амбулаторія" must find "Нова амбулаторія в Ірпені" on every
    # database the system runs on, SQLite included.
    body = client.get(PROJECTS, {"q": "нова амбулаторія"}).json()
    assert [result["code"] for result in body["results"]] == [catalogue["clinic"]]


def test_list_filter_by_initiator_finds_its_projects(client, cast, catalogue):
    body = client.get(PROJECTS, {"initiator": cast.lviv.edrpou}).json()
    assert [result["code"] for result in body["results"]] == [catalogue["water"]]


def test_list_filter_by_project_code_finds_that_project(client, catalogue):
    body = client.get(PROJECTS, {"q": catalogue["school"]}).json()
    assert [result["code"] for result in body["results"]] == [catalogue["school"]]


def test_list_without_filters_returns_every_project_newest_first(client, catalogue):
    body = client.get(PROJECTS).json()
    assert [result["code"] for result in body["results"]] == [
        catalogue["water"],
        catalogue["clinic"],
        catalogue["school"],
    ]
    assert body["next_cursor"] is None


@pytest.mark.parametrize(("total", "expected_pages"), [(6, 2), (7, 3)], ids=["exact-pages", "partial-last-page"])
def test_cursor_walks_every_page_with_a_stable_count_and_no_duplicates(client, cast, total, expected_pages):
    codes = {ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha).code for _ in range(total)}
    seen: list[str] = []
    counts = set()
    pages = 0
    cursor = None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = client.get(PROJECTS, query).json()
        pages += 1
        counts.add(body["count"])
        seen.extend(result["code"] for result in body["results"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == expected_pages
    assert counts == {total}
    assert len(seen) == len(set(seen)) == total
    assert set(seen) == codes


def test_limit_above_the_maximum_is_refused(client, db):
    response = client.get(PROJECTS, {"limit": 201})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["errors"][0]["field"] == "limit"


def test_detail_shows_only_open_documents(client, cast):
    project = project_in(cast, StatusDetail.INITIATED)
    open_document = attach(project, cast.bucha_editor, title="Відкритий кошторис")
    attach(project, cast.bucha_editor, access_level=AccessLevel.LIMITED, title="Обмежений звіт")
    attach(project, cast.bucha_editor, access_level=AccessLevel.RESTRICTED, title="Закритий висновок")
    documents = client.get(f"{PROJECTS}/{project.code}").json()["documents"]
    assert [(document["id"], document["title"]) for document in documents] == [
        (open_document.pk, "Відкритий кошторис")
    ]
    assert documents[0]["sha256"] == open_document.sha256


def test_detail_shows_the_money_plan_and_the_steps_possible_next(client, cast):
    project = project_in(cast, StatusDetail.STRUCTURED, cost=Decimal("1234567.89"))
    body = client.get(f"{PROJECTS}/{project.code}").json()
    assert body["estimated_cost_uah"] == 1234567.89
    assert body["budget"][0] == {
        "cost_item": "construction",
        "cost_type": "capex",
        "year": 2025,
        "amount": 1234567.89,
        "currency": "UAH",
    }
    assert body["finance"][0]["is_committed"] is True
    assert [phase["phase"] for phase in body["phases"]] == ["identification", "implementation"]
    assert body["next_steps"] == ["apply_for_funding", "cancel"]
    assert [transition["step"] for transition in body["transitions"]] == [
        "begin_definition",
        "complete_definition",
        "submit_for_appraisal",
        "appraise",
        "begin_structuring",
        "complete_structuring",
    ]


def test_history_returns_only_public_events_oldest_first(client, cast):
    project = project_in(cast, StatusDetail.DEFINITION)
    attach(project, cast.bucha_editor, access_level=AccessLevel.RESTRICTED, title="Закритий висновок")
    attach(project, cast.bucha_editor, title="Відкритий кошторис")
    history = client.get(f"{PROJECTS}/{project.code}/history").json()
    assert [event["action"] for event in history] == [
        "project.registered",
        "project.budget_set",
        "project.finance_set",
        "project.phases_set",
        "project.begin_definition",
        "project.document_attached",
    ]
    assert history[-1]["after"]["title"] == "Відкритий кошторис"
    positions = [event["position"] for event in history]
    assert positions == sorted(positions)
    assert set(AuditEvent.objects.filter(position__in=positions).values_list("is_public", flat=True)) == {True}
    assert all(event["acting_for"] == cast.bucha.edrpou for event in history)


def test_history_names_the_organisation_that_acted_but_not_the_person(client, cast):
    project = project_in(cast, StatusDetail.INITIATED)
    event = client.get(f"{PROJECTS}/{project.code}/history").json()[0]
    assert event["acting_for"] == cast.bucha.edrpou
    assert cast.bucha_editor.username not in str(event)


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_does_not_grow_with_the_page(client, cast, django_assert_num_queries, size):
    for _ in range(size):
        ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    with django_assert_num_queries(3):
        response = client.get(PROJECTS)
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("steps", [1, 6])
def test_detail_query_count_does_not_grow_with_the_history(client, cast, django_assert_num_queries, steps):
    state = {1: StatusDetail.DEFINITION, 6: StatusDetail.STRUCTURED}[steps]
    project = project_in(cast, state)
    with django_assert_num_queries(9):
        response = client.get(f"{PROJECTS}/{project.code}")
    assert len(response.json()["transitions"]) == steps

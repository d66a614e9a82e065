"""The public pages: the list with filters, each project's page, and who may download which document."""

from decimal import Decimal

import pytest

from projects import services
from projects.codes import AccessLevel, FundingSourceCategory, FundingType, StatusDetail
from tests.factories import MINIMAL_PDF, ProjectFactory, attach, project_in


@pytest.fixture
def school(cast):
    return project_in(cast, StatusDetail.DEFINITION, title_uk="Відновлення гімназії №2")


@pytest.fixture
def pumping_station(cast):
    return project_in(cast, StatusDetail.WITHDRAWN, initiator=cast.lviv, title_uk="Насосна станція Сихова")


def _download(client, project, document):
    response = client.get(f"/projects/{project.code}/documents/{document.pk}/")
    content = b"".join(response.streaming_content) if response.status_code == 200 else b""
    response.close()
    return response.status_code, content


def test_list_page_shows_project_titles(client, school):
    response = client.get("/projects/")
    assert response.status_code == 200
    assert "Відновлення гімназії №2" in response.content.decode()
    assert school.code in response.content.decode()


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        ("pending", "Відновлення гімназії №2", "Насосна станція Сихова"),
        ("cancelled", "Насосна станція Сихова", "Відновлення гімназії №2"),
    ],
    ids=["pending", "cancelled"],
)
@pytest.mark.usefixtures("school", "pumping_station")
def test_list_page_filtered_by_status_shows_only_matching_projects(client, status, shown, hidden):
    page = client.get("/projects/", {"status": status}).content.decode()
    assert shown in page
    assert hidden not in page


@pytest.mark.usefixtures("school", "pumping_station")
def test_list_page_filtered_by_oblast_shows_only_its_projects(client):
    page = client.get("/projects/", {"territory": "UA46000000000026241"}).content.decode()
    assert "Насосна станція Сихова" in page
    assert "Відновлення гімназії №2" not in page


def test_project_page_shows_its_code_and_title(client, school):
    response = client.get(f"/projects/{school.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert school.code in page
    assert "Відновлення гімназії №2" in page


def test_project_page_lists_open_documents_only(client, cast, school):
    attach(school, cast.bucha_editor, title="Відкритий кошторис")
    attach(school, cast.bucha_editor, title="Закритий висновок", access_level=AccessLevel.RESTRICTED)
    page = client.get(f"/projects/{school.code}/").content.decode()
    assert "Відкритий кошторис" in page
    assert "Закритий висновок" not in page


def test_unknown_project_page_is_not_found(client, db):
    assert client.get("/projects/DREAM-UA-010125-00000000/").status_code == 404


def test_open_document_is_downloaded_by_anyone(client, cast, school):
    document = attach(school, cast.bucha_editor)
    assert _download(client, school, document) == (200, MINIMAL_PDF)


def test_restricted_document_is_hidden_from_anonymous_readers(client, cast, school):
    document = attach(school, cast.bucha_editor, access_level=AccessLevel.RESTRICTED)
    assert _download(client, school, document) == (404, b"")


def test_restricted_document_is_hidden_from_members_of_other_organisations(client, cast, school):
    document = attach(school, cast.bucha_editor, access_level=AccessLevel.RESTRICTED)
    client.force_login(cast.lviv_editor)
    assert _download(client, school, document) == (404, b"")


@pytest.mark.parametrize("reader", ["auditor", "operator", "bucha_editor"])
def test_restricted_document_is_downloaded_by_auditors_operators_and_the_initiator(client, cast, school, reader):
    document = attach(school, cast.bucha_editor, access_level=AccessLevel.RESTRICTED)
    client.force_login(getattr(cast, reader))
    assert _download(client, school, document) == (200, MINIMAL_PDF)


def test_document_of_another_project_is_not_found(client, cast, school, pumping_station):
    document = attach(school, cast.bucha_editor)
    assert _download(client, pumping_station, document) == (404, b"")


@pytest.mark.parametrize("size", [3, 30])
def test_list_page_query_count_does_not_grow_with_the_page(client, cast, django_assert_num_queries, size):
    for _ in range(size):
        ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    with django_assert_num_queries(5):
        response = client.get("/projects/")
    assert response.status_code == 200


def test_switching_the_language_remembers_it_and_goes_back_to_the_page(client, school):
    response = client.get("/language/", {"language": "en", "next": "/projects/?status=pending"})

    assert (response.status_code, response["Location"]) == (302, "/projects/?status=pending")
    assert response.cookies["django_language"].value == "en"
    assert "Reconstruction projects" in client.get("/projects/").content.decode()


@pytest.mark.parametrize(
    ("language", "next_page", "cookie", "location"),
    [
        ("fr", "/projects/", "uk", "/projects/"),
        ("en", "https://elsewhere.example/", "en", "/"),
    ],
    ids=["unknown-language", "foreign-address"],
)
def test_switching_to_an_unknown_language_or_away_from_the_portal_is_not_followed(
    client, language, next_page, cookie, location
):
    response = client.get("/language/", {"language": language, "next": next_page})

    assert (response["Location"], response.cookies["django_language"].value) == (location, cookie)


def test_public_pages_carry_no_csrf_token_so_one_cached_copy_serves_every_reader(client, school):
    for address in ("/", "/projects/", f"/projects/{school.code}/", "/dashboards/", "/map/"):
        assert "csrfmiddlewaretoken" not in client.get(address).content.decode()


def _codes_in_order(page: str, codes: list[str]) -> list[str]:
    """Return the given codes in the order the list shows them."""
    return sorted((code for code in codes if code in page), key=page.index)


@pytest.fixture
def three_costs(cast):
    """Three projects registered in this order, the middle one the dearest and the last one the cheapest."""
    return [
        project_in(cast, StatusDetail.DEFINITION, cost=Decimal(cost), title_uk=title, title_en=title_en)
        for cost, title, title_en in (
            ("2000000.00", "Бібліотека", "Library"),
            ("9000000.00", "Амбулаторія", "Clinic"),
            ("500000.00", "Водогін", "Aqueduct"),
        )
    ]


@pytest.mark.parametrize(
    ("sort", "language", "expected"),
    [
        ("", "uk", [2, 1, 0]),
        ("cost", "uk", [1, 0, 2]),
        ("cost-asc", "uk", [2, 0, 1]),
        ("title", "uk", [1, 0, 2]),
        ("title", "en", [2, 1, 0]),
        ("nonsense", "uk", [2, 1, 0]),
    ],
    ids=["newest-by-default", "cost", "cost-ascending", "title-uk", "title-en", "unknown-is-newest"],
)
def test_the_list_is_sorted_as_asked_and_the_export_follows_it(client, three_costs, sort, language, expected):
    codes = [project.code for project in three_costs]
    asked = {"sort": sort} if sort else {}

    page = client.get("/projects/", asked, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    exported = b"".join(client.get("/projects/export.csv", asked, HTTP_ACCEPT_LANGUAGE=language).streaming_content)

    assert _codes_in_order(page, codes) == [codes[index] for index in expected]
    assert _codes_in_order(exported.decode("utf-8-sig"), codes) == [codes[index] for index in expected]


def test_the_next_page_keeps_the_order_and_the_filters(client, cast):
    for _ in range(27):
        ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)

    page = client.get("/projects/?status=pending&sort=cost").content.decode()

    assert 'href="?status=pending&amp;sort=cost&amp;page=2"' in page
    assert '<option value="cost" selected>' in page


def test_the_funding_filter_shows_the_projects_with_that_source(client, cast, school):
    abroad = project_in(cast, StatusDetail.DEFINITION, title_uk="Міст через Ірпінь")
    services.set_finance(
        actor=cast.bucha_editor,
        project=abroad,
        lines=[
            services.FinanceLineInput(
                source_category=FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
                funding_type=FundingType.INTERNATIONAL_PARTNERS,
                amount=Decimal("1000000.00"),
            )
        ],
    )

    page = client.get("/projects/", {"funding": "internationalOrganization"}).content.decode()

    assert abroad.code in page
    assert school.code not in page
    assert '<option value="internationalOrganization" selected>' in page

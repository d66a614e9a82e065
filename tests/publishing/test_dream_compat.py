"""The DREAM-compatible public API: the shapes of the real system's description, the behaviour of its live service."""

import functools
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import jsonschema_rs
import pytest
import yaml
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections, transaction
from django.test import Client
from django.utils.http import http_date

from accounts.models import User
from parties.models import OrganisationKind, Role
from parties.services import grant_role
from projects import services
from projects.codes import AccessLevel, FundingSourceCategory, FundingType, IndicatorKind, PartyRole, StatusDetail
from projects.models import Project
from publishing import dream_compat
from tests.conftest import SHARED_DIR
from tests.factories import (
    BUCHA_CITY,
    BUCHANSKA_HROMADA,
    IRPINSKA_HROMADA,
    PATHS,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
    attach,
    fill_passport,
    project_in,
    walk,
)

PREFIX = "/marketplace/public"
FEED = f"{PREFIX}/dream/ideas"
UPDATED_FORM = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


# The description's response schemas, as validators.


def _no_empty_schemas(node: Any) -> Any:
    """Replace the description's empty property schemas (``workItem:`` with nothing after it) by "anything"."""
    if node is None:
        return {}
    if isinstance(node, dict):
        return {key: _no_empty_schemas(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_no_empty_schemas(value) for value in node]
    return node


@functools.cache
def _description() -> dict[str, Any]:
    with (SHARED_DIR / "standards" / "dream-public-api" / "openapi.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _response_schema(path: str) -> dict[str, Any]:
    """Return the 200 response schema of a path, with the components its local references point into."""
    description = _description()
    schema = description["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**_no_empty_schemas(schema), "components": description.get("components", {})}


@functools.cache
def _validator(name: str) -> jsonschema_rs.Validator:
    if name == "wrapped project":
        # The live service wraps the described project as its cdu_response, beside the record's internal data.
        schema = {
            "type": "object",
            "required": ["internal", "cdu_response"],
            "additionalProperties": False,
            "properties": {
                "internal": {
                    "type": "object",
                    "required": ["id", "code", "status"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "code": {"type": "string", "pattern": r"^DREAM-UA-\d{6}-[0-9A-Z]{8}$"},
                        "status": {"type": "string", "pattern": r"^[a-z]+:[a-z]+$"},
                    },
                },
                "cdu_response": _response_schema("/marketplace/public/dream/ideas/{id}"),
            },
        }
    else:
        schema = _response_schema(name)
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def _problems(name: str, body: Any) -> list[str]:
    return [
        f"/{'/'.join(map(str, error.instance_path))}: {error.message}" for error in _validator(name).iter_errors(body)
    ]


def read_feed(client: Client, **params: str) -> list[dict[str, Any]]:
    response = client.get(FEED, params)
    assert response.status_code == 200
    body = response.json()
    assert _problems("/marketplace/public/dream/ideas", body) == []
    return body["data"]


def read_project(client: Client, identifier: str) -> dict[str, Any]:
    response = client.get(f"{FEED}/{identifier}")
    assert response.status_code == 200
    body = response.json()
    assert _problems("wrapped project", body) == []
    return body


def read_object(client: Client, identifier: str) -> dict[str, Any]:
    response = client.get(f"{PREFIX}/dream/objects/{identifier}")
    assert response.status_code == 200
    body = response.json()
    assert _problems("/marketplace/public/dream/objects/{id}", body) == []
    return body


def read_company(client: Client, identifier: str) -> dict[str, Any]:
    response = client.get(f"{PREFIX}/companies/{identifier}")
    assert response.status_code == 200
    body = response.json()
    assert _problems("/marketplace/public/companies/{id}", body) == []
    return body


def codes(items: list[dict[str, Any]]) -> list[str]:
    return [item["internal"]["code"] for item in items]


def read_whole_feed(client: Client, order: str = "asc", since: str = "") -> list[str]:
    """Page through the feed the way the live service's clients do: the last 'updated' read is the next 'from'."""
    seen: list[str] = []
    params = {"order": order, "from": since}
    while data := read_feed(client, **params):
        seen.extend(codes(data))
        params["from"] = data[-1]["external"]["updated"]
    return seen


# Data.


@pytest.fixture
def three(cast) -> list[Project]:
    """Three projects registered one after another, oldest first."""
    return [ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha) for _ in range(3)]


@pytest.fixture
def passport(cast) -> Project:
    """A project with every part the description shows, in implementation, with documents of each access level."""
    editor = cast.bucha_editor
    balancer = OrganisationFactory(
        kind=OrganisationKind.MUNICIPAL_ENTERPRISE, name_uk="КП «Бучанська школа»", territory_code=BUCHANSKA_HROMADA
    )
    donor = OrganisationFactory(kind=OrganisationKind.DONOR, name_uk="Фонд відбудови", name_en="Rebuilding Fund")
    project = ProjectFactory(
        actor=editor,
        initiator=cast.bucha,
        title_en="Restoration of school No 3",
        description_en="Roof and windows damaged by shelling.",
        locations=[
            services.LocationInput(territory=BUCHA_CITY, address="вул. Шевченка, 5"),
            services.LocationInput(territory=IRPINSKA_HROMADA),
            services.LocationInput(territory=BUCHA_CITY, address="вул. Вокзальна, 1"),
        ],
    )
    fill_passport(project, editor)
    services.set_finance(
        actor=editor,
        project=project,
        lines=[
            services.FinanceLineInput(
                source_category=FundingSourceCategory.LOCAL_BUDGET,
                funding_type=FundingType.STATE_FUNDS,
                amount=Decimal("400000.00"),
                is_committed=True,
            ),
            services.FinanceLineInput(
                source_category=FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
                funding_type=FundingType.INTERNATIONAL_PARTNERS,
                amount=Decimal("600000.00"),
                financing_party=donor.edrpou,
            ),
        ],
    )
    services.set_indicators(
        actor=editor,
        project=project,
        indicators=[
            services.IndicatorInput(
                kind=IndicatorKind.NUMBER_OF_CONSUMERS, name="учні", baseline=Decimal(0), target=Decimal(420)
            ),
            services.IndicatorInput(kind=IndicatorKind.NUMBER_OF_IDP, name="діти ВПО", baseline=Decimal(0), target=35),
        ],
    )
    services.add_party(actor=editor, project=project, organisation=balancer, role=PartyRole.BALANCER)
    attach(project, editor, title="Кошторис")
    attach(project, editor, access_level=AccessLevel.LIMITED, title="Обмежений звіт")
    attach(project, editor, access_level=AccessLevel.RESTRICTED, title="Закритий акт")
    return walk(project, cast, PATHS[StatusDetail.IMPLEMENTATION])


# The change feed: order, exclusive 'from', one form of 'updated'.


def test_feed_lists_projects_oldest_change_first_by_default(client, three):
    assert codes(read_feed(client)) == [project.code for project in three]


def test_feed_lists_newest_change_first_with_order_desc(client, three):
    assert codes(read_feed(client, order="desc")) == [project.code for project in reversed(three)]


def test_feed_lists_a_changed_project_at_its_new_time(client, cast, three):
    services.update_passport(actor=cast.bucha_editor, project=three[0], title_uk="Нова назва")
    assert codes(read_feed(client)) == [three[1].code, three[2].code, three[0].code]


def test_from_is_exclusive_in_ascending_order(client, three):
    first = read_feed(client)[0]
    assert codes(read_feed(client, **{"from": first["external"]["updated"]})) == [three[1].code, three[2].code]


def test_from_means_older_than_in_descending_order(client, three):
    newest = read_feed(client, order="desc")[0]
    after = read_feed(client, order="desc", **{"from": newest["external"]["updated"]})
    assert codes(after) == [three[1].code, three[0].code]


def test_from_after_the_latest_change_gives_an_empty_page(client, three):
    last = read_feed(client)[-1]["external"]["updated"]
    assert read_feed(client, **{"from": last}) == []


@pytest.mark.parametrize(
    "shift",
    [
        lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        lambda moment: moment.astimezone(dream_compat.timezone.get_default_timezone()).isoformat(),
        lambda moment: moment.replace(tzinfo=None).isoformat(),
        # A "+" the client did not escape arrives as a space.
        lambda moment: moment.astimezone(dream_compat.timezone.get_default_timezone()).isoformat().replace("+", " "),
    ],
    ids=["utc-z", "offset", "no-offset-is-utc", "unescaped-plus"],
)
def test_from_reads_any_iso_8601_date_time(client, three, shift):
    moment = datetime.strptime(read_feed(client)[0]["external"]["updated"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=UTC
    )
    assert codes(read_feed(client, **{"from": shift(moment)})) == [three[1].code, three[2].code]


def test_updated_values_share_one_form_and_sort_as_strings_in_the_order_of_time(client, cast, three):
    services.update_passport(actor=cast.bucha_editor, project=three[1], title_uk="Інша назва")
    ProjectFactory(actor=cast.lviv_editor, initiator=cast.lviv)
    updated = [item["external"]["updated"] for item in read_feed(client)]

    assert all(UPDATED_FORM.fullmatch(value) for value in updated)
    assert len(set(updated)) == len(updated)
    assert updated == sorted(updated)
    times = [datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC) for value in updated]
    stored = dict(Project.objects.values_list("code", "updated_at"))
    assert times == [stored[code] for code in codes(read_feed(client))]


def test_feed_item_ids_are_stable_uuids_that_name_the_project(client, three):
    first, again = read_feed(client), read_feed(client)
    assert [item["internal"]["id"] for item in first] == [item["internal"]["id"] for item in again]
    for item in first:
        assert uuid.UUID(item["internal"]["id"]).version == 8
        assert read_project(client, item["internal"]["id"])["internal"]["code"] == item["internal"]["code"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "yesterday"}, "invalid_from"),
        ({"from": "2024-13-01T00:00:00Z"}, "invalid_from"),
        ({"from": "0001-01-01T00:00:00+05:00"}, "invalid_from"),
        ({"order": "newest"}, "invalid_order"),
    ],
)
def test_feed_refuses_a_malformed_request_saying_what_to_send(client, db, params, code):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert next(iter(params)) in body["detail"]


def test_client_paging_while_a_project_changes_sees_it_again_after_the_rest(client, cast, monkeypatch):
    monkeypatch.setattr(dream_compat, "PAGE_SIZE", 2)
    projects = [ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha) for _ in range(5)]
    first_page = read_feed(client)
    services.update_passport(actor=cast.bucha_editor, project=projects[0], title_uk="Змінено під час читання")

    rest = read_whole_feed(client, since=first_page[-1]["external"]["updated"])
    assert codes(first_page) + rest == [project.code for project in projects[:5]] + [projects[0].code]


MORE_THAN_A_PAGE = dream_compat.PAGE_SIZE + 234


@pytest.fixture(scope="class")
def registered(django_db_setup, django_db_blocker) -> list[str]:
    """Register more projects than a page holds through the services, once for a class, and roll them back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        initiator = OrganisationFactory(kind=OrganisationKind.COMMUNITY, territory_code=BUCHANSKA_HROMADA)
        editor = UserFactory(username="feed-editor")
        grant_role(user=editor, organisation=initiator, role=Role.COMMUNITY_EDITOR)
        registered = [
            services.register_project(
                actor=editor,
                initiator=initiator,
                title_uk=f"Проєкт {number}",
                purpose="restoration",
                type="rehabilitation",
                sector="ES",
            ).code
            for number in range(MORE_THAN_A_PAGE)
        ]
        yield registered
        transaction.set_rollback(True)


class TestMoreThanOnePage:
    """A feed of more projects than a page holds: the class shares them, and no other test sees them."""

    def test_a_page_holds_1000_projects(self, client, db, registered):
        assert len(read_feed(client)) == 1000
        assert len(read_feed(client, order="desc")) == 1000

    def test_the_last_page_holds_the_rest(self, client, db, registered):
        last_of_first_page = read_feed(client)[-1]["external"]["updated"]
        assert codes(read_feed(client, **{"from": last_of_first_page})) == registered[1000:]

    @pytest.mark.parametrize("order", ["asc", "desc"])
    def test_a_client_paging_through_sees_every_project_once(self, client, db, registered, order):
        seen = read_whole_feed(client, order)
        assert seen == (registered if order == "asc" else registered[::-1])


# The project.


def test_project_is_wrapped_with_its_internal_record_and_validates(client, passport):
    body = read_project(client, passport.code)
    assert body["internal"] == {
        "id": str(dream_compat.project_id(passport.code)),
        "code": passport.code,
        "status": "active:implementation",
    }
    project = body["cdu_response"]
    assert (project["status"], project["statusDetails"]) == ("active", "implementation")
    assert (project["purpose"], project["type"]) == ("restoration", "rehabilitation")
    assert project["title"] == [
        {"lang": "uk", "translation": passport.title_uk},
        {"lang": "en", "translation": "Restoration of school No 3"},
    ]
    assert project["additionalClassifications"] == [{"scheme": "WB-ECO", "id": "ES", "description": "Середня освіта"}]


def test_project_is_found_by_code_by_lowercase_code_and_by_id(client, passport):
    by_code = read_project(client, passport.code)
    assert read_project(client, passport.code.lower()) == by_code
    assert read_project(client, by_code["internal"]["id"]) == by_code


def test_project_updated_is_the_feed_updated(client, passport):
    feed = read_feed(client)
    item = next(item for item in feed if item["internal"]["code"] == passport.code)
    assert read_project(client, passport.code)["cdu_response"]["updated"] == item["external"]["updated"]


def test_parties_carry_roles_and_ua_edr_identifiers(client, cast, passport):
    parties = read_project(client, passport.code)["cdu_response"]["parties"]
    assert parties[0] == {
        "id": f"UA-EDR-{cast.bucha.edrpou}",
        "roles": ["initiator"],
        "identifier": {"scheme": "UA-EDR", "id": cast.bucha.edrpou, "legalName": "Бучанська міська рада"},
    }
    assert parties[1]["roles"] == ["balancer"]
    assert parties[1]["identifier"]["legalName"] == "КП «Бучанська школа»"


def test_phases_become_targets_and_indicators_metrics(client, passport):
    project = read_project(client, passport.code)["cdu_response"]
    [phases] = project["targets"]
    assert phases["id"] == "initiationPhases"
    assert [
        (item["dimensions"]["phaseCode"], item["period"]["durationInDays"]) for item in phases["observations"]
    ] == [
        ("identification", 90),
        ("implementation", 275),
    ]
    [metrics] = project["metrics"]
    assert [item["dimensions"] for item in metrics["observations"]] == [
        {"basicValue": 0, "targetValue": 420, "characteristic": "numberOfConsumers"},
        {"basicValue": 0, "targetValue": 35, "characteristic": "numberOfIDP"},
    ]


def test_budget_and_finance_carry_their_codes_and_financing_party(client, passport):
    [approach] = read_project(client, passport.code)["cdu_response"]["approaches"]
    [line] = approach["budget"]["budgetBreakdown"]
    assert line["amount"] == {"amount": 1_000_000, "currency": "UAH"}
    assert line["classifications"] == {"costItem": "construction", "costType": "capex"}
    # The budget year is a year in Ukraine, written in UTC.
    assert line["period"] == {"startDate": "2024-12-31T22:00:00.000000Z", "endDate": "2025-12-31T21:59:59.999999Z"}
    local, donor = approach["budget"]["finance"]
    assert (local["financeType"], local["financeCategory"], local["value"]["amount"]) == (
        "stateFunds",
        "localBudget",
        400_000,
    )
    assert donor["financingParty"]["name"] == "Фонд відбудови"
    assert donor["financingParty"]["id"].startswith("UA-EDR-")


@pytest.mark.parametrize(
    ("category", "published"),
    [
        (FundingSourceCategory.CENTRAL_BUDGET, "stateCentralBudget"),
        (FundingSourceCategory.DONOR_FUNDS, "internationalOrganization"),
        (FundingSourceCategory.CHARITY_FUNDS, "legalEntity"),
        (FundingSourceCategory.NONE, None),
    ],
)
def test_funding_categories_outside_the_description_are_published_as_its_nearest(client, cast, category, published):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    services.set_finance(
        actor=cast.bucha_editor,
        project=project,
        lines=[services.FinanceLineInput(source_category=category, funding_type="stateFunds", amount=Decimal(5))],
    )
    [approach] = read_project(client, project.code)["cdu_response"]["approaches"]
    finance = approach.get("budget", {}).get("finance", [])
    assert [line["financeCategory"] for line in finance] == ([published] if published else [])


def test_closed_project_keeps_its_reason_internally_and_its_status_alone_in_the_description(client, cast):
    project = project_in(cast, StatusDetail.WITHDRAWN)
    body = read_project(client, project.code)
    assert body["internal"]["status"] == "cancelled:withdrawn"
    assert body["cdu_response"]["status"] == "cancelled"
    assert "statusDetails" not in body["cdu_response"]


@pytest.mark.parametrize(("ours", "published"), [("replacement", "rehabilitation"), ("equipment", "equipment")])
def test_project_type_follows_the_real_codelist(client, cast, ours, published):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, type=ours)
    assert read_project(client, project.code)["cdu_response"]["type"] == published


def test_a_fresh_idea_without_lists_validates(client, cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, description_uk="", locations=[])
    project = read_project(client, project.code)["cdu_response"]
    assert project["description"] == [{"lang": "uk", "translation": ""}]
    assert "documents" not in project
    assert "relatedProcesses" not in project


def test_only_open_documents_are_published(client, passport):
    documents = read_project(client, passport.code)["cdu_response"]["documents"]
    assert [(document["title"], document["accessDetails"]) for document in documents] == [("Кошторис", "open")]
    text = client.get(f"{FEED}/{passport.code}").content.decode()
    assert "Обмежений звіт" not in text
    assert "Закритий акт" not in text
    assert documents[0]["documentType"] == "document"
    assert documents[0]["format"] == "application/pdf"
    download = client.get(documents[0]["url"])
    download.close()
    assert download.status_code == 200


def test_a_code_that_does_not_fit_a_uuid_is_listed_and_found_by_its_code(client, cast):
    project = services.register_project(
        actor=cast.bucha_editor,
        initiator=cast.bucha,
        title_uk="Імпортований проєкт",
        purpose="restoration",
        type="rehabilitation",
        sector="ES",
        code="DREAM-UA-010125-ZZ00ZZ00",
    )
    [item] = read_feed(client)
    assert item["internal"] == {
        "id": str(uuid.uuid5(dream_compat.NAMESPACE, f"1/{project.code}/")),
        "code": project.code,
    }
    assert read_project(client, project.code)["internal"]["id"] == item["internal"]["id"]


# Investment objects.


def test_each_location_is_an_investment_object_the_project_links_to(client, passport):
    project = read_project(client, passport.code)["cdu_response"]
    [approach] = project["approaches"]
    items = approach["items"]
    assert [item["locations"][0]["gazetteer"] for item in items] == [
        {"scheme": "UA-CATOTTG", "identifiers": [BUCHA_CITY]},
        {"scheme": "UA-CATOTTG", "identifiers": [IRPINSKA_HROMADA]},
        {"scheme": "UA-CATOTTG", "identifiers": [BUCHA_CITY]},
    ]
    assert len({item["id"] for item in items}) == 3
    assert [(link["relationship"], link["identifier"]) for link in project["relatedProcesses"]] == [
        ("object", item["id"]) for item in items
    ]


def test_investment_object_validates_and_leads_back_to_its_project(client, cast, passport):
    [approach] = read_project(client, passport.code)["cdu_response"]["approaches"]
    for item in approach["items"]:
        found = read_object(client, item["id"])
        assert found["locations"] == item["locations"]
        assert found["status"] == "active"
        assert found["classification"] == {"scheme": "COFOG", "id": "09"}
        assert found["relatedProcesses"] == [
            {
                "id": str(dream_compat.project_id(passport.code)),
                "scheme": "UA-DREAM",
                "identifier": passport.code,
                "relationship": "idea",
            }
        ]
        assert [party["roles"] for party in found["parties"]] == [["balancer"]]


def test_investment_object_ids_survive_the_locations_being_saved_again(client, cast):
    project = project_in(cast, StatusDetail.DEFINITION)
    places = [services.LocationInput(territory=BUCHA_CITY), services.LocationInput(territory=IRPINSKA_HROMADA)]
    services.set_locations(actor=cast.bucha_editor, project=project, locations=places)
    before = read_project(client, project.code)["cdu_response"]["approaches"][0]["items"]
    services.set_locations(actor=cast.bucha_editor, project=project, locations=places)
    after = read_project(client, project.code)["cdu_response"]["approaches"][0]["items"]
    assert [item["id"] for item in after] == [item["id"] for item in before]


@pytest.mark.parametrize(
    ("state", "status"),
    [
        (StatusDetail.INITIATED, "identification"),
        (StatusDetail.APPRAISAL, "preparation"),
        (StatusDetail.COMMISSIONED, "complete"),
        (StatusDetail.WITHDRAWN, "identification"),
    ],
)
def test_investment_object_status_follows_its_project(client, cast, state, status):
    project = project_in(cast, state)
    [item] = read_project(client, project.code)["cdu_response"]["approaches"][0]["items"]
    assert read_object(client, item["id"])["status"] == status


# Organisations.


@pytest.mark.parametrize("prefix", ["", "UA-EDR-"])
def test_company_is_found_by_edrpou_and_by_its_party_id(client, cast, prefix):
    company = read_company(client, f"{prefix}{cast.bucha.edrpou}")
    assert company["id"] == cast.bucha.edrpou
    assert company["identifier"] == {"scheme": "UA-EDR", "id": cast.bucha.edrpou, "legalName": "Бучанська міська рада"}
    assert company["details"]["classifications"] == [
        {"scheme": "TED-CA", "id": "localBody", "description": "Орган місцевого самоврядування"}
    ]
    assert company["address"]["addressDetails"]["territory"] == {"scheme": "UA-CATOTTG", "id": BUCHANSKA_HROMADA}
    assert "persons" not in company
    assert "contactPoint" not in company


# What every response shares.


@pytest.fixture
def every_path(client, passport) -> list[str]:
    [approach] = read_project(client, passport.code)["cdu_response"]["approaches"]
    return [
        FEED,
        f"{FEED}?order=desc",
        f"{FEED}/{passport.code}",
        f"{FEED}/{dream_compat.project_id(passport.code)}",
        f"{PREFIX}/dream/objects/{approach['items'][0]['id']}",
        *(f"{PREFIX}/companies/{party.organisation.edrpou}" for party in passport.parties.all()),
    ]


def test_every_response_is_json_open_to_any_origin_with_an_etag(client, every_path):
    for path in every_path:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert client.get(path, headers={"If-None-Match": response["ETag"]}).status_code == 304
        assert client.head(path).status_code == 200


def test_no_response_names_a_user_of_the_system(client, cast, every_path):
    User.objects.filter(pk=cast.bucha_editor.pk).update(
        first_name="Олена", last_name="Приватна", email="olena.pryvatna@example.org"
    )
    people = [*User.objects.values_list("username", flat=True), "Олена", "Приватна", "olena.pryvatna"]
    for path in every_path:
        text = client.get(path).content.decode()
        assert [person for person in people if person in text] == [], path


KYIV_UNKNOWN = "UA80000000000000000"


def unknown_paths(passport: Project) -> list[str]:
    """Identifiers of the right form that name nothing, and identifiers of the wrong form."""
    made_up_code = "DREAM-UA-010125-00000000"
    object_of_made_up_project = dream_compat._investment_object_id(made_up_code, f"{BUCHA_CITY}#0")
    project_uuid = str(dream_compat.project_id(passport.code))
    forged = project_uuid[:-4] + ("0000" if not project_uuid.endswith("0000") else "1111")
    return [
        f"{FEED}/{made_up_code}",
        f"{FEED}/{dream_compat.project_id(made_up_code)}",
        f"{FEED}/{forged}",
        f"{FEED}/{uuid.uuid4()}",
        f"{FEED}/not-a-project",
        f"{PREFIX}/dream/objects/{project_uuid}",
        f"{PREFIX}/dream/objects/{object_of_made_up_project}",
        f"{PREFIX}/dream/objects/{dream_compat._investment_object_id(passport.code, f'{KYIV_UNKNOWN}#0')}",
        f"{PREFIX}/dream/objects/{uuid.uuid4()}",
        f"{PREFIX}/dream/objects/42",
        f"{PREFIX}/companies/00000000",
        f"{PREFIX}/companies/UA-EDR-",
    ]


def test_unknown_ids_are_not_found_with_a_json_reason(client, passport):
    for path in unknown_paths(passport):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        body = response.json()
        assert body["code"] == "not_found"
        assert path.rsplit("/", 1)[1] in body["detail"]


def test_the_api_only_reads(client, passport):
    response = client.post(f"{FEED}/{passport.code}", {})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_browser_may_send_conditional_headers_from_any_origin(client, db):
    response = client.options(FEED, headers={"Origin": "https://example.org"})
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def _ignore(**kwargs):
    """Stand in for closing old connections, which would end the transaction the threads share."""


@pytest.fixture
def shared_connection(db, monkeypatch):
    """Let other threads use the test's connection, as Django's live server does, so they see the test's data."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.inc_thread_sharing()
    monkeypatch.setattr("django.test.client.close_old_connections", _ignore)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield connection
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    request_started.disconnect(_ignore)
    request_finished.disconnect(_ignore)
    connection.dec_thread_sharing()


def test_ten_concurrent_clients_are_not_rate_limited(shared_connection, passport, every_path):
    def fetch(path: str) -> int:
        connections[DEFAULT_DB_ALIAS] = shared_connection
        return Client(HTTP_HOST="localhost").get(path).status_code

    paths = [path for path in every_path for _ in range(5)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(fetch, paths))
    assert statuses == [200] * len(paths)


# Query counts.


@pytest.mark.parametrize("size", [3, 30])
def test_feed_query_count_does_not_grow_with_the_page(client, cast, django_assert_num_queries, size):
    for _ in range(size):
        ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    with django_assert_num_queries(2):
        data = read_feed(client)
    assert len(data) == size


@pytest.mark.parametrize("rich", [False, True])
def test_detail_query_count_does_not_grow_with_the_project(client, cast, django_assert_num_queries, rich, request):
    project = request.getfixturevalue("passport") if rich else project_in(cast, StatusDetail.INITIATED)
    with django_assert_num_queries(9):
        read_project(client, project.code)


def test_investment_object_query_count(client, passport, django_assert_num_queries):
    [approach] = read_project(client, passport.code)["cdu_response"]["approaches"]
    with django_assert_num_queries(9):
        read_object(client, approach["items"][-1]["id"])


def test_feed_last_modified_is_the_latest_change_of_all(client, three):
    response = client.get(FEED, {"order": "desc", "from": read_feed(client)[-1]["external"]["updated"]})
    latest = max(project.updated_at for project in Project.objects.all())
    assert response["Last-Modified"] == http_date(latest.timestamp())


def test_company_query_count(client, cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        read_company(client, cast.bucha.edrpou)

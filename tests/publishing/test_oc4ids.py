"""The OC4IDS mapping: every state, every section, only open documents, and validation that names what is wrong."""

import hashlib
from datetime import date, datetime
from decimal import Decimal

import orjson
import pytest
from django.utils import timezone

from parties.models import OrganisationKind
from projects import lifecycle, services
from projects.codes import (
    AccessLevel,
    CostItem,
    DocumentType,
    FundingSourceCategory,
    FundingType,
    IndicatorKind,
    PartyRole,
    Phase,
    ProjectType,
    Status,
    StatusDetail,
)
from projects.exceptions import InvalidPassport
from projects.queries import get_project
from publishing import oc4ids
from publishing.exceptions import InvalidPackage
from publishing.oc4ids import codelist_problems, package, project_to_oc4ids, require_valid_project
from publishing.queries import iter_published_projects
from publishing.standards import codelist, oc4ids_project_validator, schema_problems
from tests.factories import (
    BUCHA_CITY,
    IRPINSKA_HROMADA,
    MINIMAL_PDF,
    PATHS,
    OrganisationFactory,
    ProjectFactory,
    png_bytes,
    project_in,
    walk,
)


def _published(project) -> dict:
    """Map the project as the API does: loaded whole, then mapped."""
    return project_to_oc4ids(get_project(project.code))


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


# The status of every state the life cycle reaches: the steps that reach it, the state, and the OC4IDS projectStatus.
STATUS_CASES = {
    "initiated": (PATHS[StatusDetail.INITIATED], Status.PENDING, StatusDetail.INITIATED, "identification"),
    "definition": (PATHS[StatusDetail.DEFINITION], Status.PENDING, StatusDetail.DEFINITION, "identification"),
    "defined": (PATHS[StatusDetail.DEFINED], Status.PENDING, StatusDetail.DEFINED, "identification"),
    "refused": (PATHS[StatusDetail.REFUSED], Status.PENDING, StatusDetail.REFUSED, "identification"),
    "appraisal": (PATHS[StatusDetail.APPRAISAL], Status.PENDING, StatusDetail.APPRAISAL, "preparation"),
    "appraised": (PATHS[StatusDetail.APPRAISED], Status.PENDING, StatusDetail.APPRAISED, "preparation"),
    "structuring": (PATHS[StatusDetail.STRUCTURING], Status.PENDING, StatusDetail.STRUCTURING, "preparation"),
    "structured": (PATHS[StatusDetail.STRUCTURED], Status.PENDING, StatusDetail.STRUCTURED, "preparation"),
    "applied": (PATHS[StatusDetail.APPLIED], Status.PENDING, StatusDetail.APPLIED, "preparation"),
    "approved": (PATHS[StatusDetail.APPROVED], Status.PENDING, StatusDetail.APPROVED, "preparation"),
    "implementation": (
        PATHS[StatusDetail.IMPLEMENTATION],
        Status.ACTIVE,
        StatusDetail.IMPLEMENTATION,
        "implementation",
    ),
    "commissioned": (PATHS[StatusDetail.COMMISSIONED], Status.COMPLETE, StatusDetail.COMMISSIONED, "completion"),
    "withdrawn": (PATHS[StatusDetail.WITHDRAWN], Status.CANCELLED, StatusDetail.WITHDRAWN, "cancelled"),
    "withdrawn-during-implementation": (
        (*PATHS[StatusDetail.IMPLEMENTATION], "cancel"),
        Status.CANCELLED,
        StatusDetail.WITHDRAWN,
        "cancelled",
    ),
    "terminated": (PATHS[StatusDetail.TERMINATED], Status.UNSUCCESSFUL, StatusDetail.TERMINATED, "cancelled"),
}


def _reachable_states() -> set[tuple[str, str]]:
    start = (Status.PENDING, StatusDetail.INITIATED)
    seen, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for name in lifecycle.steps_from(state):
            target = lifecycle.STEPS[name].target
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


def _project_after(cast, steps):
    return walk(project_in(cast, StatusDetail.INITIATED), cast, steps)


# Every state, every code table.


def test_the_status_cases_cover_every_state_the_life_cycle_reaches():
    assert {(status, details) for _, status, details, _ in STATUS_CASES.values()} == _reachable_states()


@pytest.mark.parametrize("case", STATUS_CASES.values(), ids=STATUS_CASES.keys())
def test_each_state_maps_to_its_oc4ids_status_and_keeps_ours(cast, case):
    steps, status, details, expected = case
    document = _published(_project_after(cast, steps))
    assert document["status"] == expected
    assert document["dreamStatus"] == {"status": status, "statusDetails": details}


@pytest.mark.parametrize("case", STATUS_CASES.values(), ids=STATUS_CASES.keys())
def test_a_project_in_each_state_is_valid_against_the_schema_and_the_codelists(cast, case):
    steps, *_ = case
    document = _published(_project_after(cast, steps))
    assert schema_problems(oc4ids_project_validator(), document) == []
    assert codelist_problems(document) == []


CODE_TABLES = {
    "PROJECT_STATUS": (oc4ids.PROJECT_STATUS, "projectStatus"),
    "PROJECT_SECTOR": (oc4ids.PROJECT_SECTOR, "projectSector"),
    "PARTY_ROLE": (oc4ids.PARTY_ROLE, "partyRole"),
    "DOCUMENT_TYPE": (oc4ids.DOCUMENT_TYPE, "documentType"),
    "FINANCING_PARTY_TYPE": (oc4ids.FINANCING_PARTY_TYPE, "financingPartyType"),
}


@pytest.mark.parametrize("table", CODE_TABLES.values(), ids=CODE_TABLES.keys())
def test_every_code_a_table_maps_to_is_in_its_oc4ids_codelist(table):
    mapping, name = table
    assert set(mapping.values()) - codelist("oc4ids", name) == set()


OUR_CODES = {
    "DOCUMENT_TYPE": (oc4ids.DOCUMENT_TYPE, DocumentType.values),
    "FINANCING_PARTY_TYPE": (oc4ids.FINANCING_PARTY_TYPE, FundingSourceCategory.values),
    "PARTY_ROLE": (oc4ids.PARTY_ROLE, PartyRole.values),
    "PHASE_PERIOD": (oc4ids.PHASE_PERIOD, Phase.values),
}


@pytest.mark.parametrize("table", OUR_CODES.values(), ids=OUR_CODES.keys())
def test_every_code_a_table_maps_from_is_one_of_ours(table):
    mapping, ours = table
    assert set(mapping) - set(ours) == set()


def test_every_phase_belongs_to_an_oc4ids_period():
    assert set(oc4ids.PHASE_PERIOD) == set(Phase.values)


SECTOR_CASES = {
    "ES": ["education"],
    "HQ": ["health"],
    "LU": ["energy", "energy.solar"],
    "LT": ["energy"],
    "TI": ["transport", "transport.road"],
    "WC": ["waterAndWaste"],
    "YH": ["socialHousing"],
}


@pytest.mark.parametrize(("code", "expected"), SECTOR_CASES.items(), ids=SECTOR_CASES.keys())
def test_wb_eco_sector_maps_to_the_oc4ids_sector_with_its_parent(cast, code, expected):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, sector=code)
    document = _published(project)
    assert document["sector"] == expected
    assert document["additionalClassifications"][0]["scheme"] == "WB-ECO"
    assert document["additionalClassifications"][0]["id"] == code


def test_sector_without_an_oc4ids_counterpart_is_left_out(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, sector="SA")
    document = _published(project)
    assert "sector" not in document
    assert document["additionalClassifications"][0]["id"] == "SA"


# One project with every section filled.


@pytest.fixture
def donor(db):
    return OrganisationFactory(kind=OrganisationKind.DONOR, name_uk="Європейський інвестиційний банк")


OPEN_PDF = MINIMAL_PDF + b"% open\n"
LIMITED_PDF = MINIMAL_PDF + b"% limited\n"
RESTRICTED_PDF = MINIMAL_PDF + b"% restricted\n"


def _attach(project, actor, title, content, *, document_type=DocumentType.DOCUMENT, access_level=AccessLevel.OPEN):
    return services.attach_document(
        actor=actor,
        project=project,
        title=title,
        document_type=document_type,
        content=content,
        filename="file.pdf" if content.startswith(b"%PDF") else "photo.png",
        access_level=access_level,
    )


@pytest.fixture
def rich(cast, donor):
    """A structured project with two places, three budget lines, three finance lines, five phases and documents."""
    editor = cast.bucha_editor
    project = ProjectFactory(
        actor=editor,
        initiator=cast.bucha,
        title_uk="Відновлення ліцею №3 у Бучі",
        title_en="Restoring Lyceum No. 3 in Bucha",
        description_en="A new roof and windows.",
        sector="ES",
        type=ProjectType.REHABILITATION,
        locations=[
            services.LocationInput(
                territory=BUCHA_CITY,
                latitude=Decimal("50.543210"),
                longitude=Decimal("30.212345"),
                address="вул. Шевченка, 1",
            ),
            services.LocationInput(territory=IRPINSKA_HROMADA),
        ],
    )
    services.set_budget(
        actor=editor,
        project=project,
        lines=[
            services.BudgetLineInput(cost_item=CostItem.DESIGN, year=2025, amount=Decimal("150000.50")),
            services.BudgetLineInput(cost_item=CostItem.CONSTRUCTION, year=2025, amount=Decimal("2000000.00")),
            services.BudgetLineInput(cost_item=CostItem.MAINTENANCE, year=2026, amount=Decimal("49999.50")),
        ],
    )
    services.set_finance(
        actor=editor,
        project=project,
        lines=[
            services.FinanceLineInput(
                source_category=FundingSourceCategory.LOCAL_BUDGET,
                funding_type=FundingType.STATE_FUNDS,
                amount=Decimal("200000.00"),
                is_committed=True,
            ),
            services.FinanceLineInput(
                source_category=FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
                funding_type=FundingType.INTERNATIONAL_PARTNERS,
                amount=Decimal("40000.00"),
                currency="EUR",
                financing_party=donor.edrpou,
                is_committed=True,
            ),
            services.FinanceLineInput(
                source_category=FundingSourceCategory.STATE_SUBSIDIES,
                funding_type=FundingType.STATE_FUNDS,
                amount=Decimal("1000000.00"),
                financing_party=cast.agency.edrpou,
            ),
        ],
    )
    services.set_phase_plan(
        actor=editor,
        project=project,
        phases=[
            services.PhaseInput(
                phase=Phase.IDENTIFICATION,
                planned_start=date(2025, 1, 1),
                planned_end=date(2025, 2, 28),
                actual_start=date(2025, 1, 10),
                actual_end=date(2025, 3, 5),
            ),
            services.PhaseInput(phase=Phase.SCOPING, planned_start=date(2025, 3, 1), planned_end=date(2025, 3, 31)),
            services.PhaseInput(phase=Phase.HEARINGS, planned_start=date(2025, 4, 1), planned_end=date(2025, 4, 15)),
            services.PhaseInput(
                phase=Phase.IMPLEMENTATION, planned_start=date(2025, 5, 1), planned_end=date(2026, 8, 31)
            ),
            services.PhaseInput(
                phase=Phase.COMMISSIONING, planned_start=date(2026, 9, 1), planned_end=date(2026, 10, 15)
            ),
        ],
    )
    services.set_indicators(
        actor=editor,
        project=project,
        indicators=[
            services.IndicatorInput(
                kind=IndicatorKind.NUMBER_OF_CONSUMERS, name="Учні", baseline=Decimal(0), target=Decimal(640)
            )
        ],
    )
    services.add_party(actor=editor, project=project, organisation=cast.agency, role=PartyRole.BALANCER)
    services.add_party(actor=editor, project=project, organisation=cast.lviv, role=PartyRole.DESIGNER)
    _attach(project, editor, "Відкритий кошторис", OPEN_PDF)
    _attach(project, editor, "Фото пошкоджень", png_bytes(2, 2), document_type=DocumentType.ILLUSTRATION_DAMAGED)
    _attach(project, editor, "Обмежений звіт", LIMITED_PDF, access_level=AccessLevel.LIMITED)
    _attach(project, editor, "Закритий висновок", RESTRICTED_PDF, access_level=AccessLevel.RESTRICTED)
    services.take_step(actor=editor, project=project, step="begin_definition", comment="Починаємо визначення.")
    services.take_step(actor=editor, project=project, step="complete_definition")
    return get_project(project.code)


def test_id_is_oc4ids_the_registered_prefix_and_the_project_code(cast, settings):
    settings.DREAM_OC4IDS_PREFIX = "x7tq9a"
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    document = _published(project)
    assert document["id"] == f"oc4ids-x7tq9a-{project.code}"
    assert document["identifiers"] == [{"id": project.code, "scheme": "DREAM"}]


def test_passport_fields_keep_our_codes_beside_the_oc4ids_ones(rich):
    document = project_to_oc4ids(rich)
    assert document["title"] == "Відновлення ліцею №3 у Бучі"
    assert document["description"] == rich.description_uk
    assert document["language"] == "uk"
    assert document["type"] == "rehabilitation"
    assert document["dreamType"] == "rehabilitation"
    assert document["dreamPurpose"] == "restoration"
    assert document["purpose"] == rich.get_purpose_display()
    assert document["dreamTranslations"] == {
        "en": {"title": "Restoring Lyceum No. 3 in Bucha", "description": "A new roof and windows."}
    }
    assert _moment(document["updated"]) == rich.updated_at


def test_project_type_without_an_oc4ids_counterpart_is_kept_only_as_ours(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, type=ProjectType.EQUIPMENT)
    document = _published(project)
    assert "type" not in document
    assert document["dreamType"] == "equipment"


def test_parties_carry_edrpou_identifiers_and_their_oc4ids_roles(cast, donor, rich):
    parties = {party["id"]: party for party in project_to_oc4ids(rich)["parties"]}
    assert parties == {
        f"UA-EDR-{cast.bucha.edrpou}": {
            "id": f"UA-EDR-{cast.bucha.edrpou}",
            "name": "Бучанська міська рада",
            "identifier": {"scheme": "UA-EDR", "id": cast.bucha.edrpou, "legalName": "Бучанська міська рада"},
            "roles": ["publicAuthority"],
            "dreamRoles": ["initiator"],
        },
        f"UA-EDR-{donor.edrpou}": {
            "id": f"UA-EDR-{donor.edrpou}",
            "name": "Європейський інвестиційний банк",
            "identifier": {"scheme": "UA-EDR", "id": donor.edrpou, "legalName": "Європейський інвестиційний банк"},
            "roles": ["funder"],
        },
        f"UA-EDR-{cast.agency.edrpou}": {
            "id": f"UA-EDR-{cast.agency.edrpou}",
            "name": "Агентство відновлення",
            "identifier": {"scheme": "UA-EDR", "id": cast.agency.edrpou, "legalName": "Агентство відновлення"},
            "roles": ["administrativeEntity", "funder"],
            "dreamRoles": ["balancer"],
        },
        f"UA-EDR-{cast.lviv.edrpou}": {
            "id": f"UA-EDR-{cast.lviv.edrpou}",
            "name": "Львівська міська рада",
            "identifier": {"scheme": "UA-EDR", "id": cast.lviv.edrpou, "legalName": "Львівська міська рада"},
            "roles": ["designer"],
            "dreamRoles": ["designer"],
        },
    }


def test_every_organisation_reference_names_an_entry_of_parties(rich):
    document = project_to_oc4ids(rich)
    parties = {party["id"]: party["name"] for party in document["parties"]}
    references = [document["publicAuthority"]] + [
        line["financingParty"] for line in document["budget"]["finance"] if "financingParty" in line
    ]
    assert len(references) == 3
    assert all(parties[reference["id"]] == reference["name"] for reference in references)


def test_public_authority_is_the_initiator(cast, rich):
    assert project_to_oc4ids(rich)["publicAuthority"] == {
        "id": f"UA-EDR-{cast.bucha.edrpou}",
        "name": "Бучанська міська рада",
    }


def test_locations_carry_the_katottg_code_and_a_point_in_longitude_latitude_order(rich):
    first, second = project_to_oc4ids(rich)["locations"]
    assert first["gazetteer"] == {"scheme": "UA-CATOTTG", "identifiers": [BUCHA_CITY]}
    assert first["geometry"] == {"type": "Point", "coordinates": [30.212345, 50.54321]}
    assert first["address"]["streetAddress"] == "вул. Шевченка, 1"
    assert first["address"]["countryName"] == "Україна"
    assert first["description"].startswith("вул. Шевченка, 1, ")
    assert second["gazetteer"] == {"scheme": "UA-CATOTTG", "identifiers": [IRPINSKA_HROMADA]}
    assert "geometry" not in second
    assert "streetAddress" not in second["address"]


def test_budget_amount_is_the_sum_of_the_budget_lines_each_listed_in_the_breakdown(rich):
    budget = project_to_oc4ids(rich)["budget"]
    (breakdown,) = budget["budgetBreakdowns"]
    lines = breakdown["budgetBreakdown"]
    assert budget["amount"] == {"amount": 2200000.0, "currency": "UAH"}
    assert sum(line["amount"]["amount"] for line in lines) == budget["amount"]["amount"]
    assert [(line["description"], line["amount"]) for line in lines] == [
        ("design (capex) 2025", {"amount": 150000.5, "currency": "UAH"}),
        ("construction (capex) 2025", {"amount": 2000000.0, "currency": "UAH"}),
        ("maintenance (opex) 2026", {"amount": 49999.5, "currency": "UAH"}),
    ]
    assert lines[2]["period"] == {"startDate": "2026-01-01T00:00:00Z", "endDate": "2026-12-31T23:59:59Z"}
    assert len({line["id"] for line in lines}) == 3


def test_finance_lines_carry_their_value_source_and_financing_party(cast, donor, rich):
    finance = project_to_oc4ids(rich)["budget"]["finance"]
    assert [
        (line["value"], line["source"], line.get("financingPartyType"), line.get("financingParty")) for line in finance
    ] == [
        ({"amount": 200000.0, "currency": "UAH"}, "localBudget", "institutional", None),
        (
            {"amount": 40000.0, "currency": "EUR"},
            "internationalOrganization",
            "multilateral",
            {"id": f"UA-EDR-{donor.edrpou}", "name": "Європейський інвестиційний банк"},
        ),
        (
            {"amount": 1000000.0, "currency": "UAH"},
            "stateSubsidies",
            "institutional",
            {"id": f"UA-EDR-{cast.agency.edrpou}", "name": "Агентство відновлення"},
        ),
    ]
    assert finance[1]["dreamFinance"] == {
        "sourceCategory": "internationalOrganization",
        "fundingType": "internationalPartners",
        "isCommitted": True,
    }
    assert finance[2]["dreamFinance"]["isCommitted"] is False


def test_finance_source_without_a_financing_party_type_leaves_it_out(cast):
    project = project_in(cast, StatusDetail.INITIATED)
    services.set_finance(
        actor=cast.bucha_editor,
        project=project,
        lines=[
            services.FinanceLineInput(
                source_category=FundingSourceCategory.NONE, funding_type=FundingType.STATE_FUNDS, amount=Decimal(0)
            )
        ],
    )
    (line,) = _published(project)["budget"]["finance"]
    assert line["source"] == "none"
    assert "financingPartyType" not in line


def test_phases_give_the_oc4ids_periods_and_the_period_spans_them(rich):
    document = project_to_oc4ids(rich)
    assert {name: document.get(name) for name in sorted(set(oc4ids.PHASE_PERIOD.values()) | {"period"})} == {
        "identificationPeriod": {"startDate": "2025-01-01T00:00:00Z", "endDate": "2025-02-28T23:59:59Z"},
        "preparationPeriod": {"startDate": "2025-03-01T00:00:00Z", "endDate": "2025-04-15T23:59:59Z"},
        "implementationPeriod": {"startDate": "2025-05-01T00:00:00Z", "endDate": "2026-08-31T23:59:59Z"},
        "completionPeriod": {"startDate": "2026-09-01T00:00:00Z", "endDate": "2026-10-15T23:59:59Z"},
        "maintenancePeriod": None,
        "decommissioningPeriod": None,
        "period": {"startDate": "2025-01-01T00:00:00Z", "endDate": "2026-10-15T23:59:59Z"},
    }


def test_phases_appear_as_delivery_milestones_met_when_they_ended(rich):
    milestones = [item for item in project_to_oc4ids(rich)["milestones"] if item["type"] == "delivery"]
    assert [(item["code"], item["status"], item["dueDate"], item.get("dateMet")) for item in milestones] == [
        ("identification", "met", "2025-02-28T23:59:59Z", "2025-03-05T00:00:00Z"),
        ("scoping", "scheduled", "2025-03-31T23:59:59Z", None),
        ("hearings", "scheduled", "2025-04-15T23:59:59Z", None),
        ("implementation", "scheduled", "2026-08-31T23:59:59Z", None),
        ("commissioning", "scheduled", "2026-10-15T23:59:59Z", None),
    ]


def test_decisions_appear_as_approval_milestones_with_their_comment(rich):
    milestones = [item for item in project_to_oc4ids(rich)["milestones"] if item["type"] == "approval"]
    transitions = list(rich.transitions.all())
    assert [
        (item["id"], item["code"], item["status"], _moment(item["dateMet"]), item.get("description"))
        for item in milestones
    ] == [
        (f"decision-{transitions[0].pk}", "begin_definition", "met", transitions[0].acted_at, "Починаємо визначення."),
        (f"decision-{transitions[1].pk}", "complete_definition", "met", transitions[1].acted_at, None),
    ]


def test_refusal_is_an_approval_milestone_with_the_reason(cast):
    document = _published(project_in(cast, StatusDetail.REFUSED))
    refusal = document["milestones"][-1]
    assert (refusal["type"], refusal["code"], refusal["description"]) == ("approval", "refuse", "Кошторис завищено.")


def test_indicators_appear_as_metrics_with_baseline_and_target(rich):
    (metric,) = project_to_oc4ids(rich)["metrics"]
    assert metric["title"] == "Учні"
    assert metric["observations"] == [
        {"id": "baseline", "measure": 0.0, "notes": "baseline"},
        {"id": "target", "measure": 640.0, "notes": "target"},
    ]


def test_only_open_documents_are_published(rich):
    documents = project_to_oc4ids(rich)["documents"]
    assert [(item["title"], item["documentType"], item["format"]) for item in documents] == [
        ("Відкритий кошторис", "document", "application/pdf"),
        ("Фото пошкоджень", "illustration", "image/png"),
    ]
    assert all(item["accessDetails"] == "open" for item in documents)
    assert documents[0]["url"].endswith(f"/projects/{rich.code}/documents/{documents[0]['id']}/")


def test_limited_and_restricted_documents_leave_no_trace_in_the_package(rich):
    body = orjson.dumps(package([project_to_oc4ids(rich)], uri="https://example.org/p", published=timezone.now()))
    hidden = [item for item in rich.documents.all() if item.access_level != AccessLevel.OPEN]
    assert [item.sha256 for item in hidden] == [
        hashlib.sha256(LIMITED_PDF).hexdigest(),
        hashlib.sha256(RESTRICTED_PDF).hexdigest(),
    ]
    for item in hidden:
        assert item.title.encode() not in body
        assert item.sha256.encode() not in body
        assert f"/documents/{item.pk}/".encode() not in body


def test_the_people_who_acted_are_never_named(cast, rich):
    body = orjson.dumps(project_to_oc4ids(rich))
    for user in (cast.bucha_editor, cast.kyiv_approver):
        assert user.username.encode() not in body


def test_only_a_complete_project_has_a_completion(cast):
    assert "completion" not in _published(project_in(cast, StatusDetail.IMPLEMENTATION))
    assert "completion" not in _published(project_in(cast, StatusDetail.TERMINATED))


def test_complete_project_ends_when_it_was_completed(cast):
    project = get_project(project_in(cast, StatusDetail.COMMISSIONED).code)
    completion = project_to_oc4ids(project)["completion"]
    completed = project.transitions.get(step="complete")
    assert _moment(completion["endDate"]) == completed.acted_at
    assert "finalScope" not in completion


def test_complete_project_ends_when_its_last_phase_actually_ended(cast):
    project = project_in(cast, StatusDetail.IMPLEMENTATION)
    services.set_phase_plan(
        actor=cast.bucha_editor,
        project=project,
        phases=[
            services.PhaseInput(
                phase=Phase.IDENTIFICATION,
                planned_start=date(2025, 1, 1),
                planned_end=date(2025, 3, 31),
                actual_end=date(2025, 3, 20),
            ),
            services.PhaseInput(
                phase=Phase.IMPLEMENTATION,
                planned_start=date(2025, 4, 1),
                planned_end=date(2025, 12, 31),
                actual_end=date(2026, 2, 14),
            ),
        ],
    )
    project = walk(project, cast, ["complete"])
    assert _published(project)["completion"]["endDate"] == "2026-02-14T23:59:59Z"


def test_an_unnamed_indicator_is_refused_so_every_project_stays_publishable(cast):
    # An OC4IDS metric needs a title: the indicator's name is required where it is entered.
    project = project_in(cast, StatusDetail.INITIATED)
    with pytest.raises(InvalidPassport, match="An indicator needs a name") as refused:
        services.set_indicators(
            actor=cast.bucha_editor,
            project=project,
            indicators=[
                services.IndicatorInput(kind=IndicatorKind.OTHER, name=" ", baseline=Decimal(1), target=Decimal(2))
            ],
        )
    assert refused.value.field == "indicators[0].name"
    assert schema_problems(oc4ids_project_validator(), _published(project)) == []


# Validation that names the project and the path.


@pytest.fixture
def initiated(cast):
    return get_project(ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha).code)


def test_require_valid_project_accepts_a_mapped_project(rich):
    require_valid_project(project_to_oc4ids(rich))


def test_require_valid_project_refuses_an_amount_of_the_wrong_type_naming_the_project_and_path(rich, monkeypatch):
    monkeypatch.setattr(oc4ids, "_money", lambda amount, currency: {"amount": str(amount), "currency": currency})
    document = project_to_oc4ids(rich)
    with pytest.raises(InvalidPackage) as refusal:
        require_valid_project(document)
    assert refusal.value.message.startswith(f"The OC4IDS project {document['id']} is not valid: ")
    assert "/budget/amount/amount: " in refusal.value.message
    assert refusal.value.code == "invalid_package"


def test_require_valid_project_refuses_an_unknown_status_naming_the_project_and_path(initiated, monkeypatch):
    monkeypatch.setitem(oc4ids.PROJECT_STATUS, (Status.PENDING, StatusDetail.INITIATED), "dormant")
    document = project_to_oc4ids(initiated)
    with pytest.raises(InvalidPackage) as refusal:
        require_valid_project(document)
    assert refusal.value.message.startswith(f"The OC4IDS project {document['id']} is not valid: /status: ")
    assert "dormant" in refusal.value.message


def test_require_valid_project_refuses_a_code_outside_an_open_codelist_naming_the_json_path(initiated, monkeypatch):
    # The schema lets any sector through (the codelist is open); the codelist check must still name where it is.
    monkeypatch.setitem(oc4ids.PROJECT_SECTOR, "E", "schooling")
    document = project_to_oc4ids(initiated)
    assert schema_problems(oc4ids_project_validator(), document) == []
    with pytest.raises(InvalidPackage) as refusal:
        require_valid_project(document)
    assert refusal.value.message.startswith(f"The OC4IDS project {document['id']} is not valid: /sector")
    assert "'schooling' is not in the projectSector codelist" in refusal.value.message


def _break(document: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    target = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value


CODELIST_CASES = {
    "projectStatus": ("status", "dormant"),
    "projectType": ("type", "demolition"),
    "projectSector": ("sector.0", "schooling"),
    "financingPartyType": ("budget.finance.1.financingPartyType", "crowd"),
    "milestoneType": ("milestones.0.type", "celebration"),
    "milestoneStatus": ("milestones.0.status", "postponed"),
    "currency": ("budget.finance.1.value.currency", "XYZ"),
}


@pytest.mark.parametrize(("name", "case"), CODELIST_CASES.items(), ids=CODELIST_CASES.keys())
def test_codelist_problems_catch_a_code_outside_its_codelist(rich, name, case):
    path, value = case
    document = project_to_oc4ids(rich)
    _break(document, path, value)
    assert [problem.message for problem in codelist_problems(document)] == [f"{value!r} is not in the {name} codelist"]


def test_codelist_problems_find_nothing_in_a_mapped_project(rich):
    assert codelist_problems(project_to_oc4ids(rich)) == []


# Publishing in bulk.


@pytest.mark.parametrize("total", [6, 7], ids=["whole-chunks", "partial-chunk"])
def test_iter_published_projects_yields_every_project_once_in_the_order_they_changed(cast, total):
    projects = [ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha) for _ in range(total)]
    services.update_passport(actor=cast.bucha_editor, project=projects[0], title_uk="Змінена назва")
    documents = list(iter_published_projects(chunk=3))
    assert [document["identifiers"][0]["id"] for document in documents] == [
        *(project.code for project in projects[1:]),
        projects[0].code,
    ]
    times = [_moment(document["updated"]) for document in documents]
    assert times == sorted(times)
    assert len(set(times)) == total

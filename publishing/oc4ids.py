"""The mapping of a project to an OC4IDS 0.9 project, and OC4IDS project packages.

docs/oc4ids-mapping.md is this mapping written down as a table, for publishers to review.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse

from contracting.models import ContractingProcess
from projects.codes import PartyRole, Phase, Status, StatusDetail
from projects.models import Document, Location, PhasePlan, Project, Transition
from projects.queries import public_documents
from projects.sectors import WB_ECO_SECTORS
from publishing.exceptions import InvalidPackage
from publishing.standards import (
    OC4IDS_VERSION,
    Problem,
    codelist,
    oc4ids_package_validator,
    oc4ids_project_validator,
    require_valid,
)

# OC4IDS projectStatus for each of our statuses and status details.
PROJECT_STATUS: dict[tuple[str, str], str] = {
    (Status.PENDING, StatusDetail.INITIATED): "identification",
    (Status.PENDING, StatusDetail.DEFINITION): "identification",
    (Status.PENDING, StatusDetail.DEFINED): "identification",
    (Status.PENDING, StatusDetail.REFUSED): "identification",
    (Status.PENDING, StatusDetail.APPRAISAL): "preparation",
    (Status.PENDING, StatusDetail.APPRAISED): "preparation",
    (Status.PENDING, StatusDetail.STRUCTURING): "preparation",
    (Status.PENDING, StatusDetail.STRUCTURED): "preparation",
    (Status.PENDING, StatusDetail.APPLIED): "preparation",
    (Status.PENDING, StatusDetail.APPROVED): "preparation",
    (Status.ACTIVE, StatusDetail.IMPLEMENTATION): "implementation",
    (Status.COMPLETE, StatusDetail.COMMISSIONED): "completion",
    (Status.CANCELLED, StatusDetail.WITHDRAWN): "cancelled",
    (Status.UNSUCCESSFUL, StatusDetail.TERMINATED): "cancelled",
}

# OC4IDS projectSector for WB-ECO codes: a two-letter code first, else its one-letter group.
PROJECT_SECTOR = {
    "E": "education",
    "H": "health",
    "L": "energy",
    "LU": "energy.solar",
    "LW": "energy.wind",
    "LH": "energy.hydropower",
    "LB": "energy.biomass",
    "LI": "energy.geothermal",
    "C": "communications",
    "W": "waterAndWaste",
    "B": "governance",
    "T": "transport",
    "TI": "transport.road",
    "TC": "transport.urban",
    "TW": "transport.rail",
    "TV": "transport.air",
    "TP": "transport.water",
    "Y": "economy",
    "YH": "socialHousing",
    "F": "economy",
    "A": "naturalResources",
}

# OC4IDS partyRole for our party roles; roles the standard has no code for keep our own code (the list is open).
PARTY_ROLE: dict[str, str] = {
    PartyRole.INITIATOR: "publicAuthority",
    PartyRole.BALANCER: "administrativeEntity",
    PartyRole.PROCURING_ENTITY: "procuringEntity",
    PartyRole.CONTRACTING_AUTHORITY: "buyer",
    PartyRole.SUPPLIER: "supplier",
    PartyRole.TENDERER: "tenderer",
}

# The OC4IDS period each phase of our plan belongs to.
PHASE_PERIOD: dict[str, str] = {
    Phase.IDENTIFICATION: "identificationPeriod",
    Phase.SCOPING: "preparationPeriod",
    Phase.HEARINGS: "preparationPeriod",
    Phase.BUDGETING: "preparationPeriod",
    Phase.PROCUREMENT_DECISION: "preparationPeriod",
    Phase.PROCUREMENT: "preparationPeriod",
    Phase.CLOSURE: "preparationPeriod",
    Phase.IMPLEMENTATION: "implementationPeriod",
    Phase.COMMISSIONING: "completionPeriod",
    Phase.LAUNCH: "completionPeriod",
    Phase.OPERATIONS: "maintenancePeriod",
    Phase.DISPOSAL_DECISION: "decommissioningPeriod",
    Phase.DISPOSAL: "decommissioningPeriod",
}

# OC4IDS documentType for the real system's document types (the list is open: unmatched types keep their code).
DOCUMENT_TYPE = {
    "designDocument": "designReport",
    "feasibilityStudy": "feasibilityStudy",
    "certification": "completionCertificate",
    "illustration": "illustration",
    "illustrationBefore": "illustration",
    "illustrationDamaged": "illustration",
    "illustrationInProgress": "illustration",
    "illustrationVision": "illustration",
    "illustrationComplete": "illustration",
    "illustrationCover": "illustration",
}

# OC4IDS financingPartyType for the funding source categories that name the kind of financing party.
FINANCING_PARTY_TYPE = {
    "internationalOrganization": "multilateral",
    "abroadState": "bilateral",
    "bilateralSupport": "bilateral",
    "abroadEntity": "commercial",
    "legalEntity": "commercial",
    "localBudget": "institutional",
    "stateCentralBudget": "institutional",
    "stateSpecialBudget": "institutional",
    "stateSubsidies": "institutional",
    "stateReserve": "institutional",
    "centralBudget": "institutional",
    "liquidationFund": "institutional",
    "united24": "institutional",
    "charityFunds": "other",
    "donorFunds": "other",
    "techAssistance": "other",
    "fundraisingPlatforms": "other",
}


# Steps that end or turn back a project: as milestones, approvals that were not met.
NEGATIVE_DECISIONS = frozenset({"refuse", "cancel", "terminate"})


# OC4IDS contractingProcessStatus for the OCDS tender status a process's record ends with.
PROCESS_STATUS = {
    "planning": "pre-award",
    "planned": "pre-award",
    "active": "pre-award",
    "complete": "active",
    "cancelled": "closed",
    "unsuccessful": "closed",
    "withdrawn": "closed",
}


def contracting_process(process: ContractingProcess, *, release_url: str) -> dict[str, Any]:
    """Summarise a contracting process for the project it serves: its ocid, status, value and releases."""
    summary: dict[str, Any] = {"ocid": process.ocid, "externalReference": process.tender_id}
    if process.title:
        summary["title"] = process.title
    if process.status in PROCESS_STATUS:
        summary["status"] = PROCESS_STATUS[process.status]
    if process.value_amount is not None and process.value_currency:
        summary["contractValue"] = _money(process.value_amount, process.value_currency)
    releases = [
        {"id": release.release_id, "tag": release.tags.split(), "date": _datetime(release.date), "url": release_url}
        for release in process.releases.all()
    ]
    return {"id": process.ocid, "summary": summary, **({"releases": releases} if releases else {})}


def oc4ids_id(project: Project) -> str:
    """Return the project's OC4IDS identifier: oc4ids-<registered prefix>-<project code>."""
    return f"oc4ids-{settings.DREAM_OC4IDS_PREFIX}-{project.code}"


def _datetime(value: date | datetime, *, end_of_day: bool = False) -> str:
    """Return an OC4IDS date-time; a plain date is its first moment, or its last when it ends a period."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.max.replace(microsecond=0) if end_of_day else time.min, tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _money(amount: Decimal, currency: str) -> dict[str, Any]:
    return {"amount": float(amount), "currency": currency}


def _organisation_id(edrpou: str) -> str:
    return f"UA-EDR-{edrpou}"


def _parties(project: Project) -> list[dict[str, Any]]:
    parties: dict[str, dict[str, Any]] = {}

    def party(organisation: Any) -> dict[str, Any]:
        key = _organisation_id(organisation.edrpou)
        if key not in parties:
            parties[key] = {
                "id": key,
                "name": organisation.name_uk,
                "identifier": {"scheme": "UA-EDR", "id": organisation.edrpou, "legalName": organisation.name_uk},
                "roles": [],
                "dreamRoles": [],
            }
        return parties[key]

    for role in project.parties.all():
        entry = party(role.organisation)
        mapped = PARTY_ROLE.get(role.role, role.role)
        if mapped not in entry["roles"]:
            entry["roles"].append(mapped)
        entry["dreamRoles"].append(role.role)
    for line in project.finance_lines.all():
        if line.financing_party is not None:
            entry = party(line.financing_party)
            if "funder" not in entry["roles"]:
                entry["roles"].append("funder")
    for entry in parties.values():
        if not entry["dreamRoles"]:
            del entry["dreamRoles"]
    return list(parties.values())


def _location(location: Location) -> dict[str, Any]:
    territory = location.territory
    place: dict[str, Any] = {
        "id": str(location.pk),
        "description": ", ".join(part for part in (location.address, territory.name_uk) if part),
        "gazetteer": {"scheme": "UA-CATOTTG", "identifiers": [territory.code]},
        "address": {"locality": territory.name_uk, "countryName": "Україна"},
    }
    if location.latitude is not None and location.longitude is not None:
        place["geometry"] = {"type": "Point", "coordinates": [float(location.longitude), float(location.latitude)]}
    if location.address:
        place["address"]["streetAddress"] = location.address
    return place


def _budget(project: Project) -> dict[str, Any] | None:
    lines = list(project.budget_lines.all())
    finance = list(project.finance_lines.all())
    if not lines and not finance:
        return None
    budget: dict[str, Any] = {}
    if lines:
        budget["amount"] = _money(project.estimated_cost_uah, "UAH")
        budget["budgetBreakdowns"] = [
            {
                "id": "costItems",
                "description": "Кошторис за статтями витрат і роками / Cost estimate by cost item and year",
                "budgetBreakdown": [
                    {
                        "id": str(line.pk),
                        "description": f"{line.cost_item} ({line.cost_type}) {line.year}",
                        "amount": _money(line.amount, line.currency),
                        "period": {
                            "startDate": _datetime(date(line.year, 1, 1)),
                            "endDate": _datetime(date(line.year, 12, 31), end_of_day=True),
                        },
                    }
                    for line in lines
                ],
            }
        ]
    if finance:
        budget["finance"] = [_finance(line) for line in finance]
    return budget


def _finance(line: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": str(line.pk),
        "title": line.get_source_category_display(),
        "value": _money(line.amount, line.currency),
        "source": line.source_category,
        "dreamFinance": {
            "sourceCategory": line.source_category,
            "fundingType": line.funding_type,
            "isCommitted": line.is_committed,
        },
    }
    if line.source_category in FINANCING_PARTY_TYPE:
        entry["financingPartyType"] = FINANCING_PARTY_TYPE[line.source_category]
    if line.financing_party is not None:
        entry["financingParty"] = {
            "id": _organisation_id(line.financing_party.edrpou),
            "name": line.financing_party.name_uk,
        }
    return entry


def _periods(phases: Iterable[PhasePlan]) -> dict[str, Any]:
    spans: dict[str, tuple[date, date]] = {}
    for phase in phases:
        name = PHASE_PERIOD[phase.phase]
        start, end = spans.get(name, (phase.planned_start, phase.planned_end))
        spans[name] = (min(start, phase.planned_start), max(end, phase.planned_end))
    periods = {
        name: {"startDate": _datetime(start), "endDate": _datetime(end, end_of_day=True)}
        for name, (start, end) in spans.items()
    }
    if spans:
        starts, ends = zip(*spans.values(), strict=True)
        periods["period"] = {"startDate": _datetime(min(starts)), "endDate": _datetime(max(ends), end_of_day=True)}
    return periods


def _milestones(transitions: Iterable[Transition], phases: Iterable[PhasePlan]) -> list[dict[str, Any]]:
    milestones = [
        {
            "id": f"phase-{phase.phase}",
            "title": phase.get_phase_display(),
            "type": "delivery",
            "code": phase.phase,
            "dueDate": _datetime(phase.planned_end, end_of_day=True),
            "status": "met" if phase.actual_end else "scheduled",
            **({"dateMet": _datetime(phase.actual_end)} if phase.actual_end else {}),
        }
        for phase in phases
    ]
    milestones += [
        {
            "id": f"decision-{transition.pk}",
            "title": transition.step.replace("_", " "),
            "type": "approval",
            "code": transition.step,
            "status": "notMet" if transition.step in NEGATIVE_DECISIONS else "met",
            "dateMet": _datetime(transition.acted_at),
            **({"description": transition.comment} if transition.comment else {}),
        }
        for transition in transitions
    ]
    return milestones


def _document(project: Project, document: Document) -> dict[str, Any]:
    path = reverse("portal:document", args=[project.code, document.pk])
    return {
        "id": str(document.pk),
        "documentType": DOCUMENT_TYPE.get(document.document_type, document.document_type),
        "title": document.title,
        "url": f"{settings.DREAM_PUBLIC_URL}{path}",
        "datePublished": _datetime(document.uploaded_at),
        "format": document.media_type,
        "accessDetails": "open",
    }


def _sectors(code: str) -> list[str]:
    sector = PROJECT_SECTOR.get(code) or PROJECT_SECTOR.get(code[:1])
    if sector is None:
        return []
    parent = sector.split(".", 1)[0]
    return [parent, sector] if parent != sector else [sector]


def project_to_oc4ids(
    project: Project, *, contracting_processes: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Map one project, loaded with `projects.queries.get_project`, to an OC4IDS project."""
    phases = list(project.phases.all())
    transitions = list(project.transitions.all())
    document: dict[str, Any] = {
        "id": oc4ids_id(project),
        "updated": _datetime(project.updated_at),
        "language": "uk",
        "identifiers": [{"id": project.code, "scheme": "DREAM"}],
        "title": project.title_uk,
        "status": PROJECT_STATUS[(project.status, project.status_details)],
        "dreamStatus": {"status": project.status, "statusDetails": project.status_details},
        "purpose": project.get_purpose_display(),
        "dreamPurpose": project.purpose,
        "additionalClassifications": [
            {"scheme": "WB-ECO", "id": project.sector, "description": WB_ECO_SECTORS[project.sector][1]}
        ],
        "publicAuthority": {"id": _organisation_id(project.initiator.edrpou), "name": project.initiator.name_uk},
        "parties": _parties(project),
    }
    document.update(_optional_sections(project, phases, transitions))
    if contracting_processes:
        document["contractingProcesses"] = contracting_processes
    return document


def _metrics(project: Project) -> list[dict[str, Any]]:
    return [
        {
            "id": str(indicator.pk),
            "title": indicator.name,
            "description": indicator.get_kind_display(),
            "observations": [
                {"id": "baseline", "measure": float(indicator.baseline), "notes": "baseline"},
                {"id": "target", "measure": float(indicator.target), "notes": "target"},
            ],
        }
        for indicator in project.indicators.all()
    ]


def _optional_sections(project: Project, phases: list[PhasePlan], transitions: list[Transition]) -> dict[str, Any]:
    """Return the sections of the OC4IDS project that exist only when the project has their data."""
    sections: dict[str, Any] = {"dreamType": project.type}
    if project.title_en or project.description_en:
        sections["dreamTranslations"] = {"en": {"title": project.title_en, "description": project.description_en}}
    if project.description_uk:
        sections["description"] = project.description_uk
    if project.type in {"construction", "rehabilitation", "replacement", "expansion"}:
        sections["type"] = project.type
    candidates = {
        "sector": _sectors(project.sector),
        "locations": [_location(location) for location in project.locations.all()],
        "budget": _budget(project),
        "milestones": _milestones(transitions, phases),
        "documents": [_document(project, item) for item in public_documents(project)],
        "metrics": _metrics(project),
    }
    sections.update({name: value for name, value in candidates.items() if value})
    sections.update(_periods(phases))
    if project.status == Status.COMPLETE:
        finished = [phase.actual_end for phase in phases if phase.actual_end]
        sections["completion"] = {
            "endDate": _datetime(max(finished), end_of_day=True) if finished else _datetime(transitions[-1].acted_at)
        }
    return sections


Coded = list[tuple[str, Any]]


def _finance_of(project: dict[str, Any]) -> list[dict[str, Any]]:
    finance: list[dict[str, Any]] = project.get("budget", {}).get("finance", [])
    return finance


def _currencies(project: dict[str, Any]) -> Coded:
    budget = project.get("budget", {})
    found: Coded = [("/budget/amount/currency", _get_currency(budget.get("amount")))]
    for group_index, group in enumerate(budget.get("budgetBreakdowns", [])):
        for line_index, line in enumerate(group.get("budgetBreakdown", [])):
            path = f"/budget/budgetBreakdowns/{group_index}/budgetBreakdown/{line_index}/amount/currency"
            found.append((path, _get_currency(line.get("amount"))))
    for index, finance in enumerate(_finance_of(project)):
        found.append((f"/budget/finance/{index}/value/currency", _get_currency(finance.get("value"))))
    return found


def _get_currency(value: dict[str, Any] | None) -> Any:
    return value.get("currency") if value else None


def _each(key: str, field: str) -> Any:
    return lambda project: [(f"/{key}/{i}/{field}", item.get(field)) for i, item in enumerate(project.get(key, []))]


# The codelists whose values the mapping emits, and the JSON path and value of each use in a project.
CODELIST_FIELDS = (
    ("projectStatus", lambda project: [("/status", project.get("status"))]),
    ("projectType", lambda project: [("/type", project.get("type"))]),
    ("projectSector", lambda project: [(f"/sector/{i}", code) for i, code in enumerate(project.get("sector", []))]),
    (
        "financingPartyType",
        lambda project: [
            (f"/budget/finance/{i}/financingPartyType", finance.get("financingPartyType"))
            for i, finance in enumerate(_finance_of(project))
        ],
    ),
    ("milestoneType", _each("milestones", "type")),
    ("milestoneStatus", _each("milestones", "status")),
    ("currency", _currencies),
)


def codelist_problems(project: dict[str, Any]) -> list[Problem]:
    """Return every code the project uses that its codelist file does not list, with the code's JSON path."""
    problems = []
    for name, uses_of in CODELIST_FIELDS:
        codes = codelist("oc4ids", name)
        problems += [
            Problem(path, f"{value!r} is not in the {name} codelist")
            for path, value in uses_of(project)
            if value is not None and value not in codes
        ]
    return problems


def require_valid_project(project: dict[str, Any]) -> None:
    """Refuse a project that breaks the OC4IDS schema or one of its codelists, naming the project and the path."""
    what = f"The OC4IDS project {project.get('id', '?')}"
    require_valid(oc4ids_project_validator(), project, what=what)
    problems = codelist_problems(project)
    if problems:
        raise InvalidPackage(f"{what} is not valid: {'; '.join(str(problem) for problem in problems[:5])}.")


def package(projects: list[dict[str, Any]], *, uri: str, published: datetime) -> dict[str, Any]:
    """Wrap OC4IDS projects in a project package, and refuse to return one that breaks the schema."""
    body = {
        "version": OC4IDS_VERSION,
        "uri": uri,
        "publishedDate": _datetime(published),
        "publisher": {"name": "DREAM", "uri": settings.DREAM_PUBLIC_URL},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "publicationPolicy": f"{settings.DREAM_PUBLIC_URL}/api/v1/docs",
        "projects": projects,
    }
    # NOTE: the official package schema wants at least one project, but a feed that has caught up has none to give;
    # such a page is answered with an empty list rather than an error, and the projects in it are checked one by one.
    if projects:
        names = ", ".join(project["identifiers"][0]["id"] for project in projects[:3])
        require_valid(oc4ids_package_validator(), body, what=f"The OC4IDS package of {names}")
    return body

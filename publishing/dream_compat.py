"""The DREAM-compatible public API: the real system's change feed, projects, investment objects and organisations.

The shapes follow the real system's public API description (DREAM-PUBLIC-API 1.0); where its live service behaves
differently from that archived description, this follows the live service, so that clients written for it work
unchanged:

- the feed is ordered by ascending time of change unless ``order=desc`` is asked;
- a page holds at most 1,000 items and has no link to the next one: a client passes the last ``updated`` it read as
  ``from``, which is exclusive (``order=desc`` reads it as "older than");
- every ``updated`` is unique and written in one form, ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC, so comparing the
  strings orders them as the times they name;
- a project is answered wrapped as ``{"internal": {...}, "cdu_response": {...}}``, the project itself being the
  ``cdu_response``.

Only public data is published: open documents, organisations, never a user of this system.
"""

import functools
import hashlib
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import orjson
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from dream.errors import DreamError, InvalidInput, NotFound
from parties.models import Organisation, OrganisationKind
from projects.codes import FundingSourceCategory, PartyRole, ProjectType, Status, StatusDetail
from projects.models import Document, FinanceLine, Location, Project, ProjectParty
from projects.queries import public_documents
from projects.sectors import WB_ECO_SECTORS
from publishing.http import open_cors, public_json
from territories.queries import latest_edition

# The most items one page of the change feed holds, as on the live service.
PAGE_SIZE = 1000

# Names the identifiers derived here, so that they are the same on every server and in every run.
NAMESPACE = uuid.UUID("db6e0519-5754-4392-bcf5-502ab2d95ad2")

INSTANT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# The statusDetails codes of the archived description; our reasons for closing (commissioned, withdrawn,
# terminated) are not among them, so a closed project carries its status alone.
PUBLISHED_STATUS_DETAILS = frozenset(
    {
        StatusDetail.INITIATED,
        StatusDetail.DEFINITION,
        StatusDetail.DEFINED,
        StatusDetail.APPRAISAL,
        StatusDetail.APPRAISED,
        StatusDetail.STRUCTURING,
        StatusDetail.STRUCTURED,
        StatusDetail.APPLIED,
        StatusDetail.REFUSED,
        StatusDetail.APPROVED,
        StatusDetail.IMPLEMENTATION,
    }
)

# The real system's codelist of project types names replacement and expansion "Rehabilitation", and its API
# description knows only rehabilitation, construction and equipment.
PROJECT_TYPES: dict[str, str] = {
    ProjectType.REPLACEMENT: ProjectType.REHABILITATION,
    ProjectType.EXPANSION: ProjectType.REHABILITATION,
}

# The archived description knows only the first thirteen funding source categories of the live codelist. The
# others are published as their nearest archived category; "none" is no money at all, so its lines are left out.
# NOTE: this loses the finer category; the finance line keeps its type and financing party.
FINANCE_CATEGORIES: dict[str, str | None] = {
    FundingSourceCategory.CENTRAL_BUDGET: FundingSourceCategory.STATE_CENTRAL_BUDGET,
    FundingSourceCategory.BILATERAL_SUPPORT: FundingSourceCategory.ABROAD_STATE,
    FundingSourceCategory.DONOR_FUNDS: FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
    FundingSourceCategory.TECH_ASSISTANCE: FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
    FundingSourceCategory.CHARITY_FUNDS: FundingSourceCategory.LEGAL_ENTITY,
    FundingSourceCategory.FUNDRAISING_PLATFORMS: FundingSourceCategory.LEGAL_ENTITY,
    FundingSourceCategory.NONE: None,
}

# An investment object must be classified by COFOG, and a project is classified by WB-ECO sector: the division
# (two digits) of COFOG that covers each WB-ECO sector group, with the few codes whose function differs.
COFOG_DIVISIONS = {
    "A": "04",  # Agriculture: economic affairs (04.2).
    "B": "01",  # Public administration: general public services.
    "C": "04",  # Communications: economic affairs (04.6).
    "E": "09",  # Education.
    "F": "04",  # Financial sector: economic affairs (04.1).
    "H": "07",  # Health.
    "L": "04",  # Energy and extractives: economic affairs (04.3, 04.4).
    "O": "04",  # Other sectors: economic affairs not elsewhere classified (04.9).
    "S": "10",  # Social protection.
    "T": "04",  # Transport: economic affairs (04.5).
    "W": "06",  # Water supply: housing and community amenities (06.3).
    "Y": "04",  # Industry, trade and services: economic affairs.
}
COFOG_DIVISIONS_BY_SECTOR = {
    "BG": "03",  # Law and justice: public order and safety.
    "FP": "01",  # Public administration of the financial sector: financial and fiscal affairs (01.1).
    "WA": "05",  # Sanitation: environmental protection (05.2).
    "WB": "05",  # Waste management: environmental protection (05.1).
    "YH": "06",  # Housing construction: housing and community amenities (06.1).
}

# The kinds of organisation that have a type of contracting authority (TED-CA, the real system's TED-TYPE list).
AUTHORITY_TYPES = {
    OrganisationKind.COMMUNITY: ("localBody", "Орган місцевого самоврядування"),
    OrganisationKind.REGIONAL_ADMINISTRATION: ("administration", "Адміністрація"),
    OrganisationKind.MINISTRY: ("ministry", "Міністерство"),
    OrganisationKind.AGENCY: ("centralBody", "Центральний орган виконавчої влади"),
    OrganisationKind.STATE_ENTERPRISE: ("enterprise", "Підприємство"),
    OrganisationKind.MUNICIPAL_ENTERPRISE: ("enterprise", "Підприємство"),
}

CORS_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


# Identifiers.
#
# The description wants a uuid for each project and investment object, and a client may come back with it, so the
# uuid must lead back to the project without a table that holds it: it is a version 8 (custom) uuid that carries the
# project's code (its date and its eight hexadecimal digits), what it names, and 66 bits of a hash that tell apart the
# objects of one project and turn away uuids this module did not make. Other identifiers need no way back and are
# name-based (version 5) uuids of the project's code and a stable key of the item.

_CODE = re.compile(r"DREAM-UA-(?P<day>\d{6})-(?P<suffix>[0-9A-F]{8})")
_PROJECT = 1
_INVESTMENT_OBJECT = 2


def _spread(payload: int) -> int:
    """Place 122 bits of payload around the version (8) and variant (RFC 9562) bits of a uuid."""
    high, middle, low = payload >> 74, (payload >> 62) & 0xFFF, payload & ((1 << 62) - 1)
    return high << 80 | 0x8 << 76 | middle << 64 | 0b10 << 62 | low


def _gather(value: int) -> int:
    """Take back the 122 bits of payload of a uuid made by ``_spread``."""
    return (value >> 80) << 74 | ((value >> 64) & 0xFFF) << 62 | value & ((1 << 62) - 1)


def _carrying_id(code: str, kind: int, key: str = "") -> uuid.UUID:
    name = f"{kind}/{code}/{key}"
    match = _CODE.fullmatch(code)
    if match is None:
        # NOTE: a code outside the DREAM-UA-DDMMYY-XXXXXXXX form with hexadecimal digits does not fit in a uuid; its
        # project gets a name-based id, listed in the feed but found only by its code.
        return uuid.uuid5(NAMESPACE, name)
    check = int.from_bytes(hashlib.sha256(name.encode()).digest()[:9], "big") >> 6
    payload = int(match["day"]) << 102 | int(match["suffix"], 16) << 70 | kind << 66 | check
    return uuid.UUID(int=_spread(payload))


def _carried_code(identifier: str, kind: int) -> tuple[str, uuid.UUID] | None:
    """Return the project code a uuid of this kind carries, and the uuid; None when it carries none."""
    try:
        value = uuid.UUID(identifier)
    except ValueError:
        return None
    if value.variant != uuid.RFC_4122 or value.version != 8:  # noqa: PLR2004 - the custom uuid version.
        return None
    payload = _gather(value.int)
    day, suffix, carried_kind = payload >> 102, (payload >> 70) & 0xFFFFFFFF, (payload >> 66) & 0xF
    if carried_kind != kind or day > 999_999:  # noqa: PLR2004 - DDMMYY has six digits.
        return None
    return f"DREAM-UA-{day:06d}-{suffix:08X}", value


def project_id(code: str) -> uuid.UUID:
    """Return the stable uuid of a project, from which its code can be read back."""
    return _carrying_id(code, _PROJECT)


def _investment_object_id(code: str, key: str) -> uuid.UUID:
    return _carrying_id(code, _INVESTMENT_OBJECT, key)


def _item_id(code: str, *key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in (code, *key))))


def _numbered(keys: Iterable[str]) -> list[str]:
    """Tell equal keys apart by how many came before: the same list gives the same keys after it is saved again."""
    seen: dict[str, int] = defaultdict(int)
    numbered = []
    for key in keys:
        numbered.append(f"{key}#{seen[key]}")
        seen[key] += 1
    return numbered


# Values.


def instant(value: datetime) -> str:
    """Write a moment in the one form every date-time here takes: UTC with six digits of the second's fraction."""
    return value.astimezone(UTC).strftime(INSTANT_FORMAT)


def _day_start(day: date) -> str:
    """Write the start of a day in Ukraine, where the dates of projects, budgets and phases are kept."""
    return instant(datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone()))


def _day_end(day: date) -> str:
    return instant(datetime.combine(day, time.max, tzinfo=timezone.get_default_timezone()))


def _parse_instant(text: str) -> datetime | None:
    """Read the ``from`` of the feed: any ISO 8601 date-time; one without an offset is UTC, as the feed writes."""
    if not text:
        return None
    candidates = [text]
    if " " in text:
        # A "+" of an offset that the client did not escape arrives as a space.
        candidates.append("+".join(text.rsplit(" ", 1)))
    for candidate in candidates:
        try:
            value = datetime.fromisoformat(candidate)
            return (value if timezone.is_aware(value) else value.replace(tzinfo=UTC)).astimezone(UTC)
        except (ValueError, OverflowError):
            continue
    raise InvalidInput(
        f"from={text!r} is not a date-time; pass the last 'updated' of the page you read, such as "
        f"'2023-09-08T09:37:53.882914Z'.",
        code="invalid_from",
        field="from",
    )


def _texts(uk: str, en: str, *, required: bool = False) -> list[dict[str, str]]:
    """Return a multilingual array: the Ukrainian text, then the English one, each where it is written."""
    texts = [{"lang": lang, "translation": text} for lang, text in (("uk", uk), ("en", en)) if text]
    if not texts and required:
        return [{"lang": "uk", "translation": ""}]
    return texts


def _amount(value: Decimal) -> float:
    return float(value)


def _party_id(organisation: Organisation) -> str:
    return f"UA-EDR-{organisation.edrpou}"


def _identifier(organisation: Organisation) -> dict[str, str]:
    return {"scheme": "UA-EDR", "id": organisation.edrpou, "legalName": organisation.name_uk}


def _sector(project: Project) -> dict[str, str]:
    names = WB_ECO_SECTORS.get(project.sector)
    classification = {"scheme": "WB-ECO", "id": project.sector}
    if names:
        classification["description"] = names[0]
    return classification


def _cofog_division(sector: str) -> str:
    return COFOG_DIVISIONS_BY_SECTOR.get(sector) or COFOG_DIVISIONS.get(sector[:1], "04")


# Investment objects.


@dataclass(frozen=True)
class InvestmentObject:
    """An asset the project builds or restores, with its stable id."""

    id: uuid.UUID
    location: Location


def investment_objects(project: Project) -> list[InvestmentObject]:
    """Return the project's investment objects: one for each of its locations.

    NOTE: the model holds no investment objects of its own yet, so each project is published as one approach whose
    items are its locations. An object's id is kept from its project's code, its territory and how many locations
    of the same territory come before it, so it survives the locations being saved again.
    """
    locations = list(project.locations.all())
    keys = _numbered(location.territory_id for location in locations)
    return [
        InvestmentObject(id=_investment_object_id(project.code, key), location=location)
        for key, location in zip(keys, locations, strict=True)
    ]


def _place(location: Location, lang: str) -> str:
    name = location.territory.name_uk if lang == "uk" else location.territory.name_en
    return ", ".join(part for part in (location.address, name) if part)


def _gazetteer(location: Location) -> dict[str, Any]:
    return {
        "gazetteer": {"scheme": "UA-CATOTTG", "identifiers": [location.territory_id]},
        "description": _place(location, "uk"),
    }


def _object_titles(project: Project, location: Location) -> list[dict[str, str]]:
    return _texts(
        f"{project.title_uk} — {_place(location, 'uk')}",
        f"{project.title_en} — {_place(location, 'en')}" if project.title_en else "",
    )


# Loading.


def _load_project(code: str) -> Project | None:
    """Return the project with everything its publication shows, in a fixed number of queries."""
    return (
        Project.objects.prefetch_related(
            Prefetch("locations", queryset=Location.objects.select_related("territory")),
            "budget_lines",
            Prefetch("finance_lines", queryset=FinanceLine.objects.select_related("financing_party")),
            "phases",
            "indicators",
            Prefetch("parties", queryset=ProjectParty.objects.select_related("organisation").order_by("id")),
            Prefetch("documents", queryset=Document.objects.order_by("id")),
        )
        .filter(code=code)
        .first()
    )


def _find_project(identifier: str) -> Project:
    """Return the project that a DREAM code or a project uuid names."""
    carried = _carried_code(identifier, _PROJECT)
    code = carried[0] if carried else identifier.strip().upper()
    project = _load_project(code)
    if project is None or (carried is not None and project_id(project.code) != carried[1]):
        raise NotFound(f"No DREAM project has the id or code {identifier!r}.")
    return project


def _last_modified(project: Project, organisations: Iterable[Organisation]) -> datetime:
    """Return the latest change of anything the publication of a project shows, place names included."""
    times = [project.updated_at, *(organisation.updated_at for organisation in organisations)]
    edition = latest_edition()
    if edition is not None:
        times.append(edition.loaded_at)
    return max(times)


# The project.


def _parties(project: Project) -> list[dict[str, Any]]:
    roles: dict[int, list[str]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for party in project.parties.all():
        organisations[party.organisation_id] = party.organisation
        roles[party.organisation_id].append(party.role)
    return [
        {
            "id": _party_id(organisation),
            "roles": sorted(roles[key], key=PartyRole.values.index),
            "identifier": _identifier(organisation),
        }
        for key, organisation in organisations.items()
    ]


def _metrics(project: Project) -> list[dict[str, Any]]:
    indicators = list(project.indicators.all())
    if not indicators:
        return []
    keys = _numbered(f"{indicator.kind}/{indicator.name}" for indicator in indicators)
    observations = [
        {
            "id": _item_id(project.code, "indicator", key),
            "notes": indicator.name,
            "dimensions": {
                "basicValue": _amount(indicator.baseline),
                "targetValue": _amount(indicator.target),
                "characteristic": indicator.kind,
            },
        }
        for key, indicator in zip(keys, indicators, strict=True)
    ]
    return [{"id": "initiationMetricsSocialAndEconomic", "observations": observations}]


def _targets(project: Project) -> list[dict[str, Any]]:
    phases = list(project.phases.all())
    if not phases:
        return []
    observations = [
        {
            "id": _item_id(project.code, "phase", phase.phase),
            # Both planned dates are days of the phase.
            "period": {"durationInDays": (phase.planned_end - phase.planned_start).days + 1},
            "dimensions": {"phaseCode": phase.phase},
        }
        for phase in phases
    ]
    return [{"id": "initiationPhases", "observations": observations}]


def _documents(request: HttpRequest, project: Project) -> list[dict[str, Any]]:
    return [
        {
            "id": _item_id(project.code, "document", document.pk),
            "url": request.build_absolute_uri(reverse("portal:document", args=[project.code, document.pk])),
            "format": document.media_type,
            "title": document.title,
            "datePublished": instant(document.uploaded_at),
            "dateModified": instant(document.uploaded_at),
            "documentType": document.document_type,
            "accessDetails": document.access_level,
        }
        for document in public_documents(project)
    ]


def _budget_period(project: Project) -> dict[str, str]:
    """Return the span of the project's spending: its budget years, else its phase plan, else its first year.

    The description wants a period on every finance line, which ours do not hold: the money is for the budget.
    """
    years = [line.year for line in project.budget_lines.all()]
    if years:
        return {"startDate": _day_start(date(min(years), 1, 1)), "endDate": _day_end(date(max(years), 12, 31))}
    phases = list(project.phases.all())
    if phases:
        return {
            "startDate": _day_start(min(phase.planned_start for phase in phases)),
            "endDate": _day_end(max(phase.planned_end for phase in phases)),
        }
    year = project.registered_on.year
    return {"startDate": _day_start(project.registered_on), "endDate": _day_end(date(year, 12, 31))}


def _budget(project: Project) -> dict[str, Any]:
    lines = list(project.budget_lines.all())
    keys = _numbered(f"{line.cost_item}/{line.cost_type}/{line.year}" for line in lines)
    breakdown = [
        {
            "id": _item_id(project.code, "budget", key),
            "amount": {"amount": _amount(line.amount), "currency": line.currency},
            "period": {"startDate": _day_start(date(line.year, 1, 1)), "endDate": _day_end(date(line.year, 12, 31))},
            "classifications": {"costItem": line.cost_item, "costType": line.cost_type},
        }
        for key, line in zip(keys, lines, strict=True)
    ]

    finance = []
    lines_of_money = list(project.finance_lines.all())
    finance_keys = _numbered(
        f"{line.source_category}/{line.funding_type}/{line.financing_party.edrpou if line.financing_party else ''}"
        for line in lines_of_money
    )
    for key, line in zip(finance_keys, lines_of_money, strict=True):
        category = FINANCE_CATEGORIES.get(line.source_category, line.source_category)
        if category is None:
            continue
        item: dict[str, Any] = {
            "id": _item_id(project.code, "finance", key),
            "value": {"amount": _amount(line.amount), "currency": line.currency},
            "period": _budget_period(project),
            "financeType": line.funding_type,
            "financeCategory": category,
        }
        if line.financing_party is not None:
            item["financingParty"] = {"id": _party_id(line.financing_party), "name": line.financing_party.name_uk}
        finance.append(item)

    budget: dict[str, Any] = {}
    if breakdown:
        budget["budgetBreakdown"] = breakdown
    if finance:
        budget["finance"] = finance
    return budget


def _approach(project: Project, objects: Sequence[InvestmentObject]) -> dict[str, Any]:
    approach: dict[str, Any] = {"id": _item_id(project.code, "approach"), "title": project.title_uk}
    if project.description_uk:
        approach["description"] = project.description_uk
    if objects:
        approach["items"] = [
            {
                "id": str(investment_object.id),
                "description": _object_titles(project, investment_object.location)[0]["translation"],
                "locations": [_gazetteer(investment_object.location)],
            }
            for investment_object in objects
        ]
    budget = _budget(project)
    if budget:
        approach["budget"] = budget
    return approach


def project_document(request: HttpRequest, project: Project) -> dict[str, Any]:
    """Return the project in the shape of the description's project (the ``cdu_response``)."""
    objects = investment_objects(project)
    document: dict[str, Any] = {
        "date": _day_start(project.registered_on),
        "updated": instant(project.updated_at),
        "type": PROJECT_TYPES.get(project.type, project.type),
        "title": _texts(project.title_uk, project.title_en, required=True),
        "description": _texts(project.description_uk, project.description_en, required=True),
        "purpose": project.purpose,
        "status": project.status,
    }
    if project.status_details in PUBLISHED_STATUS_DETAILS:
        document["statusDetails"] = project.status_details

    # The description allows no empty arrays: a list with nothing in it is left out.
    optional = {
        "metrics": _metrics(project),
        "parties": _parties(project),
        "targets": _targets(project),
        "documents": _documents(request, project),
        "approaches": [_approach(project, objects)],
        "additionalClassifications": [_sector(project)],
        "relatedProcesses": [
            {
                "id": str(investment_object.id),
                "scheme": "UA-DREAM",
                "identifier": str(investment_object.id),
                "relationship": "object",
            }
            for investment_object in objects
        ],
    }
    document.update({name: value for name, value in optional.items() if value})
    return document


def _organisations_shown(project: Project) -> list[Organisation]:
    financing = [line.financing_party for line in project.finance_lines.all() if line.financing_party is not None]
    return [party.organisation for party in project.parties.all()] + financing


# The investment object.


def _object_status(project: Project) -> str:
    """Return the state of the asset: identified, being prepared, under works, or restored.

    An asset whose project was cancelled or failed is back where it started: identified, waiting for a project.
    """
    if project.status == Status.ACTIVE:
        return "active"
    if project.status == Status.COMPLETE:
        return "complete"
    if project.status == Status.PENDING and project.status_details not in {
        StatusDetail.INITIATED,
        StatusDetail.DEFINITION,
        StatusDetail.DEFINED,
    }:
        return "preparation"
    return "identification"


def object_document(project: Project, investment_object: InvestmentObject) -> dict[str, Any]:
    """Return an investment object in the shape of the description's functional object."""
    location = investment_object.location
    balancers = [party for party in _parties(project) if PartyRole.BALANCER in party["roles"]]
    document: dict[str, Any] = {
        "date": _day_start(project.registered_on),
        "updated": instant(project.updated_at),
        "status": _object_status(project),
        "title": _object_titles(project, location),
        "classification": {"scheme": "COFOG", "id": _cofog_division(project.sector)},
        "additionalClassifications": [_sector(project)],
        "locations": [_gazetteer(location)],
        "relatedProcesses": [
            {
                "id": str(project_id(project.code)),
                "scheme": "UA-DREAM",
                "identifier": project.code,
                "relationship": "idea",
            }
        ],
    }
    if balancers:
        document["parties"] = [{**party, "roles": [PartyRole.BALANCER.value]} for party in balancers]
    return document


# The organisation.


def company_document(organisation: Organisation) -> dict[str, Any]:
    """Return an organisation in the shape of the description's company profile: no persons and no contacts."""
    document: dict[str, Any] = {
        "id": organisation.edrpou,
        "updated": instant(organisation.updated_at),
        "identifier": _identifier(organisation),
    }
    authority_type = AUTHORITY_TYPES.get(OrganisationKind(organisation.kind))
    if authority_type is not None:
        code, name = authority_type
        document["details"] = {"classifications": [{"scheme": "TED-CA", "id": code, "description": name}]}
    if organisation.territory_id:
        document["address"] = {
            "addressDetails": {"territory": {"scheme": "UA-CATOTTG", "id": organisation.territory_id}}
        }
    return document


# HTTP.


def _error(status: int, body: dict[str, Any]) -> HttpResponse:
    return open_cors(HttpResponse(orjson.dumps(body), status=status, content_type="application/json"))


def public_read(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public read: GET and HEAD to anyone, a CORS preflight, and errors as ``{"detail", "code"}``."""

    @csrf_exempt
    @functools.wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            preflight = open_cors(HttpResponse(status=HTTPStatus.NO_CONTENT))
            for header, value in CORS_PREFLIGHT_HEADERS.items():
                preflight[header] = value
            return preflight
        if request.method not in {"GET", "HEAD"}:
            detail = f"{request.method} is not allowed: this API only reads; use GET."
            response = _error(HTTPStatus.METHOD_NOT_ALLOWED, {"detail": detail, "code": "method_not_allowed"})
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            return view(request, *args, **kwargs)
        except DreamError as error:
            return _error(error.status, error.as_dict())

    return serve


@public_read
def ideas(request: HttpRequest) -> HttpResponse:
    """Return a page of the change feed: projects by the time of their latest change, after ``from``."""
    order = (request.GET.get("order") or "asc").lower()
    if order not in {"asc", "desc"}:
        raise InvalidInput(f"order={order!r} is not asc or desc.", code="invalid_order", field="order")
    since = _parse_instant(request.GET.get("from", "").strip())

    projects = Project.objects.all()
    if since is not None:
        projects = projects.filter(updated_at__gt=since) if order == "asc" else projects.filter(updated_at__lt=since)
    rows = projects.order_by("updated_at" if order == "asc" else "-updated_at").values_list("code", "updated_at")
    data = [
        {"internal": {"id": str(project_id(code)), "code": code}, "external": {"updated": instant(updated)}}
        for code, updated in rows[:PAGE_SIZE]
    ]

    # Any change anywhere may change any page, so a page is as new as the latest change of all.
    latest = Project.objects.aggregate(latest=Max("updated_at"))["latest"]
    return public_json(request, {"data": data}, last_modified=latest)


@public_read
def idea(request: HttpRequest, identifier: str) -> HttpResponse:
    """Return one project, named by its uuid or its DREAM code, wrapped as the live service wraps it."""
    project = _find_project(identifier)
    body = {
        "internal": {
            "id": str(project_id(project.code)),
            "code": project.code,
            "status": f"{project.status}:{project.status_details}",
        },
        "cdu_response": project_document(request, project),
    }
    return public_json(request, body, last_modified=_last_modified(project, _organisations_shown(project)))


@public_read
def investment_object(request: HttpRequest, identifier: str) -> HttpResponse:
    """Return one investment object, named by the uuid its project lists among its related processes."""
    not_found = NotFound(f"No DREAM investment object has the id {identifier!r}.")
    carried = _carried_code(identifier, _INVESTMENT_OBJECT)
    if carried is None:
        raise not_found
    code, object_id = carried
    project = _load_project(code)
    if project is None:
        raise not_found
    found = next((item for item in investment_objects(project) if item.id == object_id), None)
    if found is None:
        raise not_found
    organisations = [party.organisation for party in project.parties.all()]
    return public_json(request, object_document(project, found), last_modified=_last_modified(project, organisations))


@public_read
def company(request: HttpRequest, identifier: str) -> HttpResponse:
    """Return an organisation, named by its EDRPOU code or by its party id in projects (``UA-EDR-`` and the code)."""
    edrpou = identifier.strip().removeprefix("UA-EDR-")
    organisation = Organisation.objects.filter(edrpou=edrpou).first()
    if organisation is None:
        raise NotFound(f"No organisation has the id or EDRPOU code {identifier!r}.")
    return public_json(request, company_document(organisation), last_modified=organisation.updated_at)

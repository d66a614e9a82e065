"""The public pages: the list of projects with filters, and each project's page."""

import gzip
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import plotly
from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import etag, require_safe
from plotly.offline import get_plotlyjs

from audit.queries import public_history
from contracting.queries import project_processes
from finance.chain import MoneyChain
from finance.reconcile import Contradiction, reconcile
from parties.models import Role
from portal.figures import map_figure
from portal.overview import SORTS, cached_public_page, choices_context, filters_from, oblast_choices, order_from
from portal.templatetags.portal import in_language
from projects import lifecycle
from projects.codes import AccessLevel, DocumentType, FundingSourceCategory
from projects.exceptions import ProjectNotFound
from projects.models import Document, Project
from projects.queries import MapPoint, get_project, list_projects, public_documents
from projects.sectors import WB_ECO_SECTORS
from publishing.files import MANIFEST

PAGE_SIZE = 25
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
READERS_OF_RESTRICTED = {Role.AUDITOR, Role.OPERATOR}
PHOTO_TYPES = {code for code in DocumentType.values if code.startswith("illustration")}
# plotly.js changes only with the installed plotly package, whose version is in the script's address and its ETag.
PLOTLY_CACHE_CONTROL = "public, max-age=31536000, immutable"


@cached_public_page
def project_list(request: HttpRequest) -> HttpResponse:
    """Show projects with filters; the filters live in the address, so a selection can be shared."""
    filters = filters_from(request)
    paginator = Paginator(list_projects(filters, order=order_from(request)), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    english = translation.get_language() == "en"
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "english": english,
        "oblasts": oblast_choices(english),
        "sorts": SORTS,
        "sort": request.GET.get("sort", ""),
        **choices_context(),
    }
    return render(request, "portal/project_list.html", context)


@cached_public_page
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show a project's public passport, life cycle, money plan, documents and history."""
    try:
        project = get_project(code)
    except ProjectNotFound as error:
        raise Http404(error.message) from error
    documents = public_documents(project)
    context = {
        "project": project,
        "english": translation.get_language() == "en",
        "sector_name": WB_ECO_SECTORS.get(project.sector, ("", ""))[translation.get_language() == "en"],
        "documents": documents,
        "history": public_history("project", project.code),
        "next_steps": lifecycle.steps_from((project.status, project.status_details)),
        "money": _money_section(project),
        "processes": list(project_processes(project.code)),
        "photos": [item for item in documents if item.document_type in PHOTO_TYPES],
        "timeline": _timeline(project),
        "location_map": _location_map(project),
    }
    return render(request, "portal/project_detail.html", context)


@dataclass(frozen=True)
class PhaseBar:
    """One phase of the timeline: its planned span and its actual one so far, as shares of the whole timeline."""

    name: str
    planned: tuple[date, date]
    actual: tuple[date, date | None] | None
    planned_left: float
    planned_width: float
    actual_left: float | None
    actual_width: float | None
    late_days: int


def _timeline(project: Project) -> list[PhaseBar]:
    """Lay the phases out on one time axis, planned against actual, for a chart drawn in plain HTML and CSS."""
    phases = list(project.phases.all())
    if not phases:
        return []
    today = timezone.localdate()
    first = min(min(item.planned_start, item.actual_start or item.planned_start) for item in phases)
    last = max(
        max(item.planned_end, item.actual_end or today if item.actual_start else item.planned_end) for item in phases
    )
    span = max((last - first).days, 1)

    def share(day: date) -> float:
        return round(100 * (day - first).days / span, 2)

    bars = []
    for item in phases:
        actual_end = item.actual_end or (today if item.actual_start else None)
        late = (actual_end - item.planned_end).days if actual_end and actual_end > item.planned_end else 0
        bars.append(
            PhaseBar(
                name=in_language(item.get_phase_display()),
                planned=(item.planned_start, item.planned_end),
                actual=(item.actual_start, item.actual_end) if item.actual_start else None,
                planned_left=share(item.planned_start),
                planned_width=max(share(item.planned_end) - share(item.planned_start), 0.5),
                actual_left=share(item.actual_start) if item.actual_start else None,
                actual_width=max(share(actual_end) - share(item.actual_start), 0.5)
                if item.actual_start and actual_end
                else None,
                late_days=late,
            )
        )
    return bars


def _location_map(project: Project) -> dict[str, Any] | None:
    """Draw the project's located places as points, or nothing when none has a point."""
    english = translation.get_language() == "en"
    points = [
        MapPoint(
            project.code,
            project.title_uk,
            project.title_en,
            project.status,
            project.sector,
            item.latitude,
            item.longitude,
        )
        for item in project.locations.all()
        if item.latitude is not None and item.longitude is not None
    ]
    if not points:
        return None
    return map_figure(
        points, colour_by="status", names={project.status: in_language(project.get_status_display())}, english=english
    )


@dataclass(frozen=True)
class ChainRow:
    """One step of the money chain as its table shows it."""

    name: str
    label: str
    original: list[tuple[str, Decimal]]
    uah: Decimal
    coverage_percent: Decimal | None


@dataclass(frozen=True)
class MoneySection:
    """What the project page shows of the money chain: its table, its contradictions and the figure of its flow."""

    status: str
    rows: list[ChainRow]
    funding_gap_uah: Decimal
    messages: tuple[str, ...]
    contradictions: list["ShownContradiction"]
    figure: dict[str, Any] | None


@dataclass(frozen=True)
class ShownContradiction:
    """A contradiction of the chain with its evidence as lines of text."""

    code: str
    message: str
    evidence: list[tuple[str, str]]

    @classmethod
    def of(cls, contradiction: Contradiction) -> "ShownContradiction":
        """Write each piece of evidence as text; a list as its items separated by commas."""
        evidence = [
            (key, ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value))
            for key, value in contradiction.evidence.items()
        ]
        return cls(code=contradiction.code, message=contradiction.message, evidence=evidence)


def _step_labels() -> dict[str, str]:
    return {
        "pledged": gettext("Pledged"),
        "committed": gettext("Committed"),
        "disbursed": gettext("Disbursed"),
        "contracted": gettext("Contracted"),
        "paid": gettext("Paid"),
    }


def _money_section(project: Project) -> MoneySection:
    """Reconcile the project's money chain and lay it out for the page: a table, and a Sankey figure of its flow."""
    reconciliation = reconcile(project)
    chain = reconciliation.chain
    labels = _step_labels()
    rows = [
        ChainRow(
            name=step.name,
            label=labels[step.name],
            original=list(step.total.original.items()),
            uah=step.total.uah,
            coverage_percent=None if step.coverage is None else step.coverage * 100,
        )
        for step in chain.steps
    ]
    return MoneySection(
        status=reconciliation.status,
        rows=rows,
        funding_gap_uah=chain.funding_gap_uah,
        messages=chain.messages,
        contradictions=[ShownContradiction.of(item) for item in reconciliation.contradictions],
        figure=None if chain.is_empty else _money_flow_figure(chain),
    )


def _money_flow_figure(chain: MoneyChain) -> dict[str, Any]:
    """Draw the chain as a Sankey diagram: each source to the commitments, then to contracts and payments, in UAH.

    What is left at a step flows to a node of its own ("committed, not contracted yet"); what a step holds beyond the
    one before it (payments above the contracts) flows in from a node that says so, so a contradiction shows too.
    """
    import plotly.graph_objects as go  # noqa: PLC0415 - plotly's figure classes load only for a page that draws.

    labels = _step_labels()
    nodes: list[str] = []
    links: dict[tuple[int, int], Decimal] = defaultdict(Decimal)

    def node(label: str) -> int:
        if label not in nodes:
            nodes.append(label)
        return nodes.index(label)

    def flow(source: str, target: str, value: Decimal) -> None:
        if value > 0:
            links[node(source), node(target)] += value

    categories = dict(FundingSourceCategory.choices)
    pledged: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    committed: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for step, into in (("pledged", pledged), ("committed", committed)):
        for amount in chain.step(step).amounts:
            into[amount.party, amount.source_category] += amount.uah or Decimal(0)
    for party, category in sorted({*pledged, *committed}):
        origin = f"{chain.parties.get(party, party)} · {categories.get(category, category)}"
        flow(origin, labels["committed"], committed[party, category])
        flow(origin, gettext("Pledged, not committed"), pledged[party, category] - committed[party, category])

    totals = {step.name: step.total.uah for step in chain.steps}
    for before, after, short, beyond in (
        (
            "committed",
            "contracted",
            gettext("Committed, not contracted yet"),
            gettext("Contracted beyond commitments"),
        ),
        ("contracted", "paid", gettext("Contracted, not paid yet"), gettext("Paid beyond contracts")),
    ):
        flow(labels[before], labels[after], min(totals[before], totals[after]))
        flow(labels[before], short, totals[before] - totals[after])
        flow(beyond, labels[after], totals[after] - totals[before])

    sankey = go.Sankey(
        valueformat=",.2f",
        valuesuffix=" UAH",
        node={"label": nodes, "pad": 18, "thickness": 16},
        link={
            "source": [source for source, _ in links],
            "target": [target for _, target in links],
            "value": [float(value) for value in links.values()],
        },
    )
    return {
        "data": [sankey.to_plotly_json()],
        "layout": {"margin": {"l": 8, "r": 8, "t": 8, "b": 8}, "height": 360, "font": {"size": 13}},
    }


def document(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    """Send a document's file: open ones to anyone, others only to auditors, operators and the initiator."""
    found = Document.objects.select_related("project").filter(pk=document_id, project__code=code).first()
    if found is None:
        raise Http404("No such document.")
    if found.access_level != AccessLevel.OPEN:
        user = request.user
        allowed = user.is_authenticated and (
            user.memberships.filter(role__in=READERS_OF_RESTRICTED).exists()
            or user.memberships.filter(organisation_id=found.project.initiator_id).exists()
        )
        if not allowed:
            raise Http404("No such document.")
    return FileResponse(found.file.open("rb"), content_type=found.media_type, filename=found.filename)


def _manifest() -> dict[str, Any]:
    path = Path(settings.DREAM_PUBLISH_DIR) / MANIFEST
    return orjson.loads(path.read_bytes()) if path.is_file() else {}


def downloads(request: HttpRequest) -> HttpResponse:
    """List the bulk open data files with their rows, sizes, hashes and dates."""
    manifest = _manifest()
    return render(request, "portal/downloads.html", {"manifest": manifest, "files": manifest.get("files", [])})


def download(request: HttpRequest, path: str) -> FileResponse:
    """Send one bulk file; only the files the manifest lists can be asked for."""
    folder = Path(settings.DREAM_PUBLISH_DIR)
    if path == MANIFEST and (folder / MANIFEST).is_file():
        return FileResponse((folder / MANIFEST).open("rb"), content_type="application/json")
    entry = next((entry for entry in _manifest().get("files", []) if entry["path"] == path), None)
    if entry is None:
        raise Http404("No such file in the publication.")
    response = FileResponse(
        (Path(settings.DREAM_PUBLISH_DIR) / entry["path"]).open("rb"), content_type=entry["mediaType"]
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache
def _plotly_gzipped() -> bytes:
    """Return the plotly.js the installed plotly package ships, gzipped once per process."""
    return gzip.compress(get_plotlyjs().encode(), compresslevel=9, mtime=0)


def _plotly_etag(request: HttpRequest) -> str:
    return f"plotly-{plotly.__version__}"


@require_safe
@etag(_plotly_etag)
def plotly_script(request: HttpRequest) -> HttpResponse:
    """Send plotly.js from the installed package, never from a CDN, for browsers to keep a year."""
    body = _plotly_gzipped()
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(
        body if accepts_gzip else gzip.decompress(body), content_type="text/javascript; charset=utf-8"
    )
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
    response["Cache-Control"] = PLOTLY_CACHE_CONTROL
    response["Vary"] = "Accept-Encoding"
    return response


@require_safe
def switch_language(request: HttpRequest) -> HttpResponse:
    """Remember the language a reader chose in a cookie and go back to the page they were on.

    A link or a GET form reaches it, so public pages carry no CSRF token and can be cached for everyone; the choice
    changes nothing but the reader's own cookie.
    """
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response

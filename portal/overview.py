"""The public overview pages: home, dashboards, the map, a territory's and an organisation's pages, and exports.

Each of them reads the filters of the list of projects from the address, so a selection carries from one page to the
next and can be shared; and each is cached until the next change anywhere (the head of the audit log moves with
every write).
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from audit.models import AuditEvent
from finance.queries import money_totals
from parties.exceptions import UnknownOrganisation
from parties.queries import get_organisation
from portal.figures import bar_figure, map_figure
from portal.templatetags.portal import in_language
from projects.codes import FundingSourceCategory, ProjectType, Purpose, Status
from projects.models import Project
from projects.queries import (
    Group,
    ProjectFilters,
    filter_projects,
    latest_changes,
    list_projects,
    located_places,
    map_points,
    projects_by_oblast,
    projects_by_sector,
    projects_by_status,
)
from projects.sectors import WB_ECO_SECTORS
from territories.exceptions import UnknownTerritory
from territories.models import Territory
from territories.queries import ancestors, get_territory

FILTER_FIELDS = {
    "status": "status",
    "territory": "territory",
    "sector": "sector",
    "type": "type",
    "purpose": "purpose",
    "q": "text",
    "initiator": "initiator",
    "funding": "funding",
}
LATEST_CHANGES = 10
# An export streams every row of the selection; the page of a territory or organisation shows the first ones.
SHOWN_ON_A_PAGE = 25
CACHE_SECONDS = 600
# A map keeps its weight small on a slow connection: the newest places of a large selection, and a shorter table.
MAP_POINTS = 2000
TABLE_PLACES = 200


# The orders a person can sort the list by, as the list's "Sort by" names them; the first is the default.
SORTS = (
    ("newest", gettext_lazy("newest first")),
    ("changed", gettext_lazy("latest changed first")),
    ("cost", gettext_lazy("highest cost first")),
    ("cost-asc", gettext_lazy("lowest cost first")),
    ("title", gettext_lazy("title, A to Z")),
)


def order_from(request: HttpRequest) -> str:
    """Read the order of the list from the address: a name of ``SORTS``, titles in the page's language."""
    order = request.GET.get("sort", "")
    if order not in dict(SORTS):
        return SORTS[0][0]
    if order == "title" and translation.get_language() == "en":
        return "title-en"
    return order


def filters_from(request: HttpRequest) -> ProjectFilters:
    """Read the filters of the list of projects from the address."""
    return ProjectFilters(**{field: request.GET.get(name, "").strip() for name, field in FILTER_FIELDS.items()})


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache a public page per address and language until anything changes, for visitors who are not signed in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated or request.method != "GET":
            return view(request, *args, **kwargs)
        # The hash of the latest event names the state of all data, also after a database is restored or replaced.
        head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or "empty"
        key = f"portal:{translation.get_language()}:{head}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached, content_type="text/html; charset=utf-8")
        response = view(request, *args, **kwargs)
        if response.status_code == HTTPStatus.OK and not response.streaming:
            cache.set(key, response.content, CACHE_SECONDS)
        return response

    return wrapper


def _oblast_names(english: bool) -> dict[str, str]:
    column = "name_en" if english else "name_uk"
    return {code[:4]: name for code, name in Territory.objects.filter(level=1).values_list("code", column)}


def oblast_choices(english: bool) -> list[tuple[str, str]]:
    """Return the oblasts' codes and names, in the order of their names, for a filter to choose from."""
    column = "name_en" if english else "name_uk"
    return list(Territory.objects.filter(level=1).order_by(column).values_list("code", column))


def _oblast_codes() -> dict[str, str]:
    return {code[:4]: code for code in Territory.objects.filter(level=1).values_list("code", flat=True)}


def choices_context() -> dict[str, Any]:
    """Return the code lists the filters choose from, each name in the language of the page."""
    return {
        "statuses": [(code, in_language(label)) for code, label in Status.choices],
        "types": [(code, in_language(label)) for code, label in ProjectType.choices],
        "purposes": [(code, in_language(label)) for code, label in Purpose.choices],
        "fundings": [(code, in_language(label)) for code, label in FundingSourceCategory.choices],
        "sectors": sorted(
            (code, names[translation.get_language() == "en"])
            for code, names in WB_ECO_SECTORS.items()
            if len(code) == 1
        ),
    }


@dataclass(frozen=True)
class Figures:
    """The key figures of a selection of projects."""

    projects: int
    cost_uah: Decimal
    committed_uah: Decimal
    paid_uah: Decimal
    unconverted: int
    by_status: list[Group]
    committed_by_source: list[tuple[str, Decimal]]

    @property
    def gap_uah(self) -> Decimal:
        """Return the estimated cost not yet committed, never below zero."""
        return max(self.cost_uah - self.committed_uah, Decimal(0))


def key_figures(projects: QuerySet[Project]) -> Figures:
    """Count the projects and add up their money, by status: five queries."""
    by_status = projects_by_status(projects)
    money = money_totals(projects)
    sources = dict(FundingSourceCategory.choices)
    return Figures(
        projects=sum(group.projects for group in by_status),
        cost_uah=sum((group.cost_uah for group in by_status), Decimal(0)),
        committed_uah=money.committed_uah,
        paid_uah=money.paid_uah,
        unconverted=money.unconverted,
        by_status=by_status,
        committed_by_source=[
            (in_language(sources.get(key, key)), amount) for key, amount in money.committed_by_source.items()
        ],
    )


@cached_public_page
def home(request: HttpRequest) -> HttpResponse:
    """Show the key figures of all projects and the latest changes."""
    figures = key_figures(Project.objects.all())
    status_names = dict(Status.choices)
    context = {
        "figures": figures,
        "statuses": [(group, in_language(status_names.get(group.key, group.key))) for group in figures.by_status],
        "latest": latest_changes(LATEST_CHANGES),
        "english": translation.get_language() == "en",
    }
    return render(request, "portal/home.html", context)


@dataclass(frozen=True)
class Breakdown:
    """One table and chart of the dashboards: the groups, their names, and the filter each group's link sets."""

    slug: str
    title: str
    parameter: str
    rows: list[tuple[Group, str, str]]
    figure: dict[str, Any]

    @property
    def figure_id(self) -> str:
        """Return the id of the element that carries the figure's JSON."""
        return f"{self.slug}-figure"


def _breakdown(
    slug: str,
    *,
    title: str,
    parameter: str,
    groups: list[Group],
    names: dict[str, str],
    values: dict[str, str] | None = None,
) -> Breakdown:
    rows = [(group, names.get(group.key, group.key), (values or {}).get(group.key, group.key)) for group in groups]
    figure = bar_figure(
        [name for _, name, _ in rows], [group.projects for group in groups], [group.cost_uah for group in groups]
    )
    return Breakdown(slug=slug, title=title, parameter=parameter, rows=rows, figure=figure)


def _query_with(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        query[name] = value
    query.pop("page", None)
    return query.urlencode()


@cached_public_page
def dashboards(request: HttpRequest) -> HttpResponse:
    """Show the selection by oblast, sector, status and funding source, as charts and tables that filter together."""
    filters = filters_from(request)
    projects = filter_projects(filters)
    english = translation.get_language() == "en"
    figures = key_figures(projects)
    sector_names = {code: names[english] for code, names in WB_ECO_SECTORS.items() if len(code) == 1}
    breakdowns = [
        _breakdown(
            "oblast",
            title=gettext("By oblast"),
            parameter="territory",
            groups=projects_by_oblast(projects),
            names=_oblast_names(english),
            values=_oblast_codes(),
        ),
        _breakdown(
            "sector",
            title=gettext("By sector"),
            parameter="sector",
            groups=projects_by_sector(projects),
            names=sector_names,
        ),
        _breakdown(
            "status",
            title=gettext("By status"),
            parameter="status",
            groups=figures.by_status,
            names={code: in_language(label) for code, label in Status.choices},
        ),
    ]
    links = {
        breakdown.slug: [_query_with(request, **{breakdown.parameter: value}) for _, _, value in breakdown.rows]
        for breakdown in breakdowns
    }
    context = {
        "filters": filters,
        "figures": figures,
        "breakdowns": [
            (breakdown, list(zip(breakdown.rows, links[breakdown.slug], strict=True))) for breakdown in breakdowns
        ],
        "filtered": any(getattr(filters, field) for field in FILTER_FIELDS.values()),
        "query": _query_with(request),
        "english": english,
        "oblasts": oblast_choices(english),
        **choices_context(),
    }
    return render(request, "portal/dashboards.html", context)


@cached_public_page
def project_map(request: HttpRequest) -> HttpResponse:
    """Show the located places of the selection as points, coloured by status or by sector, each linked to its page."""
    filters = filters_from(request)
    colour_by = "sector" if request.GET.get("colour") == "sector" else "status"
    english = translation.get_language() == "en"
    selection = filter_projects(filters)
    points = map_points(selection, limit=MAP_POINTS)
    located = len(points) if len(points) < MAP_POINTS else located_places(selection).count()
    if colour_by == "status":
        names = {code: in_language(label) for code, label in Status.choices}
    else:
        names = {code: labels[english] for code, labels in WB_ECO_SECTORS.items() if len(code) == 1}
    context = {
        "filters": filters,
        "colour_by": colour_by,
        "points": points,
        "located": located,
        "places_shown": TABLE_PLACES,
        "places": [
            (point, names.get(point.status if colour_by == "status" else point.sector[:1], "")) for point in points
        ][:TABLE_PLACES],
        "figure": map_figure(points, colour_by=colour_by, names=names, english=english) if points else None,
        "query": _query_with(request),
        "english": english,
        "oblasts": oblast_choices(english),
        **choices_context(),
    }
    return render(request, "portal/map.html", context)


@cached_public_page
def territory_page(request: HttpRequest, code: str) -> HttpResponse:
    """Show everything in one oblast, raion, hromada or settlement: its figures and its projects."""
    try:
        territory = get_territory(code)
    except UnknownTerritory as error:
        raise Http404(error.message) from error
    projects = filter_projects(ProjectFilters(territory=territory.code))
    context = {
        "territory": territory,
        "above": ancestors(territory),
        "figures": key_figures(projects),
        "projects": list_projects(ProjectFilters(territory=territory.code))[:SHOWN_ON_A_PAGE],
        "list_query": f"territory={territory.code}",
        "english": translation.get_language() == "en",
    }
    return render(request, "portal/territory.html", context)


@cached_public_page
def organisation_page(request: HttpRequest, edrpou: str) -> HttpResponse:
    """Show an organisation: what the register says of it, and the projects it initiated."""
    try:
        organisation = get_organisation(edrpou)
    except UnknownOrganisation as error:
        raise Http404(error.message) from error
    projects = filter_projects(ProjectFilters(initiator=organisation.edrpou))
    context = {
        "organisation": organisation,
        "figures": key_figures(projects),
        "projects": list_projects(ProjectFilters(initiator=organisation.edrpou))[:SHOWN_ON_A_PAGE],
        "list_query": f"initiator={organisation.edrpou}",
        "english": translation.get_language() == "en",
    }
    return render(request, "portal/organisation.html", context)


# -- Exports of the selection --------------------------------------------------------------------------------------


def _export_columns() -> list[str]:
    return [
        gettext("Code"),
        gettext("Title (Ukrainian)"),
        gettext("Title (English)"),
        gettext("Status"),
        gettext("Status detail"),
        gettext("Purpose"),
        gettext("Type"),
        gettext("Sector"),
        gettext("Initiator"),
        gettext("Initiator EDRPOU"),
        gettext("KATOTTG codes"),
        gettext("Places"),
        gettext("Estimated cost, UAH"),
        gettext("Registered"),
        gettext("Page"),
    ]


def _export_rows(request: HttpRequest) -> Iterator[list[Any]]:
    english = translation.get_language() == "en"
    for project in list_projects(filters_from(request), order=order_from(request)).iterator(chunk_size=500):
        locations = list(project.locations.all())
        yield [
            project.code,
            project.title_uk,
            project.title_en,
            project.status,
            project.status_details,
            project.purpose,
            project.type,
            project.sector,
            project.initiator.name_uk,
            project.initiator.edrpou,
            "; ".join(location.territory_id for location in locations),
            "; ".join(location.territory.name_en if english else location.territory.name_uk for location in locations),
            project.estimated_cost_uah,
            project.registered_on.isoformat(),
            request.build_absolute_uri(f"/projects/{project.code}/"),
        ]


def _filename(extension: str) -> str:
    return f"dream-projects-{timezone.localdate().isoformat()}.{extension}"


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Stream the current selection as CSV in UTF-8 with a byte order mark, which spreadsheets read as UTF-8."""

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_export_columns())
        yield "\ufeff" + buffer.getvalue()
        for row in _export_rows(request):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row)
            yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_xlsx(request: HttpRequest) -> HttpResponse:
    """Send the current selection as one XLSX sheet, the costs as numbers a spreadsheet can add up."""
    import xlsxwriter  # noqa: PLC0415 - loaded only by the export, not by every web worker.

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(gettext("Projects")[:31])
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, _export_columns(), bold)
    for number, row in enumerate(_export_rows(request), start=1):
        sheet.write_row(number, 0, row[:12])
        sheet.write_number(number, 12, float(row[12]), money)
        sheet.write_row(number, 13, row[13:])
    workbook.close()
    response = HttpResponse(
        output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response

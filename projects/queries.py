"""Reads of the bank of projects."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import Substr

from projects.codes import AccessLevel
from projects.exceptions import ProjectNotFound
from projects.models import Document, FinanceLine, Location, Project, ProjectParty, Transition
from territories.queries import territory_prefix

# "UA" and the two digits of the oblast (or special-status city) begin every KATOTTG code within it.
OBLAST_PREFIX_LENGTH = 4


@dataclass(frozen=True)
class ProjectFilters:
    """The filters of the list of projects; empty values filter nothing."""

    status: str = ""
    status_details: str = ""
    territory: str = ""
    sector: str = ""
    type: str = ""
    purpose: str = ""
    initiator: str = ""
    text: str = ""
    funding: str = ""


# The orders a list of projects can be read in, by name; each ends on the id, so pages never overlap or skip a row.
ORDERS: dict[str, tuple[str, ...]] = {
    "newest": ("-id",),
    "changed": ("-updated_at", "-id"),
    "cost": ("-estimated_cost_uah", "-id"),
    "cost-asc": ("estimated_cost_uah", "id"),
    "title": ("title_uk", "id"),
    "title-en": ("title_en", "id"),
}


def _not_found(code: str) -> ProjectNotFound:
    return ProjectNotFound(f"No project has the code {code!r}.")


def get_project_for_update(code: str) -> Project:
    """Return the project locked for the rest of the caller's transaction."""
    project = Project.objects.select_for_update().select_related("initiator").filter(code=code).first()
    if project is None:
        raise _not_found(code)
    return project


def with_whole_passport(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Load with the projects everything their pages and publications show, in a fixed number of queries."""
    return projects.select_related("initiator", "initiator__territory").prefetch_related(
        Prefetch("locations", queryset=Location.objects.select_related("territory", "territory__parent")),
        "budget_lines",
        Prefetch("finance_lines", queryset=FinanceLine.objects.select_related("financing_party")),
        "phases",
        "indicators",
        Prefetch("parties", queryset=ProjectParty.objects.select_related("organisation")),
        Prefetch("documents", queryset=Document.objects.order_by("id")),
        Prefetch("transitions", queryset=Transition.objects.select_related("acting_for")),
    )


def get_project(code: str) -> Project:
    """Return one project with everything its page and its API detail show."""
    project = with_whole_passport(Project.objects.filter(code=code)).first()
    if project is None:
        raise _not_found(code)
    return project


def changed_projects(*, after: datetime | None = None, limit: int | None = None) -> QuerySet[Project]:
    """Return projects in the order they last changed, those changed after a time only; each time is unique."""
    projects = Project.objects.order_by("updated_at")
    if after is not None:
        projects = projects.filter(updated_at__gt=after)
    return projects[:limit] if limit is not None else projects


def public_documents(project: Project) -> list[Document]:
    """Return the documents anyone may read."""
    return [document for document in project.documents.all() if document.access_level == AccessLevel.OPEN]


def filter_projects(filters: ProjectFilters) -> QuerySet[Project]:
    """Return the projects that match every given filter, newest first."""
    projects = Project.objects.all()
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.status_details:
        projects = projects.filter(status_details=filters.status_details)
    if filters.sector:
        # A one-letter sector is a group (E: education) and covers its codes (EP, ES, ...).
        projects = projects.filter(sector__startswith=filters.sector)
    if filters.type:
        projects = projects.filter(type=filters.type)
    if filters.purpose:
        projects = projects.filter(purpose=filters.purpose)
    if filters.initiator:
        projects = projects.filter(initiator__edrpou=filters.initiator)
    if filters.territory:
        prefix = territory_prefix(filters.territory)
        projects = projects.filter(
            id__in=Location.objects.filter(territory__code__startswith=prefix).values("project_id")
        )
    if filters.text:
        projects = projects.filter(search_text__contains=filters.text.strip().casefold())
    if filters.funding:
        projects = projects.filter(
            id__in=FinanceLine.objects.filter(source_category=filters.funding).values("project_id")
        )
    return projects


def list_projects(filters: ProjectFilters, *, order: str = "newest") -> QuerySet[Project]:
    """Return the filtered projects with what a list row shows, loaded in a fixed number of queries.

    ``order`` names one of ``ORDERS``; the newest registered come first unless another is asked for.
    """
    return (
        filter_projects(filters)
        .select_related("initiator")
        .prefetch_related(Prefetch("locations", queryset=Location.objects.select_related("territory")))
        .order_by(*ORDERS[order])
    )


def status_counts() -> dict[str, int]:
    """Return how many projects are in each status."""
    return dict(Project.objects.values_list("status").annotate(count=Count("id")).order_by())


@dataclass(frozen=True)
class Group:
    """Projects sharing one value of a breakdown: how many, and their estimated cost in hryvnias."""

    key: str
    projects: int
    cost_uah: Decimal


def _groups(rows: Iterable[tuple[str, int, Decimal | None]]) -> list[Group]:
    groups = [Group(key=key, projects=count, cost_uah=cost or Decimal(0)) for key, count, cost in rows]
    return sorted(groups, key=lambda group: (-group.projects, group.key))


def projects_by_status(projects: QuerySet[Project]) -> list[Group]:
    """Break the projects down by status and status detail: one query."""
    rows = (
        projects.order_by()
        .values_list("status")
        .annotate(count=Count("id"), cost=Sum("estimated_cost_uah"))
        .values_list("status", "count", "cost")
    )
    return _groups(rows)


def projects_by_sector(projects: QuerySet[Project]) -> list[Group]:
    """Break the projects down by the group of their WB-ECO sector (its first letter): one query."""
    rows = (
        projects.order_by()
        .annotate(group=Substr("sector", 1, 1))
        .values_list("group")
        .annotate(count=Count("id"), cost=Sum("estimated_cost_uah"))
        .values_list("group", "count", "cost")
    )
    return _groups(rows)


def projects_by_oblast(projects: QuerySet[Project]) -> list[Group]:
    """Break the projects down by the oblasts they work in, by the KATOTTG prefix of each location: one query.

    A project with places in two oblasts counts in both, so the groups may add up to more than the projects.
    """
    rows = (
        Location.objects.filter(project__in=projects.values("id"))
        .annotate(oblast=Substr("territory_id", 1, OBLAST_PREFIX_LENGTH))
        .values_list("oblast", "project_id", "project__estimated_cost_uah")
        .distinct()
    )
    count: dict[str, int] = {}
    cost: dict[str, Decimal] = {}
    for oblast, _, estimated in rows:
        count[oblast] = count.get(oblast, 0) + 1
        cost[oblast] = cost.get(oblast, Decimal(0)) + estimated
    return _groups((oblast, count[oblast], cost[oblast]) for oblast in count)


def latest_changes(limit: int) -> list[Project]:
    """Return the projects changed last, the newest first, with their initiators: one query."""
    return list(Project.objects.select_related("initiator").order_by("-updated_at")[:limit])


@dataclass(frozen=True)
class MapPoint:
    """One located place of a project, as the map shows it."""

    code: str
    title_uk: str
    title_en: str
    status: str
    sector: str
    latitude: Decimal
    longitude: Decimal


def located_places(projects: QuerySet[Project]) -> QuerySet[Location]:
    """Return the places of the projects that have a point."""
    return Location.objects.filter(project__in=projects.values("id"), latitude__isnull=False, longitude__isnull=False)


def map_points(projects: QuerySet[Project], *, limit: int | None = None) -> list[MapPoint]:
    """Return the places of the projects that have a point, the newest projects first, in one query."""
    rows = (
        located_places(projects)
        .order_by("-project_id", "id")
        .values_list(
            "project__code",
            "project__title_uk",
            "project__title_en",
            "project__status",
            "project__sector",
            "latitude",
            "longitude",
        )
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        MapPoint(code, title_uk, title_en, status, sector, latitude, longitude)
        for code, title_uk, title_en, status, sector, latitude, longitude in rows
        if latitude is not None and longitude is not None
    ]

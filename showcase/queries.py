"""The showcase's read: projects that seek money with their funding gap, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from finance.models import Commitment, CommitmentStatus
from finance.rates import RateBook
from projects.codes import DocumentType
from projects.models import Document, Location, Project
from showcase.seeking import SEEKING_MONEY
from territories.queries import territory_prefix

# The documents that show a project is ready to build: its design, and the expert report on that design.
DESIGN_DOCUMENT = DocumentType.DESIGN_DOCUMENT
EXPERTISE_REPORT = DocumentType.TECHNICAL_DOCUMENT


@dataclass(frozen=True)
class ShowcaseFilters:
    """What a donor narrows the showcase by; empty values filter nothing."""

    oblast: str = ""
    hromada: str = ""
    sector: str = ""
    type: str = ""
    gap_min: Decimal | None = None
    gap_max: Decimal | None = None
    has_design: bool = False
    has_expertise: bool = False


@dataclass(frozen=True)
class ShowcaseRow:
    """A project that seeks money, with what is committed to it and what is still missing, in hryvnias."""

    project: Project
    committed_uah: Decimal
    gap_uah: Decimal
    has_design: bool
    has_expertise: bool
    unconverted: int


def _documents(document_type: str) -> Exists:
    return Exists(Document.objects.filter(project=OuterRef("pk"), document_type=document_type))


def seeking_projects(filters: ShowcaseFilters) -> QuerySet[Project]:
    """Return the projects in a state that seeks money and match the filters other than the gap, newest first."""
    states = Q()
    for status, detail in SEEKING_MONEY:
        states |= Q(status=status, status_details=detail)
    projects = Project.objects.filter(states).annotate(
        has_design=_documents(DESIGN_DOCUMENT), has_expertise=_documents(EXPERTISE_REPORT)
    )
    for code in (filters.oblast, filters.hromada):
        if code:
            prefix = territory_prefix(code)
            places = Location.objects.filter(territory__code__startswith=prefix).values("project_id")
            projects = projects.filter(id__in=places)
    if filters.sector:
        # A one-letter sector is a group (E: education) and covers its codes (EP, ES, ...).
        projects = projects.filter(sector__startswith=filters.sector.strip().upper())
    if filters.type:
        projects = projects.filter(type=filters.type)
    if filters.has_design:
        projects = projects.filter(has_design=True)
    if filters.has_expertise:
        projects = projects.filter(has_expertise=True)
    return projects.order_by("-id")


def committed_uah(projects: QuerySet[Project]) -> tuple[dict[int, Decimal], dict[int, int]]:
    """Return each project's confirmed commitments in hryvnias, and how many could not be converted.

    The conversion is the money chain's: each amount at the official rate of its own day, or the latest earlier one.
    """
    rows = list(
        Commitment.objects.filter(status=CommitmentStatus.CONFIRMED, pledge__project__in=projects.values("pk"))
        .order_by()
        .values_list("pledge__project_id", "amount", "currency", "committed_on")
    )
    book = RateBook({currency for _, _, currency, _ in rows}, max((day for *_, day in rows), default=None))
    totals: dict[int, Decimal] = defaultdict(Decimal)
    unconverted: dict[int, int] = defaultdict(int)
    for project_id, amount, currency, on in rows:
        converted = book.convert(amount, currency, on).uah
        if converted is None:
            unconverted[project_id] += 1
        else:
            totals[project_id] += converted
    return totals, unconverted


def showcase(filters: ShowcaseFilters) -> list[ShowcaseRow]:
    """Return the projects that seek money and still miss some, filtered, newest first; their rows load lazily.

    A fixed number of queries whatever the number of projects: the candidates, their commitments, the rates, and
    then, for the rows shown, one query for the projects and one for their places (see ``load_page``).
    """
    candidates = seeking_projects(filters)
    totals, unconverted = committed_uah(candidates)
    rows = []
    for project in candidates.only("id", "code", "estimated_cost_uah"):
        committed = totals.get(project.pk, Decimal("0.00"))
        gap = project.estimated_cost_uah - committed
        if gap <= 0:
            continue
        if filters.gap_min is not None and gap < filters.gap_min:
            continue
        if filters.gap_max is not None and gap > filters.gap_max:
            continue
        rows.append(
            ShowcaseRow(
                project=project,
                committed_uah=committed,
                gap_uah=gap,
                has_design=getattr(project, "has_design", False),
                has_expertise=getattr(project, "has_expertise", False),
                unconverted=unconverted.get(project.pk, 0),
            )
        )
    return rows


def load_page(rows: list[ShowcaseRow]) -> list[ShowcaseRow]:
    """Give the rows of one page their whole projects: titles, initiator and places, in two queries."""
    projects = (
        Project.objects.filter(pk__in=[row.project.pk for row in rows])
        .select_related("initiator")
        .prefetch_related(Prefetch("locations", queryset=Location.objects.select_related("territory")))
    )
    by_id = {project.pk: project for project in projects}
    return [replace(row, project=by_id[row.project.pk]) for row in rows]

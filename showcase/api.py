"""The donors' API: the showcase of projects that seek money, and a donor's portfolio with its exports."""

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from dream.auth import SIGNED_IN, acting_user
from showcase.exceptions import InvalidFilter
from showcase.export import COLUMNS, portfolio_csv, portfolio_xlsx
from showcase.portfolio import PortfolioRow, donor_for, portfolio
from showcase.queries import ShowcaseFilters, ShowcaseRow, load_page, showcase
from showcase.schemas import Portfolio, ShowcasePage

router = Router()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ShowcaseQuery(Schema):
    """Filters and paging of the showcase."""

    oblast: Annotated[str, Field(description="KATOTTG code of an oblast (or any prefix).")] = ""
    hromada: Annotated[str, Field(description="KATOTTG code of a hromada (or any prefix).")] = ""
    sector: Annotated[str, Field(description="A WB-ECO code; one letter covers its group.")] = ""
    type: str = ""
    gap_min: Annotated[str, Field(description="Smallest funding gap, UAH.")] = ""
    gap_max: Annotated[str, Field(description="Largest funding gap, UAH.")] = ""
    design: Annotated[bool, Field(description="Only projects with design documents.")] = False
    expertise: Annotated[bool, Field(description="Only projects whose design passed expertise.")] = False
    page: Annotated[int, Field(ge=1)] = 1
    limit: Annotated[int, Field(ge=1, le=200)] = 50


def gap_bound(value: str, field: str) -> Decimal | None:
    """Read a bound of the gap's range, or refuse it naming the field."""
    if not value.strip():
        return None
    try:
        amount = Decimal(value.strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise InvalidFilter(f"{value!r} is not an amount in hryvnias.", field=field) from error
    if not amount.is_finite() or amount < 0:
        raise InvalidFilter(f"{value!r} is not an amount in hryvnias.", field=field)
    return amount


def showcase_item(row: ShowcaseRow) -> dict[str, Any]:
    """Return what the API shows of a project in the showcase."""
    project = row.project
    return {
        "code": project.code,
        "title_uk": project.title_uk,
        "title_en": project.title_en,
        "sector": project.sector,
        "type": project.type,
        "status": project.status,
        "status_details": project.status_details,
        "initiator": {"edrpou": project.initiator.edrpou, "name_uk": project.initiator.name_uk},
        "locations": [
            {"code": location.territory.code, "name_uk": location.territory.name_uk}
            for location in project.locations.all()
        ],
        "estimated_cost_uah": project.estimated_cost_uah,
        "committed_uah": row.committed_uah,
        "funding_gap_uah": row.gap_uah,
        "unconverted_commitments": row.unconverted,
        "has_design_documents": row.has_design,
        "has_expertise": row.has_expertise,
        "url": reverse("portal:project", args=[project.code]),
    }


@router.get("/showcase", response=ShowcasePage, summary="List projects that seek money")
def list_showcase(request: HttpRequest, query: Query[ShowcaseQuery]) -> Any:
    """Return the projects that seek money and still miss some, newest first, with their funding gap in hryvnias."""
    filters = ShowcaseFilters(
        oblast=query.oblast,
        hromada=query.hromada,
        sector=query.sector,
        type=query.type,
        gap_min=gap_bound(query.gap_min, "gap_min"),
        gap_max=gap_bound(query.gap_max, "gap_max"),
        has_design=query.design,
        has_expertise=query.expertise,
    )
    paginator = Paginator(showcase(filters), query.limit)
    page = paginator.get_page(query.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [showcase_item(row) for row in load_page(list(page))],
    }


class PortfolioQuery(Schema):
    """Whose portfolio, and in which format."""

    donor: Annotated[str, Field(description="EDRPOU of the donor; needed only if you act for several.")] = ""
    format: Annotated[Literal["json", "csv", "xlsx"], Field(description="JSON, or a file: CSV or XLSX.")] = "json"


def portfolio_item(row: PortfolioRow) -> dict[str, Any]:
    """Return what the API shows of one pledge of the portfolio."""
    values = {heading: value(row) for heading, value in COLUMNS}
    return {**values, "messages": list(row.messages)}


@router.get(
    "/portfolio",
    response=Portfolio,
    auth=SIGNED_IN,
    summary="Read my donor organisation's portfolio",
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    XLSX: {"schema": {"type": "string", "format": "binary"}},
                }
            }
        }
    },
)
def read_portfolio(request: HttpRequest, query: Query[PortfolioQuery]) -> Any:
    """Return each pledge of the caller's donor organisation and where its money stands, as JSON, CSV or XLSX."""
    organisation = donor_for(acting_user(request), query.donor)
    rows = portfolio(organisation)
    if query.format == "csv":
        response = HttpResponse(portfolio_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="portfolio-{organisation.edrpou}.csv"'
        return response
    if query.format == "xlsx":
        response = HttpResponse(portfolio_xlsx(rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="portfolio-{organisation.edrpou}.xlsx"'
        return response
    return {
        "donor": {"edrpou": organisation.edrpou, "name_uk": organisation.name_uk},
        "results": [portfolio_item(row) for row in rows],
    }

"""The territories API: the KATOTTG codifier, searchable."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from dream.errors import NotFound
from territories.exceptions import UnknownTerritory
from territories.models import Territory
from territories.queries import ancestors, get_territory, search_territories
from territories.schemas import TerritoryDetail, TerritoryPage

router = Router()


class TerritoryQuery(Schema):
    """Filters and paging of the codifier."""

    q: Annotated[str, Field(description="A fragment of the name, in Ukrainian or English.")] = ""
    category: Annotated[str, Field(description="O, K, P, H, M, X, C or B.")] = ""
    parent: Annotated[str, Field(description="The code of the unit above.")] = ""
    offset: Annotated[int, Field(ge=0)] = 0
    limit: Annotated[int, Field(ge=1, le=500)] = 100


def _row(territory: Territory) -> dict[str, Any]:
    return {**vars(territory), "parent_code": territory.parent_id}


@router.get("", response=TerritoryPage, summary="Search the codifier")
def list_(request: HttpRequest, query: Query[TerritoryQuery]) -> Any:
    """Return units by name, category and parent, in code order."""
    territories = search_territories(query=query.q, category=query.category, parent=query.parent)
    count = territories.count()
    rows = list(territories[query.offset : query.offset + query.limit])
    more = query.offset + query.limit < count
    return {
        "count": count,
        "next_cursor": str(query.offset + query.limit) if more else None,
        "results": [_row(territory) for territory in rows],
    }


@router.get("/{code}", response=TerritoryDetail, summary="Read a unit")
def detail(request: HttpRequest, code: str) -> Any:
    """Return a unit of the codifier with the units above it."""
    try:
        territory = get_territory(code)
    except UnknownTerritory as error:
        raise NotFound(error.message, code=error.code) from error
    return {**_row(territory), "ancestors": [_row(unit) for unit in ancestors(territory)]}

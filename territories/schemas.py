"""What the territories API gives."""

from ninja import Schema


class TerritoryOut(Schema):
    """A unit of the KATOTTG codifier."""

    code: str
    category: str
    name_uk: str
    name_en: str
    level: int
    parent_code: str | None
    is_current: bool


class TerritoryPage(Schema):
    """One page of units with the total that match."""

    count: int
    next_cursor: str | None
    results: list[TerritoryOut]


class TerritoryDetail(TerritoryOut):
    """A unit with the units above it."""

    ancestors: list[TerritoryOut]

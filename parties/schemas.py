"""What the organisations API takes and gives."""

from typing import Annotated

from ninja import Schema
from pydantic import Field


class OrganisationOut(Schema):
    """A registered organisation."""

    edrpou: str
    name_uk: str
    name_en: str
    kind: str
    territory_code: str | None


class OrganisationPage(Schema):
    """One page of organisations with the total that match."""

    count: int
    next_cursor: str | None
    results: list[OrganisationOut]


class OrganisationIn(Schema):
    """An organisation to register."""

    edrpou: Annotated[str, Field(description="Eight digits with a check digit.")]
    name_uk: Annotated[str, Field(min_length=1)]
    name_en: str = ""
    kind: str
    territory: Annotated[str | None, Field(description="KATOTTG code of the unit it serves.")] = None

"""The shapes of the showcase and the portfolio in the API."""

from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import Field


class Place(Schema):
    """A place where the project works."""

    code: Annotated[str, Field(description="KATOTTG code.")]
    name_uk: str


class Initiator(Schema):
    """Who proposes the project."""

    edrpou: str
    name_uk: str


class ShowcaseItem(Schema):
    """A project that seeks money, and how much it still misses."""

    code: str
    title_uk: str
    title_en: str
    sector: str
    type: str
    status: str
    status_details: str
    initiator: Initiator
    locations: list[Place]
    estimated_cost_uah: float
    committed_uah: Annotated[
        float, Field(description="Confirmed commitments in hryvnias at the official rate of each one's day.")
    ]
    funding_gap_uah: Annotated[float, Field(description="The estimated cost less the confirmed commitments.")]
    unconverted_commitments: Annotated[
        int, Field(description="Confirmed commitments with no official rate held for their day; not counted.")
    ]
    has_design_documents: bool
    has_expertise: Annotated[bool, Field(description="Whether the expert report on the design is attached.")]
    url: str


class ShowcasePage(Schema):
    """One page of the showcase."""

    count: int
    page: int
    pages: int
    results: list[ShowcaseItem]


class PortfolioItem(Schema):
    """One pledge of the donor and where its money stands along the chain."""

    project: str
    project_title: str
    pledge: int
    source_category: str
    pledged_on: date
    currency: str
    pledged: float
    pledged_uah: float | None
    proposed: Annotated[float, Field(description="Commitments proposed and not yet confirmed, in the currency.")]
    committed: Annotated[float, Field(description="Confirmed commitments, in the pledge's currency.")]
    committed_uah: float
    disbursed: Annotated[float, Field(description="Tranches released, in the pledge's currency.")]
    disbursed_uah: float
    project_contracted_uah: Annotated[float, Field(description="The project's contracts, whoever funds them.")]
    project_paid_uah: Annotated[float, Field(description="The project's payments, whoever funds them.")]
    project_funding_gap_uah: float
    stage: Annotated[
        str, Field(description="The furthest step reached: pledged, committed, disbursed, contracted or paid.")
    ]
    messages: list[str]


class Portfolio(Schema):
    """A donor's pledges."""

    donor: Initiator
    results: list[PortfolioItem]

"""What the money chain's API takes and gives: amounts as JSON numbers, each with its currency."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

Money = Annotated[Decimal, Field(description="An amount with at most two decimals, above zero.", examples=["1500.00"])]


class PledgeIn(Schema):
    """A donor's pledge to a project."""

    donor: Annotated[str, Field(description="EDRPOU of the donor the caller acts for.")]
    source_category: Annotated[str, Field(description="A fundingSourceCategories code, such as donorFunds.")]
    amount: Money
    currency: Annotated[str, Field(description="UAH, EUR or USD.")]
    pledged_on: date
    note: str = ""


class CommitmentIn(Schema):
    """An agreement proposed under a pledge."""

    agreement_reference: Annotated[str, Field(max_length=128)]
    conditions: str = ""
    amount: Money
    committed_on: date


class RefusalIn(Schema):
    """Why a commitment is refused."""

    reason: str


class TrancheIn(Schema):
    """A tranche: released on a day, or planned for one."""

    amount: Money
    released_on: Annotated[
        date | None, Field(description="The day the money was released; give this or planned_on.")
    ] = None
    planned_on: Annotated[date | None, Field(description="The day the release is planned for.")] = None
    milestone: Annotated[str, Field(description="What must be achieved before the release, if anything.")] = ""


class ReleaseIn(Schema):
    """The release of a planned tranche."""

    released_on: date


class MilestoneIn(Schema):
    """The day a tranche's milestone was met."""

    met_on: date


class PartyOut(Schema):
    """An organisation of the chain."""

    edrpou: str
    name_uk: str


class PledgeOut(Schema):
    """A pledge as held."""

    id: int
    project: str
    donor: PartyOut
    source_category: str
    amount: float
    currency: str
    pledged_on: date
    note: str


class CommitmentOut(Schema):
    """A commitment as held."""

    id: int
    pledge: int
    agreement_reference: str
    conditions: str
    amount: float
    currency: str
    committed_on: date
    status: str
    reason: str
    decided_at: datetime | None


class TrancheOut(Schema):
    """A tranche as held."""

    id: int
    commitment: int
    amount: float
    currency: str
    planned_on: date | None
    released_on: date | None
    milestone: str
    milestone_met_on: date | None


class ChainAmountOut(Schema):
    """One amount of the chain, in its currency and in hryvnias at the rate of the day shown."""

    reference: str
    amount: float
    currency: str
    on: date | None
    uah: Annotated[float | None, Field(description="Empty when no rate is held for its day or any earlier one.")]
    rate: float | None
    rate_on: Annotated[date | None, Field(description="The day of the rate used; earlier than `on` when needed.")]
    message: str
    source_category: str
    party: Annotated[str, Field(description="EDRPOU of the financing party, for pledged, committed and disbursed.")]


class TotalOut(Schema):
    """A sum per original currency and in hryvnias; amounts that could not be converted are named."""

    original: dict[str, float]
    uah: float
    unconverted: list[str]


class StepOut(Schema):
    """One step of the chain."""

    name: Annotated[str, Field(description="pledged, committed, disbursed, contracted or paid.")]
    total: TotalOut
    coverage: Annotated[float | None, Field(description="The step in hryvnias over the estimated cost.")]
    by_source: dict[str, TotalOut]
    by_party: dict[str, TotalOut]
    amounts: list[ChainAmountOut]


class MoneyChainOut(Schema):
    """A project's money chain, computed when asked."""

    project: str
    estimated_cost_uah: float
    funding_gap_uah: Annotated[float, Field(description="Estimated cost minus committed, in hryvnias.")]
    steps: list[StepOut]
    parties: list[PartyOut]
    messages: list[str]


class ContradictionOut(Schema):
    """Two facts of the chain that cannot both be right, with the evidence."""

    code: str
    message: str
    evidence: dict[str, Any]


class ReconciliationOut(Schema):
    """A project's money-chain status and its contradictions."""

    project: str
    status: Annotated[str, Field(description="no_money_yet, consistent or contradictions.")]
    funding_gap_uah: float
    contradictions: list[ContradictionOut]


class RateOut(Schema):
    """An official rate of the National Bank of Ukraine."""

    currency: str
    on: date
    uah_per_unit: float
    source: str

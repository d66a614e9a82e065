"""What the funding calls API takes and gives."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from calls.codes import ApplicationStatus, CallStatus, CriterionKind, DecisionKind, Direction, RuleKind

Points = Annotated[Decimal, Field(gt=0, max_digits=8, decimal_places=2, description="Points, above zero.")]


class RuleOut(Schema):
    """An eligibility rule of a call."""

    kind: Annotated[str, Field(description=f"One of: {', '.join(RuleKind.values)}.")]
    parameter: float | None


class CriterionOut(Schema):
    """A criterion of a call: 0 to weight points, linearly between min_value and max_value."""

    kind: Annotated[str, Field(description=f"One of: {', '.join(CriterionKind.values)}.")]
    direction: Annotated[str, Field(description="higher or lower: which way earns more points.")]
    weight: float
    min_value: float
    max_value: float


class CallOut(Schema):
    """A call with its window, budget, admitted projects, bonus quota, rules and criteria."""

    code: str
    name: str
    description: str
    budget_uah: float
    opens_at: datetime
    closes_at: datetime
    status: Annotated[str, Field(description=f"One of: {', '.join(CallStatus.values)}.")]
    project_types: list[str]
    territory_prefixes: list[str]
    bonus_per_application: float
    bonus_per_oblast: float | None
    published_at: datetime | None
    rules: list[RuleOut]
    criteria: list[CriterionOut]


class RuleIn(Schema):
    """An eligibility rule to set."""

    kind: Annotated[str, Field(description=f"One of: {', '.join(RuleKind.values)}.")]
    parameter: Decimal | None = None


class CriterionIn(Schema):
    """A criterion to set."""

    kind: Annotated[str, Field(description=f"One of: {', '.join(CriterionKind.values)}.")]
    direction: Annotated[str, Field(description=f"One of: {', '.join(Direction.values)}.")] = Direction.HIGHER
    weight: Points
    min_value: Decimal
    max_value: Decimal


class CallIn(Schema):
    """A call to define; it starts as a draft."""

    code: Annotated[str, Field(description="Small Latin letters, digits and hyphens.", examples=["schools-2026"])]
    name: str
    description: str = ""
    budget_uah: Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=2)]
    opens_at: datetime
    closes_at: datetime
    project_types: list[str] = []
    territory_prefixes: Annotated[list[str], Field(description="KATOTTG codes or prefixes such as UA32.")] = []
    bonus_per_application: Annotated[Decimal, Field(ge=0, max_digits=8, decimal_places=2)] = Decimal(0)
    bonus_per_oblast: Annotated[Decimal, Field(ge=0, max_digits=8, decimal_places=2)] | None = None
    rules: list[RuleIn] = []
    criteria: list[CriterionIn]
    open: Annotated[bool, Field(description="Open the call at once, rather than keep it a draft.")] = False


class OrganisationRef(Schema):
    """An applicant or a region, named as an organisation."""

    edrpou: str
    name: str


class CheckOut(Schema):
    """One eligibility rule checked on the project."""

    rule: str
    parameter: str | None
    value: str
    passed: bool
    message: str


class ScoreOut(Schema):
    """The points earned on one criterion, with the value and the arithmetic."""

    criterion: str
    value: float | None
    rule: str
    points: float


class BonusOut(Schema):
    """Bonus points from a regional administration."""

    points: float
    region: OrganisationRef
    reason: str


class DecisionOut(Schema):
    """The commission's decision and its reason."""

    decision: Annotated[str, Field(description=f"One of: {', '.join(DecisionKind.values)}.")]
    reason: str


class ApplicationOut(Schema):
    """An application with its eligibility check, scores, bonus points and decision."""

    id: int
    call: str
    project: str
    project_title: str
    applicant: OrganisationRef
    applied_at: datetime
    status: Annotated[str, Field(description=f"One of: {', '.join(ApplicationStatus.values)}.")]
    eligibility: list[CheckOut]
    scores: list[ScoreOut]
    bonuses: list[BonusOut]
    decision: DecisionOut | None


class ApplyIn(Schema):
    """The project to apply to a call."""

    project: Annotated[str, Field(description="The project's code.")]


class BonusIn(Schema):
    """Bonus points to add, with the reason."""

    points: Points
    reason: str


class DecisionIn(Schema):
    """The commission's decision and its reason."""

    decision: Annotated[str, Field(description=f"One of: {', '.join(DecisionKind.values)}.")]
    reason: str


class RankingLine(Schema):
    """One line of a published ranking, with every score and its explanation."""

    position: int
    application: int
    project: str
    project_title: str
    applicant: OrganisationRef
    applied_at: datetime
    scores: list[ScoreOut]
    automatic_points: float
    bonus_points: float
    bonuses: list[BonusOut]
    total_points: float
    decision: str
    decision_reason: str


class IneligibleLine(Schema):
    """An application the call's rules left out, with the reason of every rule."""

    application: int
    project: str
    applicant: OrganisationRef
    applied_at: datetime
    eligibility: list[CheckOut]


class RankingOut(Schema):
    """A call's published ranking with everything needed to recompute it."""

    call: CallOut
    criteria: list[CriterionOut]
    tie_break: str
    ranking: list[RankingLine]
    ineligible: list[IneligibleLine]

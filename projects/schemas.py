"""What the projects API takes and gives."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from projects.codes import DocumentType

Amount = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2, description="Amount, not negative.")]
Code = Annotated[str, Field(description="KATOTTG code: UA followed by 17 digits.", examples=["UA05020030000031457"])]


class OrganisationRef(Schema):
    """An organisation named in a project."""

    edrpou: str
    name_uk: str
    name_en: str


class TerritoryRef(Schema):
    """A place named in a project."""

    code: str
    name_uk: str
    name_en: str
    category: str


class LocationOut(Schema):
    """A place where the project works."""

    territory: TerritoryRef
    latitude: float | None
    longitude: float | None
    address: str


class ProjectListItem(Schema):
    """A project as a row of the list."""

    code: str
    title_uk: str
    title_en: str
    status: str
    status_details: str
    purpose: str
    type: str
    sector: str
    initiator: OrganisationRef
    estimated_cost_uah: float
    registered_on: date
    updated_at: datetime
    locations: list[LocationOut]


class ProjectPage(Schema):
    """One page of projects with the total that match, and the cursor of the next page."""

    count: int
    next_cursor: str | None
    results: list[ProjectListItem]


class BudgetLineOut(Schema):
    """A line of the cost estimate."""

    cost_item: str
    cost_type: str
    year: int
    amount: float
    currency: str


class FinanceLineOut(Schema):
    """A funding source."""

    source_category: str
    funding_type: str
    financing_party: OrganisationRef | None
    amount: float
    currency: str
    is_committed: bool


class PhaseOut(Schema):
    """A phase with planned and actual dates."""

    phase: str
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None


class IndicatorOut(Schema):
    """What the project changes."""

    kind: str
    name: str
    baseline: float
    target: float


class PartyOut(Schema):
    """An organisation's role in the project."""

    role: str
    organisation: OrganisationRef


class DocumentOut(Schema):
    """An open document of the project."""

    id: int
    title: str
    document_type: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str


class TransitionOut(Schema):
    """A step of the life cycle that was taken."""

    step: str
    from_status: str
    from_details: str
    to_status: str
    to_details: str
    acting_for: str | None
    acted_at: datetime
    comment: str


class ProjectDetail(ProjectListItem):
    """A project with its whole public passport."""

    description_uk: str
    description_en: str
    budget: list[BudgetLineOut]
    finance: list[FinanceLineOut]
    phases: list[PhaseOut]
    indicators: list[IndicatorOut]
    parties: list[PartyOut]
    documents: list[DocumentOut]
    transitions: list[TransitionOut]
    next_steps: list[str]


class LocationIn(Schema):
    """A place of the project."""

    territory: Code
    latitude: Annotated[Decimal, Field(ge=-90, le=90, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, decimal_places=6)] | None = None
    address: str = ""


class BudgetLineIn(Schema):
    """A line of the cost estimate, in hryvnias."""

    cost_item: str
    year: int
    amount: Amount
    cost_type: str = ""
    currency: str = "UAH"


class FinanceLineIn(Schema):
    """A funding source."""

    source_category: str
    funding_type: str
    amount: Amount
    currency: str = "UAH"
    financing_party: Annotated[str | None, Field(description="EDRPOU of the financing party.")] = None
    is_committed: bool = False


class PhaseIn(Schema):
    """A phase with its dates."""

    phase: str
    planned_start: date
    planned_end: date
    actual_start: date | None = None
    actual_end: date | None = None


class IndicatorIn(Schema):
    """What the project changes."""

    kind: str
    name: str
    baseline: Amount
    target: Amount


class ProjectCreate(Schema):
    """A new project idea."""

    initiator: Annotated[str, Field(description="EDRPOU of the initiating organisation.")]
    title_uk: Annotated[str, Field(min_length=1)]
    title_en: str = ""
    description_uk: str = ""
    description_en: str = ""
    purpose: str
    type: str
    sector: Annotated[str, Field(description="WB-ECO sector code.")]
    locations: list[LocationIn] = []
    budget: list[BudgetLineIn] | None = None
    finance: list[FinanceLineIn] | None = None
    phases: list[PhaseIn] | None = None
    indicators: list[IndicatorIn] | None = None


class ProjectUpdate(Schema):
    """Changes to a project's passport; a list given replaces the one held."""

    title_uk: str | None = None
    title_en: str | None = None
    description_uk: str | None = None
    description_en: str | None = None
    purpose: str | None = None
    type: str | None = None
    sector: str | None = None
    locations: list[LocationIn] | None = None
    budget: list[BudgetLineIn] | None = None
    finance: list[FinanceLineIn] | None = None
    phases: list[PhaseIn] | None = None
    indicators: list[IndicatorIn] | None = None


class StepIn(Schema):
    """A step of the life cycle to take."""

    step: Annotated[str, Field(description="submit_for_appraisal, appraise, refuse, approve, ...")]
    comment: str = ""


class HistoryEvent(Schema):
    """A public event of the project's history."""

    position: int
    occurred_at: datetime
    action: str
    acting_for: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    comment: str
    hash: str


DOCUMENT_TYPES = [choice.value for choice in DocumentType]

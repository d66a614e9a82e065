"""The life cycle of a project: every step, who may take it, and what data it needs."""

from collections.abc import Callable
from dataclasses import dataclass

from projects.authority import Level, approval_level
from projects.codes import DocumentType, Status, StatusDetail
from projects.models import Project

State = tuple[str, str]

PENDING = Status.PENDING
Requirement = Callable[[Project], str | None]


def needs_passport(project: Project) -> str | None:
    """Refuse a project without its title and description in Ukrainian, sector, type and purpose."""
    missing = [
        label
        for label, value in (
            ("a title in Ukrainian", project.title_uk),
            ("a description in Ukrainian", project.description_uk),
            ("a sector", project.sector),
            ("a type", project.type),
            ("a purpose", project.purpose),
        )
        if not value
    ]
    return f"the passport needs {', '.join(missing)}" if missing else None


def needs_location(project: Project) -> str | None:
    """Refuse a project that names no place."""
    return None if project.locations.exists() else "the project needs at least one location (a KATOTTG code)"


def needs_cost_estimate(project: Project) -> str | None:
    """Refuse a project without a cost estimate."""
    return None if project.estimated_cost_uah > 0 else "the project needs a cost estimate (budget lines above zero)"


def needs_finance_plan(project: Project) -> str | None:
    """Refuse a project that says nothing of where its money comes from."""
    return None if project.finance_lines.exists() else "the project needs finance lines naming its funding sources"


def needs_phase_plan(project: Project) -> str | None:
    """Refuse a project without a phase plan."""
    return None if project.phases.exists() else "the project needs a phase plan with planned dates"


def needs_committed_funding(project: Project) -> str | None:
    """Refuse to start work that no financing party has committed money to."""
    committed = project.finance_lines.filter(is_committed=True, amount__gt=0).exists()
    return None if committed else "the project needs committed funding (a finance line marked committed)"


def needs_commissioning_certificate(project: Project) -> str | None:
    """Refuse to complete a project whose commissioning is not certified."""
    certified = project.documents.filter(document_type=DocumentType.CERTIFICATION).exists()
    return None if certified else "the project needs a commissioning certificate (a certification document)"


class Actor:
    """Who takes a step."""

    EDITOR = "editor"
    APPRAISER = "appraiser"
    DECIDER = "decider"


@dataclass(frozen=True)
class Step:
    """One step of the life cycle."""

    name: str
    sources: frozenset[State]
    target: State
    actor: str
    requirements: tuple[Requirement, ...] = ()
    needs_comment: bool = False
    marks_submission: bool = False

    def level(self, project: Project) -> str:
        """Return the level of the approver who takes this step on this project."""
        if self.actor == Actor.APPRAISER or project.status_details == StatusDetail.APPRAISAL:
            return Level.REGIONAL
        return approval_level(project)


def _pending(*details: str) -> frozenset[State]:
    return frozenset((PENDING, detail) for detail in details)


OPEN_PENDING = (
    StatusDetail.INITIATED,
    StatusDetail.DEFINITION,
    StatusDetail.DEFINED,
    StatusDetail.APPRAISAL,
    StatusDetail.APPRAISED,
    StatusDetail.STRUCTURING,
    StatusDetail.STRUCTURED,
    StatusDetail.APPLIED,
    StatusDetail.APPROVED,
    StatusDetail.REFUSED,
)

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("begin_definition", _pending(StatusDetail.INITIATED), (PENDING, StatusDetail.DEFINITION), Actor.EDITOR),
        Step(
            "complete_definition",
            _pending(StatusDetail.DEFINITION),
            (PENDING, StatusDetail.DEFINED),
            Actor.EDITOR,
            (needs_passport, needs_location),
        ),
        Step(
            "submit_for_appraisal",
            _pending(StatusDetail.DEFINED),
            (PENDING, StatusDetail.APPRAISAL),
            Actor.EDITOR,
            (needs_passport, needs_location, needs_cost_estimate),
            marks_submission=True,
        ),
        Step(
            "appraise",
            _pending(StatusDetail.APPRAISAL),
            (PENDING, StatusDetail.APPRAISED),
            Actor.APPRAISER,
            (needs_location, needs_cost_estimate),
        ),
        Step(
            "refuse",
            _pending(StatusDetail.APPRAISAL, StatusDetail.APPLIED),
            (PENDING, StatusDetail.REFUSED),
            Actor.DECIDER,
            needs_comment=True,
        ),
        Step("revise", _pending(StatusDetail.REFUSED), (PENDING, StatusDetail.DEFINITION), Actor.EDITOR),
        Step("begin_structuring", _pending(StatusDetail.APPRAISED), (PENDING, StatusDetail.STRUCTURING), Actor.EDITOR),
        Step(
            "complete_structuring",
            _pending(StatusDetail.STRUCTURING),
            (PENDING, StatusDetail.STRUCTURED),
            Actor.EDITOR,
            (needs_cost_estimate, needs_finance_plan, needs_phase_plan),
        ),
        Step(
            "apply_for_funding",
            _pending(StatusDetail.STRUCTURED),
            (PENDING, StatusDetail.APPLIED),
            Actor.EDITOR,
            (needs_cost_estimate, needs_finance_plan, needs_phase_plan),
            marks_submission=True,
        ),
        Step(
            "approve",
            _pending(StatusDetail.APPLIED),
            (PENDING, StatusDetail.APPROVED),
            Actor.DECIDER,
            (needs_cost_estimate, needs_finance_plan),
        ),
        Step(
            "start_implementation",
            _pending(StatusDetail.APPROVED),
            (Status.ACTIVE, StatusDetail.IMPLEMENTATION),
            Actor.EDITOR,
            (needs_committed_funding,),
        ),
        Step(
            "complete",
            frozenset({(Status.ACTIVE, StatusDetail.IMPLEMENTATION)}),
            (Status.COMPLETE, StatusDetail.COMMISSIONED),
            Actor.EDITOR,
            (needs_commissioning_certificate,),
        ),
        Step(
            "cancel",
            _pending(*OPEN_PENDING) | {(Status.ACTIVE, StatusDetail.IMPLEMENTATION)},
            (Status.CANCELLED, StatusDetail.WITHDRAWN),
            Actor.EDITOR,
            needs_comment=True,
        ),
        Step(
            "terminate",
            frozenset({(Status.ACTIVE, StatusDetail.IMPLEMENTATION)}),
            (Status.UNSUCCESSFUL, StatusDetail.TERMINATED),
            Actor.DECIDER,
            needs_comment=True,
        ),
    )
}

# The steps that take a project from its registration to its completion when nothing goes wrong, in order.
MAIN_ROUTE = (
    "begin_definition",
    "complete_definition",
    "submit_for_appraisal",
    "appraise",
    "begin_structuring",
    "complete_structuring",
    "apply_for_funding",
    "approve",
    "start_implementation",
    "complete",
)

# The passport can change only while the initiator holds the project, not while it waits for a decision.
EDITABLE_STATES = _pending(
    StatusDetail.INITIATED,
    StatusDetail.DEFINITION,
    StatusDetail.DEFINED,
    StatusDetail.REFUSED,
    StatusDetail.APPRAISED,
    StatusDetail.STRUCTURING,
)


# Actual dates of phases keep coming in while the work goes on.
PHASE_PLAN_EDITABLE_STATES = EDITABLE_STATES | {(Status.ACTIVE, StatusDetail.IMPLEMENTATION)}


def steps_from(state: State) -> list[str]:
    """Return the names of the steps that can be taken from a state."""
    return [name for name, step in STEPS.items() if state in step.sources]

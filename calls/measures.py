"""What a call reads from a project: its co-financing, its plan's length, its documents, its place and its damage."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from calls.codes import CriterionKind, RuleKind
from calls.models import Call, EligibilityRule
from calls.ranking import plain
from connectors.damage.models import DamagedAsset
from projects.codes import Currency, DocumentType, FundingSourceCategory, IndicatorKind, Status, StatusDetail
from projects.models import Project

HUNDREDTHS = Decimal("0.01")
TEN_THOUSANDTHS = Decimal("0.0001")

# The community's own money: the local budget. Lines in other currencies are not counted, since the bank of
# projects holds no exchange rates; a community that co-finances in euros must state the line in hryvnias.
OWN_SOURCES = frozenset({FundingSourceCategory.LOCAL_BUDGET})

# NOTE: the real system's documentType codelist has no separate code for the expert report on design documents
# (експертний звіт); such a report is filed as a technical document, so that is the type the rule looks for.
DESIGN_DOCUMENT = DocumentType.DESIGN_DOCUMENT
EXPERTISE_REPORT = DocumentType.TECHNICAL_DOCUMENT
READINESS_DOCUMENTS = (
    DocumentType.FEASIBILITY_STUDY,
    DocumentType.DESIGN_DOCUMENT,
    DocumentType.TECHNICAL_DOCUMENT,
    DocumentType.PERMISSION_DOCUMENT,
)

# A project is in its oblast's portfolio once the regional administration has appraised it (the `appraise` step,
# always taken by a regional approver of the oblast) and it is still on its way: not refused, withdrawn or closed.
PORTFOLIO_STATES = frozenset(
    {
        (Status.PENDING, StatusDetail.APPRAISED),
        (Status.PENDING, StatusDetail.STRUCTURING),
        (Status.PENDING, StatusDetail.STRUCTURED),
        (Status.PENDING, StatusDetail.APPLIED),
        (Status.PENDING, StatusDetail.APPROVED),
        (Status.ACTIVE, StatusDetail.IMPLEMENTATION),
    }
)


def cofinancing_share(project: Project) -> Decimal | None:
    """Return the percentage of the estimated cost the local budget pays, to hundredths; unknown without a cost."""
    if project.estimated_cost_uah <= 0:
        return None
    own = sum(
        (
            line.amount
            for line in project.finance_lines.all()
            if line.source_category in OWN_SOURCES and line.currency == Currency.UAH
        ),
        Decimal(0),
    )
    return (own * 100 / project.estimated_cost_uah).quantize(HUNDREDTHS, rounding=ROUND_HALF_UP)


def implementation_months(project: Project) -> Decimal | None:
    """Return the months from the first planned start to the last planned end of the phase plan, a part month whole."""
    phases = list(project.phases.all())
    if not phases:
        return None
    start = min(phase.planned_start for phase in phases)
    end = max(phase.planned_end for phase in phases)
    months = (end.year - start.year) * 12 + (end.month - start.month) + (1 if end.day >= start.day else 0)
    return Decimal(max(months, 1))


def document_types(project: Project) -> set[str]:
    """Return the types of the documents the project holds, whatever their access level."""
    return {document.document_type for document in project.documents.all()}


def readiness(project: Project) -> Decimal:
    """Return how many of the feasibility study, design, expertise and permit documents the project holds."""
    held = document_types(project)
    return Decimal(sum(1 for kind in READINESS_DOCUMENTS if kind in held))


def people_served(project: Project) -> Decimal | None:
    """Return the target number of people served, summed over the project's indicators of that kind."""
    targets = [item.target for item in project.indicators.all() if item.kind == IndicatorKind.NUMBER_OF_CONSUMERS]
    total = sum(targets, Decimal(0))
    return total if total > 0 else None


def cost_per_beneficiary(project: Project) -> Decimal | None:
    """Return the estimated cost in hryvnias per person served, to ten-thousandths."""
    people = people_served(project)
    if people is None:
        return None
    return (project.estimated_cost_uah / people).quantize(TEN_THOUSANDTHS, rounding=ROUND_HALF_UP)


def damage_loss(project: Project) -> Decimal | None:
    """Return the loss the damage register estimates for the assets the project restores, in hryvnias."""
    assets = DamagedAsset.objects.filter(projects=project, estimated_loss_uah__isnull=False)
    losses = [asset.estimated_loss_uah for asset in assets if asset.estimated_loss_uah is not None]
    return sum(losses, Decimal(0)) if losses else None


MEASURES: dict[str, Callable[[Project], Decimal | None]] = {
    CriterionKind.COFINANCING_SHARE: cofinancing_share,
    CriterionKind.COST_PER_BENEFICIARY: cost_per_beneficiary,
    CriterionKind.PEOPLE_SERVED: people_served,
    CriterionKind.READINESS: readiness,
    CriterionKind.DAMAGE_SEVERITY: damage_loss,
    CriterionKind.IMPLEMENTATION_MONTHS: implementation_months,
}


def measure(kind: str, project: Project) -> Decimal | None:
    """Return the value of a criterion on the project."""
    return MEASURES[kind](project)


@dataclass(frozen=True)
class Check:
    """One eligibility rule checked on one project."""

    rule: str
    parameter: Decimal | None
    value: str
    passed: bool
    message: str

    def as_json(self) -> dict[str, Any]:
        """Return the check as it is stored and published."""
        return {
            "rule": self.rule,
            "parameter": None if self.parameter is None else plain(self.parameter),
            "value": self.value,
            "passed": self.passed,
            "message": self.message,
        }


def project_territories(project: Project) -> list[str]:
    """Return the KATOTTG codes where the project works, or its initiator's unit if it names none."""
    codes = [location.territory_id for location in project.locations.all()]
    if not codes and project.initiator.territory_id:
        codes = [project.initiator.territory_id]
    return codes


def _call_checks(call: Call, project: Project) -> list[Check]:
    checks = []
    if call.project_types:
        passed = project.type in call.project_types
        checks.append(
            Check(
                "project_type",
                None,
                project.type,
                passed,
                f"The project's type {project.type} is "
                + ("" if passed else "not ")
                + f"among those the call admits ({', '.join(call.project_types)}).",
            )
        )
    if call.territory_prefixes:
        places = project_territories(project)
        passed = any(code.startswith(tuple(call.territory_prefixes)) for code in places)
        checks.append(
            Check(
                "territory",
                None,
                ", ".join(places) or "—",
                passed,
                ("The project lies" if passed else "The project does not lie")
                + f" within the territories the call admits ({', '.join(call.territory_prefixes)}).",
            )
        )
    return checks


def _min_cofinancing_share(project: Project, parameter: Decimal | None) -> tuple[str, bool, str]:
    share = cofinancing_share(project)
    passed = share is not None and parameter is not None and share >= parameter
    message = (
        f"The local budget pays {plain(share)} % of the estimated cost; the call needs at least {plain(parameter)} %."
    )
    return plain(share), passed, message


def _max_implementation_months(project: Project, parameter: Decimal | None) -> tuple[str, bool, str]:
    months = implementation_months(project)
    if months is None:
        return "—", False, "The project has no phase plan, so its length is unknown."
    passed = parameter is not None and months <= parameter
    return (
        plain(months),
        passed,
        f"The phase plan spans {plain(months)} months; the call allows at most {plain(parameter)}.",
    )


def _design_with_expertise(project: Project, parameter: Decimal | None) -> tuple[str, bool, str]:
    held = document_types(project)
    wanted = ((DESIGN_DOCUMENT, "design documents"), (EXPERTISE_REPORT, "the expert report"))
    missing = [label for code, label in wanted if code not in held]
    value = ", ".join(sorted(held & {DESIGN_DOCUMENT, EXPERTISE_REPORT})) or "—"
    if not missing:
        return value, True, "The project holds its design documents and their expert report."
    return (
        value,
        False,
        f"The project lacks {' and '.join(missing)} (document types {DESIGN_DOCUMENT} and {EXPERTISE_REPORT}).",
    )


def _in_territory_portfolio(project: Project, parameter: Decimal | None) -> tuple[str, bool, str]:
    state = f"{project.status}:{project.status_details}"
    if (project.status, project.status_details) in PORTFOLIO_STATES:
        return state, True, f"The project is {state}: its regional administration has appraised it."
    return (
        state,
        False,
        (
            f"The project is {state}; only a project its regional administration has appraised, and that is still "
            "under way, is in the oblast's portfolio."
        ),
    )


def _max_cost_uah(project: Project, parameter: Decimal | None) -> tuple[str, bool, str]:
    cost = project.estimated_cost_uah
    passed = parameter is not None and cost <= parameter
    return (
        plain(cost),
        passed,
        f"The estimated cost is {plain(cost)} UAH; the call funds projects of at most {plain(parameter)} UAH.",
    )


RULES: dict[str, Callable[[Project, Decimal | None], tuple[str, bool, str]]] = {
    RuleKind.MIN_COFINANCING_SHARE: _min_cofinancing_share,
    RuleKind.MAX_IMPLEMENTATION_MONTHS: _max_implementation_months,
    RuleKind.DESIGN_WITH_EXPERTISE: _design_with_expertise,
    RuleKind.IN_TERRITORY_PORTFOLIO: _in_territory_portfolio,
    RuleKind.MAX_COST_UAH: _max_cost_uah,
}


def _rule_check(rule: EligibilityRule, project: Project) -> Check:
    value, passed, message = RULES[rule.kind](project, rule.parameter)
    return Check(rule.kind, rule.parameter, value, passed, message)


def eligibility(call: Call, project: Project) -> list[Check]:
    """Check the call's type and territory limits and each of its rules on the project."""
    return [*_call_checks(call, project), *(_rule_check(rule, project) for rule in call.rules.all())]

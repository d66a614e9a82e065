"""A call and projects in chosen states, made through the services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from calls import services
from calls.codes import CriterionKind, Direction, RuleKind
from calls.models import Call
from projects import services as project_services
from projects.codes import DocumentType, FundingSourceCategory, FundingType, StatusDetail
from projects.models import Project
from tests.factories import MINIMAL_PDF, Cast, project_in

COST = Decimal("1000000.00")


def make_call(cast: Cast, *, code: str = "schools-2026", opened: bool = True, **overrides) -> Call:
    """Define (and open) a call whose window holds the present moment, with four rules and three criteria."""
    now = timezone.now()
    options = {
        "name": "Відновлення шкіл 2026",
        "budget_uah": Decimal(5000000),
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(hours=1),
        "project_types": ["rehabilitation", "construction"],
        "bonus_per_application": Decimal(5),
        "bonus_per_oblast": Decimal(8),
        "rules": [
            services.RuleInput(RuleKind.MIN_COFINANCING_SHARE, Decimal(10)),
            services.RuleInput(RuleKind.MAX_IMPLEMENTATION_MONTHS, Decimal(18)),
            services.RuleInput(RuleKind.DESIGN_WITH_EXPERTISE),
            services.RuleInput(RuleKind.IN_TERRITORY_PORTFOLIO),
        ],
        "criteria": [
            services.CriterionInput(CriterionKind.COFINANCING_SHARE, Decimal(40), Decimal(10), Decimal(50)),
            services.CriterionInput(
                CriterionKind.IMPLEMENTATION_MONTHS, Decimal(20), Decimal(6), Decimal(18), Direction.LOWER
            ),
            services.CriterionInput(CriterionKind.READINESS, Decimal(40), Decimal(0), Decimal(4)),
        ],
    }
    options.update(overrides)
    call = services.create_call(actor=cast.operator, code=code, **options)
    if opened:
        call = services.open_call(actor=cast.operator, call=call)
    return call


def ready_project(
    cast: Cast,
    *,
    state: str = StatusDetail.APPRAISED,
    local_share: Decimal = Decimal(30),
    documents: tuple[str, ...] = (DocumentType.DESIGN_DOCUMENT, DocumentType.TECHNICAL_DOCUMENT),
    initiator=None,
) -> Project:
    """Return a project in a state, paid by the local budget for a share of its cost, holding some documents."""
    project = project_in(cast, state, initiator=initiator, cost=COST)
    editor = cast.editor_of(project)
    own = (COST * local_share / 100).quantize(Decimal("0.01"))
    project_services.set_finance(
        actor=editor,
        project=project,
        lines=[
            project_services.FinanceLineInput(
                source_category=FundingSourceCategory.LOCAL_BUDGET, funding_type=FundingType.STATE_FUNDS, amount=own
            ),
            project_services.FinanceLineInput(
                source_category=FundingSourceCategory.STATE_SUBSIDIES,
                funding_type=FundingType.STATE_FUNDS,
                amount=COST - own,
            ),
        ],
    )
    for document_type in documents:
        project_services.attach_document(
            actor=editor,
            project=project,
            title=document_type,
            document_type=document_type,
            content=MINIMAL_PDF,
            filename=f"{document_type}.pdf",
        )
    return Project.objects.get(pk=project.pk)


@pytest.fixture
def call(cast) -> Call:
    return make_call(cast)

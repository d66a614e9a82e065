"""What a call reads from a project: people served, cost per person, damage, cost limit and an unknown value."""

from datetime import date
from decimal import Decimal

from calls import services
from calls.codes import CriterionKind, Direction, RuleKind
from connectors.damage.importing import Provenance
from connectors.damage.services import record_damaged_asset
from connectors.damage.source import AssetFacts
from projects import services as project_services
from projects.codes import IndicatorKind
from tests.calls.conftest import make_call, ready_project
from tests.factories import BUCHANSKA_HROMADA


def _damage(project, register_id, loss):
    record_damaged_asset(
        AssetFacts(
            register_id=register_id,
            katottg=BUCHANSKA_HROMADA,
            address="",
            object_type="school",
            damage_category="damaged",
            damaged_on=date(2022, 3, 10),
            estimated_loss_uah=loss,
            owner_is_private=False,
            project_codes=(project.code,),
        ),
        provenance=Provenance(source="test.csv", position=1, text="{}"),
    )


def test_people_cost_per_person_and_damage_are_measured_and_scored(cast):
    call = make_call(
        cast,
        code="people",
        rules=[services.RuleInput(RuleKind.MAX_COST_UAH, Decimal(2000000))],
        criteria=[
            services.CriterionInput(CriterionKind.PEOPLE_SERVED, Decimal(10), Decimal(0), Decimal(1000)),
            services.CriterionInput(
                CriterionKind.COST_PER_BENEFICIARY, Decimal(10), Decimal(1000), Decimal(5000), Direction.LOWER
            ),
            services.CriterionInput(CriterionKind.DAMAGE_SEVERITY, Decimal(10), Decimal(0), Decimal(4000000)),
        ],
    )
    project = ready_project(cast)
    project_services.set_indicators(
        actor=cast.bucha_editor,
        project=project,
        indicators=[
            project_services.IndicatorInput(IndicatorKind.NUMBER_OF_CONSUMERS, "Учні", Decimal(0), Decimal(300)),
            project_services.IndicatorInput(IndicatorKind.NUMBER_OF_CONSUMERS, "Вчителі", Decimal(0), Decimal(50)),
        ],
    )
    _damage(project, "DR-1", Decimal(1000000))
    _damage(project, "DR-2", Decimal(500000))
    application = services.apply(actor=cast.bucha_editor, call=call, project_code=project.code)

    assert application.eligibility[1:] == [
        {
            "rule": "max_cost_uah",
            "parameter": "2000000",
            "value": "1000000",
            "passed": True,
            "message": "The estimated cost is 1000000 UAH; the call funds projects of at most 2000000 UAH.",
        }
    ]
    scores = {
        item.criterion.kind: (item.value, item.points) for item in application.scores.select_related("criterion")
    }
    assert scores == {
        "people_served": (Decimal("350.0000"), Decimal("3.50")),
        "cost_per_beneficiary": (Decimal("2857.1429"), Decimal("5.36")),
        "damage_severity": (Decimal("1500000.0000"), Decimal("3.75")),
    }


def test_a_value_that_cannot_be_measured_earns_nothing_and_says_why(cast):
    call = make_call(
        cast,
        code="unknown",
        rules=[],
        criteria=[services.CriterionInput(CriterionKind.PEOPLE_SERVED, Decimal(10), Decimal(0), Decimal(1000))],
    )
    application = services.apply(actor=cast.bucha_editor, call=call, project_code=ready_project(cast).code)
    [score] = application.scores.all()
    assert (score.value, score.points) == (None, Decimal("0.00"))
    assert score.rule.endswith("the value is unknown, so 0 points")

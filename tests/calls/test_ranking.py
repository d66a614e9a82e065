"""The scoring formula and the ranking's order, as pure functions."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from calls.ranking import Candidate, CriterionSpec, rank, recompute, score

SHARE = CriterionSpec("cofinancing_share", "higher", Decimal(40), Decimal(10), Decimal(50))
MONTHS = CriterionSpec("implementation_months", "lower", Decimal(20), Decimal(6), Decimal(18))


@pytest.mark.parametrize(
    ("spec", "value", "points"),
    [
        (SHARE, Decimal(10), Decimal("0.00")),
        (SHARE, Decimal(5), Decimal("0.00")),
        (SHARE, Decimal(30), Decimal("20.00")),
        (SHARE, Decimal(50), Decimal("40.00")),
        (SHARE, Decimal(70), Decimal("40.00")),
        (SHARE, Decimal("10.01"), Decimal("0.01")),
        (SHARE, Decimal("10.0125"), Decimal("0.01")),
        (SHARE, Decimal("10.0175"), Decimal("0.02")),
        (MONTHS, Decimal(6), Decimal("20.00")),
        (MONTHS, Decimal(7), Decimal("18.33")),
        (MONTHS, Decimal(18), Decimal("0.00")),
        (MONTHS, Decimal(24), Decimal("0.00")),
        (SHARE, None, Decimal("0.00")),
    ],
)
def test_points_are_linear_between_the_bounds_and_rounded_half_up(spec, value, points):
    assert score(spec, value).points == points


def test_the_rule_writes_the_arithmetic_out():
    assert score(SHARE, Decimal(30)).rule == (
        "0 points at 10 or less, 40 at 50 or more, linear between: 40 × (30 − 10) ÷ (50 − 10) = 20"
    )
    assert score(SHARE, None).rule.endswith("the value is unknown, so 0 points")


def _at(minute: int) -> datetime:
    return datetime(2026, 3, 1, 10, minute, tzinfo=UTC)


def test_ties_go_to_the_earlier_application_then_to_the_project_code():
    same = {"cofinancing_share": Decimal(30)}
    lines = rank(
        [SHARE],
        [
            Candidate(1, "DREAM-UA-B", _at(5), same),
            Candidate(2, "DREAM-UA-C", _at(1), same),
            Candidate(3, "DREAM-UA-A", _at(5), same),
            Candidate(4, "DREAM-UA-D", _at(9), same, bonus=Decimal("0.01")),
        ],
    )
    assert [(line.position, line.application) for line in lines] == [(1, 4), (2, 2), (3, 3), (4, 1)]


def test_recompute_names_each_number_that_differs():
    document = {
        "criteria": [
            {"kind": "cofinancing_share", "direction": "higher", "weight": 40, "min_value": 10, "max_value": 50}
        ],
        "ranking": [
            {
                "position": 1,
                "application": 7,
                "project": "DREAM-UA-A",
                "applied_at": "2026-03-01T10:00:00+00:00",
                "scores": [{"criterion": "cofinancing_share", "value": 30, "points": 20}],
                "automatic_points": 20,
                "bonus_points": 1,
                "total_points": 22,
            }
        ],
    }
    result = recompute(document)
    assert not result.agrees
    assert result.differences == ["Application 7 (DREAM-UA-A): total_points published 22, recomputed 21."]

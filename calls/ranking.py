"""The scoring formula and the ranking, as pure functions anyone can run on the published data.

Nothing here reads the database: the services give it what they hold, and ``dream calls recompute`` gives it a
published ranking document, so both reach their numbers by the same arithmetic.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

POINTS = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
TIE_BREAK = "total points, higher first; then the earlier application; then the project code, in alphabetical order"


def plain(number: Decimal | None) -> str:
    """Write a number without trailing zeros or an exponent, as a person would."""
    if number is None:
        return "—"
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True)
class CriterionSpec:
    """A criterion as published: what it measures, which way is better, its weight and its bounds."""

    kind: str
    direction: str
    weight: Decimal
    min_value: Decimal
    max_value: Decimal


@dataclass(frozen=True)
class CriterionPoints:
    """The points one value earns on one criterion, with the arithmetic written out."""

    kind: str
    value: Decimal | None
    points: Decimal
    rule: str


def score(spec: CriterionSpec, value: Decimal | None) -> CriterionPoints:
    """Give 0 to ``weight`` points, linearly between the bounds, rounded half up to hundredths."""
    low, high, weight = spec.min_value, spec.max_value, spec.weight
    if spec.direction == "higher":
        scale = f"0 points at {plain(low)} or less, {plain(weight)} at {plain(high)} or more, linear between"
    else:
        scale = f"{plain(weight)} points at {plain(low)} or less, 0 at {plain(high)} or more, linear between"
    if value is None:
        return CriterionPoints(spec.kind, None, ZERO, f"{scale}; the value is unknown, so 0 points")

    span = high - low
    distance = value - low if spec.direction == "higher" else high - value
    fraction = min(max(distance / span, ZERO), ONE)
    points = (weight * fraction).quantize(POINTS, rounding=ROUND_HALF_UP)
    numerator = f"{plain(value)} − {plain(low)}" if spec.direction == "higher" else f"{plain(high)} − {plain(value)}"
    if ZERO < fraction < ONE:
        arithmetic = f"{plain(weight)} × ({numerator}) ÷ ({plain(high)} − {plain(low)}) = {plain(points)}"
    else:
        arithmetic = f"{plain(value)} is at or beyond a bound, so {plain(points)}"
    return CriterionPoints(spec.kind, value, points, f"{scale}: {arithmetic}")


@dataclass(frozen=True)
class Candidate:
    """An eligible application as the ranking sees it: the measured values and the bonus given."""

    application: int
    project: str
    applied_at: datetime
    values: Mapping[str, Decimal | None]
    bonus: Decimal = ZERO


@dataclass(frozen=True)
class RankedLine:
    """One line of the ranking."""

    position: int
    application: int
    project: str
    scores: tuple[CriterionPoints, ...]
    automatic_points: Decimal
    bonus_points: Decimal
    total_points: Decimal


def rank(criteria: Sequence[CriterionSpec], candidates: Iterable[Candidate]) -> list[RankedLine]:
    """Score every candidate on every criterion and order them by total points, ties broken as TIE_BREAK says."""
    scored = []
    for candidate in candidates:
        scores = tuple(score(spec, candidate.values.get(spec.kind)) for spec in criteria)
        automatic = sum((item.points for item in scores), ZERO)
        scored.append((candidate, scores, automatic, automatic + candidate.bonus))
    scored.sort(key=lambda line: (-line[3], line[0].applied_at, line[0].project))
    return [
        RankedLine(position, candidate.application, candidate.project, scores, automatic, candidate.bonus, total)
        for position, (candidate, scores, automatic, total) in enumerate(scored, start=1)
    ]


@dataclass
class Recomputation:
    """The ranking recomputed from a published document, and every way it differs from what was published."""

    lines: list[RankedLine]
    differences: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        """Say whether the published ranking is exactly the recomputed one."""
        return not self.differences


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def recompute(document: Mapping[str, Any]) -> Recomputation:
    """Recompute a published ranking from its own criteria and values, and list where the two differ."""
    criteria = [
        CriterionSpec(
            kind=item["kind"],
            direction=item["direction"],
            weight=Decimal(str(item["weight"])),
            min_value=Decimal(str(item["min_value"])),
            max_value=Decimal(str(item["max_value"])),
        )
        for item in document["criteria"]
    ]
    published = {line["application"]: line for line in document["ranking"]}
    candidates = [
        Candidate(
            application=line["application"],
            project=line["project"],
            applied_at=_moment(line["applied_at"]),
            values={item["criterion"]: _decimal(item["value"]) for item in line["scores"]},
            bonus=Decimal(str(line["bonus_points"])),
        )
        for line in document["ranking"]
    ]
    lines = rank(criteria, candidates)

    differences = []
    for line in lines:
        given = published[line.application]
        for name, ours in (
            ("position", Decimal(line.position)),
            ("automatic_points", line.automatic_points),
            ("total_points", line.total_points),
        ):
            theirs = Decimal(str(given[name]))
            if theirs != ours:
                differences.append(
                    f"Application {line.application} ({line.project}): {name} published {plain(theirs)}, "
                    f"recomputed {plain(ours)}."
                )
        given_points = {item["criterion"]: Decimal(str(item["points"])) for item in given["scores"]}
        differences.extend(
            f"Application {line.application} ({line.project}): {item.kind} published "
            f"{plain(given_points.get(item.kind))} points, recomputed {plain(item.points)}."
            for item in line.scores
            if given_points.get(item.kind) != item.points
        )
    return Recomputation(lines, differences)

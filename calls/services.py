"""Every write of a funding call: the call itself, applications, scores, bonus points, decisions and the ranking."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from audit.services import record_event
from calls import measures
from calls.codes import (
    RULES_WITH_PARAMETER,
    ApplicationStatus,
    CallStatus,
    CriterionKind,
    DecisionKind,
    Direction,
    RuleKind,
)
from calls.exceptions import (
    AlreadyApplied,
    BonusAboveQuota,
    CallClosed,
    CallNotAllowed,
    CallStateConflict,
    InvalidBonus,
    InvalidCall,
    InvalidDecision,
    NotEligible,
    NotYourRegion,
    UndecidedApplications,
)
from calls.models import (
    Application,
    BonusPoints,
    Call,
    Criterion,
    Decision,
    EligibilityRule,
    RankingEntry,
    Score,
)
from calls.ranking import Candidate, CriterionSpec, plain, rank, score
from parties.models import Organisation, OrganisationKind, Role
from projects.authority import editor_organisation, oblast_prefix
from projects.codes import ProjectType
from projects.queries import get_project

CALL_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
TERRITORY_PREFIX = re.compile(r"^UA\d{2,17}$")


@dataclass(frozen=True)
class RuleInput:
    """An eligibility rule as given by the operator."""

    kind: str
    parameter: Decimal | None = None


@dataclass(frozen=True)
class CriterionInput:
    """A criterion as given by the operator."""

    kind: str
    weight: Decimal
    min_value: Decimal
    max_value: Decimal
    direction: str = Direction.HIGHER


def _number(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise InvalidCall(f"{value!r} is not a number.", field=field) from error
    if not number.is_finite():
        raise InvalidCall(f"{value!r} is not a number.", field=field)
    return number


def _operator(actor: User, what: str) -> Organisation:
    membership = actor.memberships.select_related("organisation").filter(role=Role.OPERATOR).first()
    if membership is None:
        raise CallNotAllowed(f"Only an operator may {what}.")
    return membership.organisation


def _commission(actor: User, what: str) -> Organisation:
    """Return the organisation for which the actor sits on the commission: a ministry approver or an operator."""
    membership = (
        actor.memberships.select_related("organisation")
        .filter(role=Role.MINISTRY_APPROVER, organisation__kind=OrganisationKind.MINISTRY)
        .first()
    ) or actor.memberships.select_related("organisation").filter(role=Role.OPERATOR).first()
    if membership is None:
        raise CallNotAllowed(f"Only the commission (ministry approvers and operators) may {what}.")
    return membership.organisation


def _locked_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _call_snapshot(call: Call) -> dict[str, Any]:
    return {
        "code": call.code,
        "name": call.name,
        "budget_uah": call.budget_uah,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "project_types": call.project_types,
        "territory_prefixes": call.territory_prefixes,
        "bonus_per_application": call.bonus_per_application,
        "bonus_per_oblast": call.bonus_per_oblast,
        "status": call.status,
        "rules": [{"kind": rule.kind, "parameter": rule.parameter} for rule in call.rules.all()],
        "criteria": [
            {
                "kind": item.kind,
                "direction": item.direction,
                "weight": item.weight,
                "min_value": item.min_value,
                "max_value": item.max_value,
            }
            for item in call.criteria.all()
        ],
    }


def _check_rules(rules: Sequence[RuleInput]) -> list[EligibilityRule]:
    checked = []
    for index, rule in enumerate(rules):
        field = f"rules.{index}"
        if rule.kind not in RuleKind.values:
            raise InvalidCall(f"{rule.kind!r} is not a rule; use one of {', '.join(RuleKind.values)}.", field=field)
        parameter = None if rule.parameter is None else _number(rule.parameter, f"{field}.parameter")
        if rule.kind in RULES_WITH_PARAMETER and (parameter is None or parameter < 0):
            raise InvalidCall(f"The rule {rule.kind} needs a number, zero or more.", field=f"{field}.parameter")
        if rule.kind not in RULES_WITH_PARAMETER:
            parameter = None
        checked.append(EligibilityRule(kind=rule.kind, parameter=parameter))
    if len({rule.kind for rule in checked}) != len(checked):
        raise InvalidCall("Each rule may be set once in a call.", field="rules")
    return checked


def _check_criteria(criteria: Sequence[CriterionInput]) -> list[Criterion]:
    checked = []
    for index, item in enumerate(criteria):
        field = f"criteria.{index}"
        if item.kind not in CriterionKind.values:
            raise InvalidCall(
                f"{item.kind!r} is not a criterion; use one of {', '.join(CriterionKind.values)}.", field=field
            )
        if item.direction not in Direction.values:
            raise InvalidCall("The direction is higher or lower.", field=f"{field}.direction")
        weight = _number(item.weight, f"{field}.weight")
        low, high = _number(item.min_value, f"{field}.min_value"), _number(item.max_value, f"{field}.max_value")
        if weight <= 0:
            raise InvalidCall("A criterion's weight must be above zero.", field=f"{field}.weight")
        if high <= low:
            raise InvalidCall("A criterion's max_value must be above its min_value.", field=f"{field}.max_value")
        checked.append(
            Criterion(kind=item.kind, direction=item.direction, weight=weight, min_value=low, max_value=high)
        )
    if not checked:
        raise InvalidCall("A call needs at least one criterion to rank its applications.", field="criteria")
    if len({item.kind for item in checked}) != len(checked):
        raise InvalidCall("Each criterion may be set once in a call.", field="criteria")
    return checked


def _check_admitted(project_types: Sequence[str], territory_prefixes: Sequence[str]) -> None:
    unknown_types = sorted(set(project_types) - set(ProjectType.values))
    if unknown_types:
        raise InvalidCall(
            f"{', '.join(unknown_types)}: not project types; use {', '.join(ProjectType.values)}.",
            field="project_types",
        )
    bad_prefixes = [prefix for prefix in territory_prefixes if not TERRITORY_PREFIX.match(prefix)]
    if bad_prefixes:
        raise InvalidCall(
            f"{', '.join(bad_prefixes)}: a territory is a KATOTTG code or its prefix, such as UA32.",
            field="territory_prefixes",
        )


def create_call(
    *,
    actor: User,
    code: str,
    name: str,
    budget_uah: Decimal,
    opens_at: datetime,
    closes_at: datetime,
    rules: Sequence[RuleInput],
    criteria: Sequence[CriterionInput],
    description: str = "",
    project_types: Sequence[str] = (),
    territory_prefixes: Sequence[str] = (),
    bonus_per_application: Decimal = Decimal(0),
    bonus_per_oblast: Decimal | None = None,
) -> Call:
    """Define a call as a draft: its budget, window, admitted projects, rules, criteria and bonus quota."""
    acting_for = _operator(actor, "define a call")
    if not CALL_CODE.match(code):
        raise InvalidCall("A call's code is 2 to 64 small Latin letters, digits and hyphens.", field="code")
    if not name.strip():
        raise InvalidCall("A call needs a name.", field="name")
    budget = _number(budget_uah, "budget_uah")
    if budget <= 0:
        raise InvalidCall("A call's budget must be above zero.", field="budget_uah")
    if closes_at <= opens_at:
        raise InvalidCall("A call must close after it opens.", field="closes_at")
    _check_admitted(project_types, territory_prefixes)
    per_application = _number(bonus_per_application, "bonus_per_application")
    per_oblast = None if bonus_per_oblast is None else _number(bonus_per_oblast, "bonus_per_oblast")
    if per_application < 0 or (per_oblast is not None and per_oblast < 0):
        raise InvalidCall("A bonus quota cannot be negative.", field="bonus_per_application")
    checked_rules = _check_rules(rules)
    checked_criteria = _check_criteria(criteria)

    with transaction.atomic():
        if Call.objects.filter(code=code).exists():
            raise InvalidCall(f"A call with the code {code} already exists; choose another.", field="code")
        call = Call.objects.create(
            code=code,
            name=name.strip(),
            description=description.strip(),
            budget_uah=budget,
            opens_at=opens_at,
            closes_at=closes_at,
            project_types=list(project_types),
            territory_prefixes=list(territory_prefixes),
            bonus_per_application=per_application,
            bonus_per_oblast=per_oblast,
            created_by=actor,
        )
        for rule in checked_rules:
            rule.call = call
        EligibilityRule.objects.bulk_create(checked_rules)
        for item in checked_criteria:
            item.call = call
        Criterion.objects.bulk_create(checked_criteria)
        record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="call.created",
            object_type="call",
            object_id=call.code,
            after=_call_snapshot(call),
        )
    return call


def _move(actor: User, call: Call, source: str, target: str, *, verb: str, done: str) -> Call:
    acting_for = _operator(actor, f"{verb} a call")
    with transaction.atomic():
        call = _locked_call(call)
        if call.status != source:
            raise CallStateConflict(f"Call {call.code} is {call.status}; only a {source} call can be {done}.")
        call.status = target
        call.save(update_fields=["status"])
        record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action=f"call.{done}",
            object_type="call",
            object_id=call.code,
            before={"status": source},
            after={"status": target},
        )
    return call


def open_call(*, actor: User, call: Call) -> Call:
    """Open a drafted call: from its opening time, projects may apply."""
    return _move(actor, call, CallStatus.DRAFT, CallStatus.OPEN, verb="open", done="opened")


def close_call(*, actor: User, call: Call) -> Call:
    """Close an open call to applications, so the commission can decide on them."""
    return _move(actor, call, CallStatus.OPEN, CallStatus.CLOSED, verb="close", done="closed")


def _score(application: Application) -> list[Score]:
    """Measure the project on every criterion and keep the points with their explanation."""
    project = application.project
    application.scores.all().delete()
    scores = []
    for criterion in application.call.criteria.all():
        spec = CriterionSpec(
            criterion.kind, criterion.direction, criterion.weight, criterion.min_value, criterion.max_value
        )
        result = score(spec, measures.measure(criterion.kind, project))
        scores.append(
            Score(
                application=application,
                criterion=criterion,
                value=result.value,
                rule=result.rule,
                points=result.points,
            )
        )
    return Score.objects.bulk_create(scores)


def _scores_snapshot(scores: Sequence[Score]) -> list[dict[str, Any]]:
    return [{"criterion": item.criterion.kind, "value": item.value, "points": item.points} for item in scores]


def apply(*, actor: User, call: Call, project_code: str) -> Application:
    """Apply a project to an open call for its initiator; the eligibility is checked at once and kept with reasons.

    An application that fails a rule is recorded as ineligible, with the reason of every rule, rather than refused:
    the refusal and its reasons are then public and accountable like every other outcome of the call.
    """
    project = get_project(project_code)
    acting_for = editor_organisation(actor, project)

    with transaction.atomic():
        call = _locked_call(call)
        now = timezone.now()
        if call.status != CallStatus.OPEN or not call.opens_at <= now < call.closes_at:
            raise CallClosed(
                f"Call {call.code} takes applications from {call.opens_at:%Y-%m-%d %H:%M} to "
                f"{call.closes_at:%Y-%m-%d %H:%M} UTC while it is open; it is {call.status} and it is now "
                f"{now:%Y-%m-%d %H:%M} UTC."
            )
        if Application.objects.filter(call=call, project=project).exists():
            raise AlreadyApplied(f"Project {project.code} has already applied to call {call.code}.")

        checks = measures.eligibility(call, project)
        eligible = all(check.passed for check in checks)
        application = Application.objects.create(
            call=call,
            project=project,
            applicant=project.initiator,
            applied_by=actor,
            applied_at=now,
            status=ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE,
            eligibility=[check.as_json() for check in checks],
        )
        scores = _score(application) if eligible else []
        record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="call.applied",
            object_type="call_application",
            object_id=str(application.pk),
            after={
                "call": call.code,
                "project": project.code,
                "status": application.status,
                "failed_rules": [check.rule for check in checks if not check.passed],
                "scores": _scores_snapshot(scores),
            },
        )
    return application


def score_application(*, actor: User, application: Application) -> list[Score]:
    """Measure an eligible application again on every criterion, before the ranking is published."""
    acting_for = _operator(actor, "score an application again")
    with transaction.atomic():
        call = _locked_call(application.call)
        if call.status == CallStatus.PUBLISHED:
            raise CallStateConflict(f"The ranking of call {call.code} is published; its scores no longer change.")
        application = Application.objects.select_related("call", "project").get(pk=application.pk)
        if application.status == ApplicationStatus.INELIGIBLE:
            raise NotEligible(f"Application {application.pk} is ineligible; only eligible applications are scored.")
        before = _scores_snapshot(list(application.scores.select_related("criterion")))
        scores = _score(application)
        record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="call.application_scored",
            object_type="call_application",
            object_id=str(application.pk),
            before={"scores": before},
            after={"scores": _scores_snapshot(scores)},
        )
    return scores


def _region_of(actor: User, application: Application) -> Organisation:
    oblast = oblast_prefix(application.project)
    membership = (
        actor.memberships.select_related("organisation")
        .filter(
            role=Role.REGIONAL_APPROVER,
            organisation__kind=OrganisationKind.REGIONAL_ADMINISTRATION,
            organisation__territory__code__startswith=oblast or "-",
        )
        .first()
    )
    if membership is None:
        raise NotYourRegion(
            f"Project {application.project.code} lies in oblast {oblast}; only a regional approver of that oblast's "
            "administration may add bonus points to its application."
        )
    return membership.organisation


def give_bonus(*, actor: User, application: Application, points: Decimal, reason: str) -> BonusPoints:
    """Add a regional administration's bonus points to an application in its oblast, within the call's quota."""
    amount = _number(points, "points")
    if amount <= 0:
        raise InvalidBonus("Bonus points must be above zero.", field="points")
    if not reason.strip():
        raise InvalidBonus("Give the reason for the bonus points.", field="reason")

    with transaction.atomic():
        call = _locked_call(application.call)
        application = Application.objects.select_related("project__initiator").get(pk=application.pk)
        region = _region_of(actor, application)
        if call.status not in {CallStatus.OPEN, CallStatus.CLOSED}:
            raise CallStateConflict(f"Call {call.code} is {call.status}; bonus points are given before publication.")
        if application.status == ApplicationStatus.INELIGIBLE:
            raise NotEligible(f"Application {application.pk} is ineligible; bonus points cannot rank it.")

        given_here = application.bonuses.aggregate(total=Sum("points"))["total"] or Decimal(0)
        if given_here + amount > call.bonus_per_application:
            raise BonusAboveQuota(
                f"Call {call.code} allows at most {plain(call.bonus_per_application)} bonus points per application; "
                f"application {application.pk} has {plain(given_here)}, so {plain(amount)} more is too many."
            )
        if call.bonus_per_oblast is not None:
            given_by_region = BonusPoints.objects.filter(application__call=call, region=region).aggregate(
                total=Sum("points")
            )["total"] or Decimal(0)
            if given_by_region + amount > call.bonus_per_oblast:
                raise BonusAboveQuota(
                    f"Call {call.code} allows each oblast at most {plain(call.bonus_per_oblast)} bonus points in all; "
                    f"{region.name_uk} has given {plain(given_by_region)}, so {plain(amount)} more is too many."
                )

        bonus = BonusPoints.objects.create(
            application=application, points=amount, region=region, given_by=actor, reason=reason.strip()
        )
        record_event(
            actor=actor,
            actor_organisation=region.edrpou,
            action="call.bonus_given",
            object_type="call_application",
            object_id=str(application.pk),
            after={"points": amount, "region": region.edrpou, "reason": bonus.reason},
            comment=bonus.reason,
        )
    return bonus


def decide(*, actor: User, application: Application, decision: str, reason: str) -> Decision:
    """Record the commission's decision on an eligible application of a closed call, with its reason."""
    acting_for = _commission(actor, "decide on an application")
    if decision not in DecisionKind.values:
        raise InvalidDecision(
            f"{decision!r} is not a decision; use {', '.join(DecisionKind.values)}.", field="decision"
        )
    if not reason.strip():
        raise InvalidDecision("The commission must give the reason for its decision.", field="reason")

    with transaction.atomic():
        call = _locked_call(application.call)
        application = Application.objects.get(pk=application.pk)
        if call.status != CallStatus.CLOSED:
            raise CallStateConflict(
                f"Call {call.code} is {call.status}; the commission decides after it closes and before its ranking "
                "is published."
            )
        if application.status == ApplicationStatus.INELIGIBLE:
            raise NotEligible(f"Application {application.pk} is ineligible; the commission decides on eligible ones.")
        previous = Decision.objects.filter(application=application).first()
        before = {"decision": previous.decision, "reason": previous.reason} if previous else None
        recorded, _ = Decision.objects.update_or_create(
            application=application,
            defaults={"decision": decision, "reason": reason.strip(), "decided_by": actor, "decided_for": acting_for},
        )
        application.status = decision
        application.save(update_fields=["status"])
        record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="call.decided",
            object_type="call_application",
            object_id=str(application.pk),
            before=before,
            after={"decision": decision, "reason": recorded.reason},
            comment=recorded.reason,
        )
    return recorded


def candidates(call: Call) -> list[Candidate]:
    """Return the call's eligible applications as the ranking sees them: their values and their bonus."""
    applications = (
        call.applications.exclude(status=ApplicationStatus.INELIGIBLE)
        .select_related("project")
        .prefetch_related("scores__criterion", "bonuses")
    )
    return [
        Candidate(
            application=application.pk,
            project=application.project.code,
            applied_at=application.applied_at,
            values={item.criterion.kind: item.value for item in application.scores.all()},
            bonus=sum((bonus.points for bonus in application.bonuses.all()), Decimal(0)),
        )
        for application in applications
    ]


def criteria_specs(call: Call) -> list[CriterionSpec]:
    """Return the call's criteria as the ranking reads them."""
    return [
        CriterionSpec(item.kind, item.direction, item.weight, item.min_value, item.max_value)
        for item in call.criteria.all()
    ]


def publish_ranking(*, actor: User, call: Call) -> list[RankingEntry]:
    """Rank the eligible applications of a closed call by total points and publish the ranking with every score."""
    acting_for = _commission(actor, "publish a call's ranking")
    with transaction.atomic():
        call = _locked_call(call)
        if call.status != CallStatus.CLOSED:
            raise CallStateConflict(f"Call {call.code} is {call.status}; only a closed call's ranking is published.")
        undecided = list(
            call.applications.filter(status=ApplicationStatus.ELIGIBLE).values_list("pk", flat=True).order_by("pk")
        )
        if undecided:
            raise UndecidedApplications(
                f"The commission has not decided on application(s) {', '.join(map(str, undecided))} of call "
                f"{call.code}; decide on every eligible application before publishing the ranking."
            )
        decisions = dict(Decision.objects.filter(application__call=call).values_list("application_id", "decision"))
        lines = rank(criteria_specs(call), candidates(call))
        entries = RankingEntry.objects.bulk_create(
            RankingEntry(
                call=call,
                position=line.position,
                application_id=line.application,
                automatic_points=line.automatic_points,
                bonus_points=line.bonus_points,
                total_points=line.total_points,
                decision=decisions[line.application],
            )
            for line in lines
        )
        call.status = CallStatus.PUBLISHED
        call.published_at = timezone.now()
        call.save(update_fields=["status", "published_at"])
        record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="call.ranking_published",
            object_type="call",
            object_id=call.code,
            before={"status": CallStatus.CLOSED},
            after={
                "status": CallStatus.PUBLISHED,
                "ranking": [
                    {
                        "position": line.position,
                        "application": line.application,
                        "project": line.project,
                        "total_points": line.total_points,
                    }
                    for line in lines
                ],
            },
        )
    return entries

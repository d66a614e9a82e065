"""The demonstration's funding calls: built through the services, published, recomputable, and the same per seed."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from audit.queries import verify_chain
from calls.codes import ApplicationStatus, CallStatus, DecisionKind
from calls.models import Application, BonusPoints, Call, Decision, RankingEntry
from calls.queries import published_ranking
from calls.ranking import recompute
from dream.demo.builder import DemoBuilder
from dream.demo.funding_calls import SCHOOLS, WATER_AND_HEAT
from parties.models import OrganisationKind, Role
from projects.authority import oblast_prefix
from projects.models import Project

FINISHED = SCHOOLS.code
OPEN = WATER_AND_HEAT.code


def _build(seed: int, projects: int) -> DemoBuilder:
    builder = DemoBuilder(seed=seed)
    builder.build_cast(communities=8)
    builder.build_projects(projects)
    builder.build_calls()
    return builder


def _calls_as_built() -> list[Any]:
    """Return every call with what was decided in it, by project code rather than by row number."""
    calls = []
    for call in Call.objects.order_by("code"):
        applications = [
            (
                application.project.code,
                application.applicant.edrpou,
                application.status,
                application.eligibility,
                sorted((score.criterion.kind, score.value, score.points) for score in application.scores.all()),
                sorted((bonus.region.edrpou, bonus.points, bonus.reason) for bonus in application.bonuses.all()),
                (application.decision.decision, application.decision.reason)
                if hasattr(application, "decision")
                else None,
            )
            for application in call.applications.select_related("project", "applicant").order_by("applied_at")
        ]
        ranking = list(call.ranking.values_list("position", "application__project__code", "total_points", "decision"))
        calls.append((call.code, call.name, call.budget_uah, call.status, applications, ranking))
    return calls


# These run first: the module's build below stays in the database until the module's last test.
@pytest.mark.django_db
def test_the_same_seed_gives_the_same_calls():
    savepoint = transaction.savepoint()
    _build(seed=8, projects=30)
    first = _calls_as_built()
    transaction.savepoint_rollback(savepoint)

    _build(seed=8, projects=30)
    second = _calls_as_built()

    assert first == second
    assert {code for code, *_ in first} == {FINISHED, OPEN}
    assert all(applications for *_, applications, _ranking in first)


@pytest.mark.django_db
def test_the_demo_command_builds_both_calls_from_40_projects(capsys):
    call_command("demo", "--projects", "40", "--seed", "1", verbosity=0)

    assert dict(Call.objects.values_list("code", "status")) == {FINISHED: CallStatus.PUBLISHED, OPEN: CallStatus.OPEN}
    assert Application.objects.filter(call__code=FINISHED).exists()
    assert "2 funding calls" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_calls_exist_even_without_a_project_to_apply():
    _build(seed=3, projects=0)

    assert dict(Call.objects.values_list("code", "status")) == {FINISHED: CallStatus.PUBLISHED, OPEN: CallStatus.OPEN}
    assert not Application.objects.exists()


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Build the demonstration once for the module, in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build(seed=21, projects=100)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_finished_call_has_published_its_ranking_and_recomputing_it_agrees(built, capsys):
    call = Call.objects.get(code=FINISHED)
    ranked = RankingEntry.objects.filter(call=call)

    assert call.status == CallStatus.PUBLISHED
    assert call.published_at is not None
    assert ranked.exists()
    assert ranked.count() == call.applications.exclude(status=ApplicationStatus.INELIGIBLE).count()
    assert recompute(published_ranking(call)).agrees
    call_command("calls", "recompute", FINISHED)
    agreed = f"Agree: the published ranking of call {FINISHED} ({ranked.count()} applications)"
    assert agreed in capsys.readouterr().out


@pytest.mark.django_db
def test_the_open_call_takes_applications_now_and_has_some(built):
    call = Call.objects.get(code=OPEN)

    assert call.status == CallStatus.OPEN
    assert call.opens_at <= timezone.now() < call.closes_at
    assert call.applications.exists()
    assert not call.applications.filter(status__in=DecisionKind.values).exists()


@pytest.mark.django_db
def test_every_eligible_application_has_one_score_per_criterion_and_an_ineligible_one_none(built):
    applications = Application.objects.select_related("call").prefetch_related("scores__criterion", "call__criteria")

    assert applications.exclude(status=ApplicationStatus.INELIGIBLE).exists()
    for application in applications:
        scored = [score.criterion.kind for score in application.scores.all()]
        if application.status == ApplicationStatus.INELIGIBLE:
            assert scored == []
        else:
            assert sorted(scored) == sorted(criterion.kind for criterion in application.call.criteria.all())


@pytest.mark.django_db
def test_some_applications_are_refused_for_eligibility_each_with_the_reason_of_a_failed_rule(built):
    ineligible = Application.objects.filter(call__code=FINISHED, status=ApplicationStatus.INELIGIBLE)

    assert ineligible.exists()
    for application in ineligible:
        failed = [check for check in application.eligibility if not check["passed"]]
        assert failed
        assert all(check["message"].strip() for check in failed)
    assert not BonusPoints.objects.filter(application__in=ineligible).exists()
    assert not Decision.objects.filter(application__in=ineligible).exists()


@pytest.mark.django_db
def test_bonus_points_come_from_the_projects_oblast_and_stay_within_the_quota(built):
    call = Call.objects.get(code=FINISHED)
    bonuses = BonusPoints.objects.filter(application__call=call).select_related(
        "application__project__initiator", "region", "given_by"
    )
    per_application: dict[int, Decimal] = defaultdict(Decimal)
    per_region: dict[str, Decimal] = defaultdict(Decimal)

    assert bonuses.exists()
    for bonus in bonuses:
        assert bonus.region.kind == OrganisationKind.REGIONAL_ADMINISTRATION
        assert bonus.region.territory_id[:4] == oblast_prefix(bonus.application.project)
        assert bonus.given_by.memberships.filter(organisation=bonus.region, role=Role.REGIONAL_APPROVER).exists()
        assert bonus.reason.strip()
        per_application[bonus.application_id] += bonus.points
        per_region[bonus.region.edrpou] += bonus.points
    assert max(per_application.values()) <= call.bonus_per_application
    assert call.bonus_per_oblast is not None
    assert max(per_region.values()) <= call.bonus_per_oblast


@pytest.mark.django_db
def test_the_commission_supports_some_applications_and_not_others_within_the_budget_with_reasons(built):
    call = Call.objects.get(code=FINISHED)
    decisions = Decision.objects.filter(application__call=call).select_related("application__project", "decided_by")

    assert {decision.decision for decision in decisions} >= {DecisionKind.ACCEPTED, DecisionKind.REJECTED}
    assert all(decision.reason.strip() for decision in decisions)
    assert all(
        decision.decided_by.memberships.filter(role__in=(Role.MINISTRY_APPROVER, Role.OPERATOR)).exists()
        for decision in decisions
    )
    supported = [decision.application.project for decision in decisions if decision.decision == DecisionKind.ACCEPTED]
    own = {
        project.pk: sum(line.amount for line in project.finance_lines.filter(source_category="localBudget"))
        for project in supported
    }
    assert sum(project.estimated_cost_uah - own[project.pk] for project in supported) <= call.budget_uah


@pytest.mark.django_db
def test_every_write_of_the_calls_is_an_audit_event_and_the_chain_verifies(built):
    def count(action: str) -> int:
        return AuditEvent.objects.filter(action=action).count()

    assert count("call.created") == count("call.opened") == Call.objects.count() == 2
    assert count("call.closed") == count("call.ranking_published") == 1
    assert count("call.applied") == Application.objects.count()
    assert count("call.bonus_given") == BonusPoints.objects.count()
    assert count("call.decided") == Decision.objects.count()
    assert verify_chain().is_whole


@pytest.mark.django_db
def test_the_pages_list_the_calls_their_applications_and_the_published_ranking(built):
    client = Client(HTTP_HOST="localhost")
    ranked = list(
        RankingEntry.objects.filter(call__code=FINISHED)
        .order_by("position")
        .values_list("application__project__code", flat=True)
    )
    refused = Application.objects.filter(call__code=FINISHED, status=ApplicationStatus.INELIGIBLE).values_list(
        "project__code", flat=True
    )
    applied = Project.objects.filter(call_applications__call__code=OPEN).values_list("code", flat=True)

    listing = client.get("/calls/")
    finished = client.get(f"/calls/{FINISHED}/")
    ranking = client.get(f"/calls/{FINISHED}/ranking/")
    taking = client.get(f"/calls/{OPEN}/")

    assert [page.status_code for page in (listing, finished, ranking, taking)] == [200, 200, 200, 200]
    assert SCHOOLS.name in listing.text
    assert WATER_AND_HEAT.name in listing.text
    assert f"/calls/{FINISHED}/ranking/" in listing.text
    assert all(code in finished.text for code in ranked)
    positions = [ranking.text.index(code) for code in ranked]
    assert positions == sorted(positions)
    assert refused
    assert all(code in ranking.text for code in refused)
    assert applied
    assert all(code in taking.text for code in applied)

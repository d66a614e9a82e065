"""Every step of the life cycle: the allowed case, and each way it is refused without changing anything."""

from collections.abc import Callable
from decimal import Decimal

import pytest

from accounts.models import User
from audit.models import AuditEvent
from parties.models import Role
from parties.services import grant_role
from projects import lifecycle
from projects.codes import Status, StatusDetail
from projects.exceptions import ActorNotAllowed, MissingData, SelfApproval, TransitionNotAllowed
from projects.models import BudgetLine, FinanceLine, Location, PhasePlan, Project, Transition
from projects.services import take_step
from tests.factories import PATHS, STEP_COMMENTS, Cast, UserFactory, attach_certificate, project_in, walk

D = StatusDetail

# What each step does, written out independently of projects/lifecycle.py so that a change there is noticed.
EXPECTED_STEPS = {
    "begin_definition": ({D.INITIATED}, (Status.PENDING, D.DEFINITION)),
    "complete_definition": ({D.DEFINITION}, (Status.PENDING, D.DEFINED)),
    "submit_for_appraisal": ({D.DEFINED}, (Status.PENDING, D.APPRAISAL)),
    "appraise": ({D.APPRAISAL}, (Status.PENDING, D.APPRAISED)),
    "refuse": ({D.APPRAISAL, D.APPLIED}, (Status.PENDING, D.REFUSED)),
    "revise": ({D.REFUSED}, (Status.PENDING, D.DEFINITION)),
    "begin_structuring": ({D.APPRAISED}, (Status.PENDING, D.STRUCTURING)),
    "complete_structuring": ({D.STRUCTURING}, (Status.PENDING, D.STRUCTURED)),
    "apply_for_funding": ({D.STRUCTURED}, (Status.PENDING, D.APPLIED)),
    "approve": ({D.APPLIED}, (Status.PENDING, D.APPROVED)),
    "start_implementation": ({D.APPROVED}, (Status.ACTIVE, D.IMPLEMENTATION)),
    "complete": ({D.IMPLEMENTATION}, (Status.COMPLETE, D.COMMISSIONED)),
    "cancel": (
        {
            D.INITIATED,
            D.DEFINITION,
            D.DEFINED,
            D.APPRAISAL,
            D.APPRAISED,
            D.STRUCTURING,
            D.STRUCTURED,
            D.APPLIED,
            D.APPROVED,
            D.REFUSED,
            D.IMPLEMENTATION,
        },
        (Status.CANCELLED, D.WITHDRAWN),
    ),
    "terminate": ({D.IMPLEMENTATION}, (Status.UNSUCCESSFUL, D.TERMINATED)),
}
EDITOR_STEPS = [name for name, step in lifecycle.STEPS.items() if step.actor == lifecycle.Actor.EDITOR]
APPROVER_CASES = [
    ("appraise", D.APPRAISAL),
    ("refuse", D.APPRAISAL),
    ("refuse", D.APPLIED),
    ("approve", D.APPLIED),
    ("terminate", D.IMPLEMENTATION),
]
# The steps decided at the level the project's cost calls for (appraisal is always regional).
COST_LEVELLED_CASES = [("refuse", D.APPLIED), ("approve", D.APPLIED), ("terminate", D.IMPLEMENTATION)]

ALLOWED_CASES = [(step, source) for step, (sources, _) in EXPECTED_STEPS.items() for source in sorted(sources)]


def _case_id(value: object) -> str:
    return str(value)


def state_of(project: Project) -> tuple[object, ...]:
    """Return everything a refused step must leave as it was."""
    project.refresh_from_db()
    return (
        project.status,
        project.status_details,
        project.submitted_by_id,
        Transition.objects.filter(project=project).count(),
        AuditEvent.objects.count(),
    )


def _refused(project: Project, actor: User, step: str, error: type[Exception], comment: str = "") -> str:
    """Take a step that must be refused; return the message and check that nothing changed."""
    before = state_of(project)
    with pytest.raises(error) as refusal:
        take_step(actor=actor, project=project, step=step, comment=comment or STEP_COMMENTS.get(step, ""))
    assert state_of(project) == before
    return str(refusal.value)


def test_the_expected_table_names_every_step_of_the_life_cycle():
    assert set(EXPECTED_STEPS) == set(lifecycle.STEPS)


@pytest.mark.parametrize("step", sorted(EXPECTED_STEPS))
def test_step_applies_to_the_expected_states_and_leads_to_the_expected_state(step):
    sources, target = EXPECTED_STEPS[step]
    assert {detail for _, detail in lifecycle.STEPS[step].sources} == sources
    assert lifecycle.STEPS[step].target == target


@pytest.mark.parametrize(("step", "source"), ALLOWED_CASES, ids=_case_id)
def test_allowed_step_moves_the_project_and_records_a_transition_and_an_audit_event(cast, step, source):
    project = project_in(cast, source)
    if step == "complete":
        attach_certificate(project, cast.bucha_editor)
    actor = cast.actor_for(project, step)
    acting_for = cast.bucha if step in EDITOR_STEPS else cast.kyiv_administration
    comment = STEP_COMMENTS.get(step, "Усе на місці.")
    events_before = AuditEvent.objects.count()

    take_step(actor=actor, project=project, step=step, comment=comment)

    project.refresh_from_db()
    target_status, target_details = EXPECTED_STEPS[step][1]
    assert (project.status, project.status_details) == (target_status, target_details)
    transition = Transition.objects.filter(project=project).latest("id")
    assert (transition.step, transition.from_details, transition.to_status, transition.to_details) == (
        step,
        source,
        target_status,
        target_details,
    )
    assert transition.actor == actor
    assert transition.acting_for == acting_for
    assert transition.comment == comment
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.latest("position")
    assert event.action == f"project.{step}"
    assert (event.object_type, event.object_id) == ("project", project.code)
    assert event.actor == actor
    assert event.actor_organisation == acting_for.edrpou
    assert event.comment == comment
    assert event.after == {"status": target_status, "status_details": target_details}


@pytest.mark.parametrize(
    ("step", "source"), [("submit_for_appraisal", D.DEFINED), ("apply_for_funding", D.STRUCTURED)]
)
def test_submitting_step_records_who_submitted(cast, step, source):
    project = project_in(cast, source)
    take_step(actor=cast.bucha_editor, project=project, step=step)
    project.refresh_from_db()
    assert project.submitted_by == cast.bucha_editor


def test_ministry_approves_a_project_whose_cost_reaches_the_threshold(cast, settings):
    settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH = 1_000_000
    project = project_in(cast, D.APPLIED, cost=Decimal("1000000.00"))
    take_step(actor=cast.ministry_approver, project=project, step="approve")
    project.refresh_from_db()
    assert project.status_details == D.APPROVED
    assert Transition.objects.filter(project=project).latest("id").acting_for == cast.ministry


def test_regional_approver_appraises_even_a_project_above_the_ministry_threshold(cast, settings):
    settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH = 1_000
    project = project_in(cast, D.APPRAISAL, cost=Decimal("1000000.00"))
    take_step(actor=cast.kyiv_approver, project=project, step="appraise")
    project.refresh_from_db()
    assert project.status_details == D.APPRAISED


@pytest.mark.parametrize("state", list(PATHS))
def test_every_step_that_does_not_apply_to_a_state_is_refused_there(cast, state):
    project = project_in(cast, state)
    wrong_steps = [step for step, (sources, _) in EXPECTED_STEPS.items() if state not in sources]
    for step in wrong_steps:
        message = _refused(project, cast.actor_for(project, step), step, TransitionNotAllowed)
        assert f"project {project.code}: it is {project.status}:{state}" in message, step


def test_unknown_step_is_refused(cast):
    project = project_in(cast, D.INITIATED)
    message = _refused(project, cast.bucha_editor, "fly_to_the_moon", TransitionNotAllowed)
    assert "not a step of the life cycle" in message


@pytest.mark.parametrize("step", EDITOR_STEPS)
def test_editor_step_is_refused_to_an_editor_of_another_community(cast, step):
    source = min(EXPECTED_STEPS[step][0])
    project = project_in(cast, source)
    if step == "complete":
        attach_certificate(project, cast.bucha_editor)
    message = _refused(project, cast.lviv_editor, step, ActorNotAllowed)
    assert "Only a community editor of Бучанська міська рада" in message


@pytest.mark.parametrize("step", EDITOR_STEPS)
def test_editor_step_is_refused_to_an_approver(cast, step):
    source = min(EXPECTED_STEPS[step][0])
    project = project_in(cast, source)
    _refused(project, cast.kyiv_approver, step, ActorNotAllowed)


@pytest.mark.parametrize(("step", "source"), APPROVER_CASES, ids=_case_id)
def test_decision_is_refused_to_a_regional_approver_of_another_oblast(cast, step, source):
    project = project_in(cast, source)
    message = _refused(project, cast.lviv_approver, step, ActorNotAllowed)
    assert "regional approver of the oblast where it lies (UA32)" in message


@pytest.mark.parametrize(("step", "source"), APPROVER_CASES, ids=_case_id)
def test_decision_is_refused_to_the_editor_of_the_initiator(cast, step, source):
    project = project_in(cast, source)
    _refused(project, cast.bucha_editor, step, ActorNotAllowed)


@pytest.mark.parametrize(("step", "source"), APPROVER_CASES, ids=_case_id)
def test_decision_below_the_threshold_is_refused_to_a_ministry_approver(cast, step, source):
    project = project_in(cast, source, cost=Decimal("1000000.00"))
    _refused(project, cast.ministry_approver, step, ActorNotAllowed)


@pytest.mark.parametrize(("step", "source"), COST_LEVELLED_CASES, ids=_case_id)
def test_decision_at_or_above_the_threshold_is_refused_to_a_regional_approver(cast, settings, step, source):
    settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH = 1_000_000
    project = project_in(cast, source, cost=Decimal("1000000.00"))
    message = _refused(project, cast.kyiv_approver, step, ActorNotAllowed)
    assert "decided by a ministry approver" in message


@pytest.mark.parametrize(("step", "source"), [("appraise", D.APPRAISAL), ("refuse", D.APPRAISAL)], ids=_case_id)
def test_appraisal_decision_above_the_threshold_is_still_refused_to_a_ministry_approver(cast, settings, step, source):
    settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH = 1_000
    project = project_in(cast, source, cost=Decimal("1000000.00"))
    _refused(project, cast.ministry_approver, step, ActorNotAllowed)


def _maker_and_checker(cast: Cast) -> User:
    """Return a user who edits for the Bucha community and also approves for Kyiv oblast and the ministry."""
    user = UserFactory(username="two-hats")
    grant_role(user=user, organisation=cast.bucha, role=Role.COMMUNITY_EDITOR)
    grant_role(user=user, organisation=cast.kyiv_administration, role=Role.REGIONAL_APPROVER)
    grant_role(user=user, organisation=cast.ministry, role=Role.MINISTRY_APPROVER)
    return user


def _submitted_by(cast: Cast, user: User, source: str) -> Project:
    """Bring a project to a decision state with the given user making the submission."""
    if source == D.APPRAISAL:
        project = project_in(cast, D.DEFINED)
        return take_step(actor=user, project=project, step="submit_for_appraisal")
    project = project_in(cast, D.STRUCTURED)
    project = take_step(actor=user, project=project, step="apply_for_funding")
    if source == D.IMPLEMENTATION:
        project = walk(project, cast, ("approve", "start_implementation"))
    return project


@pytest.mark.parametrize(("step", "source"), APPROVER_CASES, ids=_case_id)
def test_the_user_who_submitted_may_not_decide(cast, step, source):
    two_hats = _maker_and_checker(cast)
    project = _submitted_by(cast, two_hats, source)
    message = _refused(project, two_hats, step, SelfApproval)
    assert "You submitted project" in message


def test_the_user_who_submitted_may_not_approve_as_a_ministry_approver(cast, settings):
    settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH = 1_000_000
    two_hats = _maker_and_checker(cast)
    project = _submitted_by(cast, two_hats, D.APPLIED)
    _refused(project, two_hats, "approve", SelfApproval)


def _strip_passport(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(description_uk="")


def _strip_locations(project: Project) -> None:
    Location.objects.filter(project=project).delete()


def _strip_cost_estimate(project: Project) -> None:
    BudgetLine.objects.filter(project=project).delete()
    Project.objects.filter(pk=project.pk).update(estimated_cost_uah=0)


def _strip_finance_plan(project: Project) -> None:
    FinanceLine.objects.filter(project=project).delete()


def _strip_phase_plan(project: Project) -> None:
    PhasePlan.objects.filter(project=project).delete()


def _strip_commitment(project: Project) -> None:
    FinanceLine.objects.filter(project=project).update(is_committed=False)


def _no_certificate(project: Project) -> None:
    """A project in implementation has no certificate until its editor attaches one."""


# How the data went missing does not matter to the guard: the ORM removes it, so that states whose data the
# services no longer let anyone change (appraisal, applied) are tested too.
STRIPPERS: dict[Callable[[Project], str | None], tuple[Callable[[Project], None], str]] = {
    lifecycle.needs_passport: (_strip_passport, "the passport needs a description in Ukrainian"),
    lifecycle.needs_location: (_strip_locations, "needs at least one location"),
    lifecycle.needs_cost_estimate: (_strip_cost_estimate, "needs a cost estimate"),
    lifecycle.needs_finance_plan: (_strip_finance_plan, "needs finance lines"),
    lifecycle.needs_phase_plan: (_strip_phase_plan, "needs a phase plan"),
    lifecycle.needs_committed_funding: (_strip_commitment, "needs committed funding"),
    lifecycle.needs_commissioning_certificate: (_no_certificate, "needs a commissioning certificate"),
}
MISSING_DATA_CASES = [
    ("complete_definition", D.DEFINITION, lifecycle.needs_passport),
    ("complete_definition", D.DEFINITION, lifecycle.needs_location),
    ("submit_for_appraisal", D.DEFINED, lifecycle.needs_passport),
    ("submit_for_appraisal", D.DEFINED, lifecycle.needs_location),
    ("submit_for_appraisal", D.DEFINED, lifecycle.needs_cost_estimate),
    ("appraise", D.APPRAISAL, lifecycle.needs_location),
    ("appraise", D.APPRAISAL, lifecycle.needs_cost_estimate),
    ("complete_structuring", D.STRUCTURING, lifecycle.needs_cost_estimate),
    ("complete_structuring", D.STRUCTURING, lifecycle.needs_finance_plan),
    ("complete_structuring", D.STRUCTURING, lifecycle.needs_phase_plan),
    ("apply_for_funding", D.STRUCTURED, lifecycle.needs_cost_estimate),
    ("apply_for_funding", D.STRUCTURED, lifecycle.needs_finance_plan),
    ("apply_for_funding", D.STRUCTURED, lifecycle.needs_phase_plan),
    ("approve", D.APPLIED, lifecycle.needs_cost_estimate),
    ("approve", D.APPLIED, lifecycle.needs_finance_plan),
    ("start_implementation", D.APPROVED, lifecycle.needs_committed_funding),
    ("complete", D.IMPLEMENTATION, lifecycle.needs_commissioning_certificate),
]


def _missing_id(value: object) -> str:
    return value.__name__ if callable(value) else str(value)


def test_the_missing_data_table_covers_every_requirement_of_every_step():
    declared = {(name, requirement) for name, step in lifecycle.STEPS.items() for requirement in step.requirements}
    assert {(step, requirement) for step, _, requirement in MISSING_DATA_CASES} == declared


@pytest.mark.parametrize(("step", "source", "requirement"), MISSING_DATA_CASES, ids=_missing_id)
def test_step_is_refused_when_required_data_is_missing(cast, step, source, requirement):
    project = project_in(cast, source)
    strip, explanation = STRIPPERS[requirement]
    strip(project)
    message = _refused(project, cast.actor_for(project, step), step, MissingData)
    assert explanation in message


COMMENTED_CASES = [
    ("refuse", D.APPRAISAL),
    ("refuse", D.APPLIED),
    ("cancel", D.INITIATED),
    ("cancel", D.IMPLEMENTATION),
    ("terminate", D.IMPLEMENTATION),
]


def test_the_comment_table_covers_every_step_that_needs_a_reason():
    assert {step for step, _ in COMMENTED_CASES} == {
        name for name, step in lifecycle.STEPS.items() if step.needs_comment
    }


@pytest.mark.parametrize("comment", ["", "   "], ids=["empty", "blank"])
@pytest.mark.parametrize(("step", "source"), COMMENTED_CASES, ids=_case_id)
def test_step_that_needs_a_reason_is_refused_without_a_comment(cast, step, source, comment):
    project = project_in(cast, source)
    before = state_of(project)
    with pytest.raises(MissingData, match="give the reason in a comment"):
        take_step(actor=cast.actor_for(project, step), project=project, step=step, comment=comment)
    assert state_of(project) == before


def test_the_main_route_chains_each_step_to_the_next_and_ends_complete():
    state = (Status.PENDING, StatusDetail.INITIATED)
    for step in lifecycle.MAIN_ROUTE:
        assert state in lifecycle.STEPS[step].sources, step
        state = lifecycle.STEPS[step].target
    assert state == (Status.COMPLETE, StatusDetail.COMMISSIONED)

"""Registration and the passport of a project: every write checked, audited, and refused without a trace."""

import re
from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from parties.exceptions import UnknownOrganisation
from projects.codes import CostType, PartyRole, Status, StatusDetail
from projects.exceptions import ActorNotAllowed, InvalidPassport, NotEditable
from projects.models import BudgetLine, Project
from projects.services import (
    BudgetLineInput,
    FinanceLineInput,
    LocationInput,
    PhaseInput,
    set_budget,
    set_finance,
    set_locations,
    set_phase_plan,
    update_passport,
)
from territories.exceptions import UnknownTerritory
from tests.factories import BUCHANSKA_HROMADA, ProjectFactory, project_in


def _counts() -> tuple[int, int]:
    return Project.objects.count(), AuditEvent.objects.count()


def test_registered_project_gets_a_dream_code_of_its_registration_date(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, registered_on=date(2025, 3, 7))
    assert re.fullmatch(r"DREAM-UA-070325-[0-9A-F]{8}", project.code)


def test_registered_project_starts_as_an_initiated_idea_of_its_initiator(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    assert (project.status, project.status_details) == (Status.PENDING, StatusDetail.INITIATED)
    assert list(project.parties.values_list("organisation", "role")) == [(cast.bucha.pk, PartyRole.INITIATOR)]
    assert list(project.locations.values_list("territory", flat=True)) == [BUCHANSKA_HROMADA]


def test_registration_is_an_audit_event_on_behalf_of_the_initiator(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    event = AuditEvent.objects.latest("position")
    assert (event.action, event.object_id, event.actor, event.actor_organisation) == (
        "project.registered",
        project.code,
        cast.bucha_editor,
        cast.bucha.edrpou,
    )
    assert event.after["locations"] == [BUCHANSKA_HROMADA]


def test_registration_for_another_community_is_refused_and_leaves_nothing(cast):
    before = _counts()
    with pytest.raises(ActorNotAllowed):
        ProjectFactory(actor=cast.lviv_editor, initiator=cast.bucha)
    assert _counts() == before


def test_registration_with_an_unknown_territory_is_refused_and_leaves_nothing(cast):
    before = _counts()
    with pytest.raises(UnknownTerritory):
        ProjectFactory(
            actor=cast.bucha_editor, initiator=cast.bucha, locations=[LocationInput(territory="UA99999999999999999")]
        )
    assert _counts() == before


@pytest.mark.parametrize(
    ("passport", "field"),
    [
        ({"title_uk": "   "}, "title_uk"),
        ({"purpose": "vanity"}, "purpose"),
        ({"type": "demolition"}, "type"),
        ({"sector": "XX"}, "sector"),
        ({"sector": ""}, "sector"),
    ],
    ids=["blank-title", "unknown-purpose", "unknown-type", "unknown-sector", "no-sector"],
)
def test_registration_with_an_invalid_passport_is_refused_naming_the_field(cast, passport, field):
    before = _counts()
    with pytest.raises(InvalidPassport) as refusal:
        ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, **passport)
    assert refusal.value.field == field
    assert _counts() == before


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [(Decimal(91), None, "locations[0].latitude"), (None, Decimal("-180.5"), "locations[0].longitude")],
    ids=["latitude", "longitude"],
)
def test_location_outside_the_globe_is_refused(cast, latitude, longitude, field):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    location = LocationInput(territory=BUCHANSKA_HROMADA, latitude=latitude, longitude=longitude)
    with pytest.raises(InvalidPassport) as refusal:
        set_locations(actor=cast.bucha_editor, project=project, locations=[location])
    assert refusal.value.field == field
    assert project.locations.count() == 1


def test_passport_update_keeps_before_and_after_in_the_audit_log(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, title_uk="Стара назва")
    update_passport(actor=cast.bucha_editor, project=project, title_uk="  Нова назва ")
    project.refresh_from_db()
    assert project.title_uk == "Нова назва"
    event = AuditEvent.objects.latest("position")
    assert (event.action, event.before, event.after) == (
        "project.passport_updated",
        {"title_uk": "Стара назва"},
        {"title_uk": "Нова назва"},
    )


def test_passport_update_with_a_field_outside_the_passport_is_refused(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    with pytest.raises(InvalidPassport, match="not part of the passport: status"):
        update_passport(actor=cast.bucha_editor, project=project, status="active")


def test_budget_sets_the_estimated_cost_and_each_line_its_cost_type(cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    lines = [
        BudgetLineInput(cost_item="design", year=2025, amount=Decimal("150000.50")),
        BudgetLineInput(cost_item="construction", year=2026, amount=Decimal(2000000)),
        BudgetLineInput(cost_item="maintenance", year=2027, amount=Decimal("49999.50")),
    ]
    project = set_budget(actor=cast.bucha_editor, project=project, lines=lines)
    project.refresh_from_db()
    assert project.estimated_cost_uah == Decimal("2200000.00")
    assert list(BudgetLine.objects.filter(project=project).values_list("cost_type", flat=True)) == [
        CostType.CAPEX,
        CostType.CAPEX,
        CostType.OPEX,
    ]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (
            BudgetLineInput(cost_item="design", year=2025, amount=Decimal(-1)),
            "budget[0].amount",
            "cannot be negative",
        ),
        (
            BudgetLineInput(cost_item="design", year=2025, amount=Decimal("1.005")),
            "budget[0].amount",
            "two decimal places",
        ),
        (BudgetLineInput(cost_item="design", year=2025, amount=Decimal("1e16")), "budget[0].amount", "16 digits"),
        (
            BudgetLineInput(cost_item="design", year=2025, amount=Decimal("NaN")),
            "budget[0].amount",
            "cannot be negative",
        ),
        (
            BudgetLineInput(cost_item="design", year=1999, amount=Decimal(1)),
            "budget[0].year",
            "not a plausible budget year",
        ),
        (BudgetLineInput(cost_item="bribes", year=2025, amount=Decimal(1)), "budget[0].cost_item", "not a cost item"),
        (
            BudgetLineInput(cost_item="design", year=2025, amount=Decimal(1), currency="EUR"),
            "budget[0].currency",
            "hryvnias",
        ),
        (
            BudgetLineInput(cost_item="design", year=2025, amount=Decimal(1), cost_type="misc"),
            "budget[0].cost_type",
            "not a cost type",
        ),
    ],
    ids=[
        "negative",
        "three-decimals",
        "too-large",
        "not-a-number",
        "old-year",
        "unknown-item",
        "euro",
        "unknown-type",
    ],
)
def test_bad_budget_line_is_refused_naming_the_field_and_leaves_the_budget(cast, line, field, message):
    project = project_in(cast, StatusDetail.INITIATED)
    before = (list(project.budget_lines.values_list("amount", flat=True)), AuditEvent.objects.count())
    with pytest.raises(InvalidPassport, match=message) as refusal:
        set_budget(actor=cast.bucha_editor, project=project, lines=[line])
    assert refusal.value.field == field
    assert (list(project.budget_lines.values_list("amount", flat=True)), AuditEvent.objects.count()) == before


def test_budget_cannot_change_while_the_project_waits_for_a_decision(cast):
    project = project_in(cast, StatusDetail.APPRAISAL)
    with pytest.raises(NotEditable):
        set_budget(actor=cast.bucha_editor, project=project, lines=[])
    project.refresh_from_db()
    assert project.estimated_cost_uah == Decimal("1000000.00")


def test_budget_of_another_communitys_project_is_refused(cast):
    project = project_in(cast, StatusDetail.INITIATED)
    with pytest.raises(ActorNotAllowed):
        set_budget(actor=cast.lviv_editor, project=project, lines=[])


def test_finance_line_naming_an_unregistered_party_is_refused(cast):
    project = project_in(cast, StatusDetail.INITIATED)
    line = FinanceLineInput(
        source_category="donorFunds",
        funding_type="internationalPartners",
        amount=Decimal(1),
        financing_party="00000000",
    )
    with pytest.raises(UnknownOrganisation) as refusal:
        set_finance(actor=cast.bucha_editor, project=project, lines=[line])
    assert refusal.value.field == "finance[0].financing_party"


def test_finance_line_naming_a_registered_party_links_it(cast):
    project = project_in(cast, StatusDetail.INITIATED)
    line = FinanceLineInput(
        source_category="donorFunds",
        funding_type="internationalPartners",
        amount=Decimal(1),
        financing_party=cast.ministry.edrpou,
    )
    set_finance(actor=cast.bucha_editor, project=project, lines=[line])
    assert project.finance_lines.get().financing_party == cast.ministry


@pytest.mark.parametrize(
    ("phases", "field"),
    [
        ([PhaseInput("scoping", date(2025, 5, 1), date(2025, 4, 1))], "phases[0].planned_end"),
        (
            [PhaseInput("scoping", date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 2, 1))],
            "phases[0].actual_end",
        ),
        (
            [
                PhaseInput("scoping", date(2025, 1, 1), date(2025, 2, 1)),
                PhaseInput("scoping", date(2025, 3, 1), date(2025, 4, 1)),
            ],
            "phases[1].phase",
        ),
        ([PhaseInput("daydreaming", date(2025, 1, 1), date(2025, 2, 1))], "phases[0].phase"),
    ],
    ids=["planned-end-before-start", "actual-end-before-start", "phase-twice", "unknown-phase"],
)
def test_bad_phase_plan_is_refused_naming_the_field(cast, phases, field):
    project = project_in(cast, StatusDetail.INITIATED)
    with pytest.raises(InvalidPassport) as refusal:
        set_phase_plan(actor=cast.bucha_editor, project=project, phases=phases)
    assert refusal.value.field == field
    assert project.phases.count() == 2


@pytest.mark.parametrize("state", [StatusDetail.APPRAISAL, StatusDetail.APPLIED])
def test_phase_plan_cannot_change_while_the_project_waits_for_a_decision(cast, state):
    # lifecycle.EDITABLE_STATES: the passport changes only while the initiator holds the project, "not while it
    # waits for a decision"; every other set_* service enforces it.
    project = project_in(cast, state)
    with pytest.raises(NotEditable):
        set_phase_plan(actor=cast.bucha_editor, project=project, phases=[])
    assert project.phases.count() == 2


def test_a_projects_update_time_is_the_time_of_its_latest_audit_event(cast):
    project = ProjectFactory(initiator=cast.bucha, actor=cast.bucha_editor)
    update_passport(actor=cast.bucha_editor, project=project, title_en="Repaired school")

    project.refresh_from_db()
    latest = AuditEvent.objects.filter(object_type="project", object_id=project.code).latest("position")
    assert latest.action == "project.passport_updated"
    assert project.updated_at == latest.occurred_at


def test_update_times_are_unique_and_follow_the_order_of_changes(cast):
    projects = [ProjectFactory(initiator=cast.bucha, actor=cast.bucha_editor) for _ in range(5)]
    update_passport(actor=cast.bucha_editor, project=projects[0], title_en="Changed last")

    times = dict(Project.objects.filter(pk__in=[p.pk for p in projects]).values_list("code", "updated_at"))
    assert len(set(times.values())) == 5
    assert max(times, key=times.__getitem__) == projects[0].code

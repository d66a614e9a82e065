"""A call run end to end through the services, and every refusal with its code, message and no change."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEvent
from calls import services
from calls.codes import ApplicationStatus, CallStatus
from calls.exceptions import (
    AlreadyApplied,
    BonusAboveQuota,
    CallClosed,
    CallNotAllowed,
    CallStateConflict,
    InvalidCall,
    InvalidDecision,
    NotEligible,
    NotYourRegion,
    UndecidedApplications,
)
from calls.models import Application, BonusPoints, Call, Decision, RankingEntry, Score
from calls.queries import published_ranking
from projects.codes import DocumentType, StatusDetail
from projects.exceptions import ActorNotAllowed
from tests.calls.conftest import make_call, ready_project

ALL_DOCUMENTS = (
    DocumentType.DESIGN_DOCUMENT,
    DocumentType.TECHNICAL_DOCUMENT,
    DocumentType.FEASIBILITY_STUDY,
    DocumentType.PERMISSION_DOCUMENT,
)


def counts() -> tuple[int, ...]:
    """Return the number of rows the calls keep, and of audit events."""
    return tuple(
        model.objects.count() for model in (Call, Application, Score, BonusPoints, Decision, RankingEntry, AuditEvent)
    )


def refused(error_class, code: str, words: str, action) -> None:
    """Assert that the action is refused with the code and a message holding the words, changing nothing."""
    before = counts()
    with pytest.raises(error_class) as raised:
        action()
    assert raised.value.code == code
    assert words in raised.value.message
    assert counts() == before


@pytest.fixture
def run(cast, call):
    """Three eligible projects (two in Kyiv oblast, one in Lviv) and one that breaks three rules, applied."""
    strong = ready_project(cast, local_share=Decimal(50), documents=ALL_DOCUMENTS)
    middle = ready_project(cast, local_share=Decimal(30))
    lviv = ready_project(cast, local_share=Decimal(20), initiator=cast.lviv)
    weak = ready_project(cast, state=StatusDetail.DEFINED, local_share=Decimal(5), documents=())
    return {
        name: services.apply(actor=cast.editor_of(project), call=call, project_code=project.code)
        for name, project in (("middle", middle), ("strong", strong), ("lviv", lviv), ("weak", weak))
    }


def test_a_call_runs_from_its_definition_to_a_ranking_the_command_recomputes(  # noqa: PLR0915 - one run, end to end.
    cast, call, run, tmp_path, capsys
):
    # Eligibility: the weak project is kept as ineligible, with the reason of every rule it fails.
    weak = Application.objects.get(pk=run["weak"].pk)
    assert weak.status == ApplicationStatus.INELIGIBLE
    failed = {check["rule"]: check["message"] for check in weak.eligibility if not check["passed"]}
    assert set(failed) == {"min_cofinancing_share", "design_with_expertise", "in_territory_portfolio"}
    assert failed["min_cofinancing_share"] == (
        "The local budget pays 5 % of the estimated cost; the call needs at least 10 %."
    )
    assert "lacks design documents and the expert report" in failed["design_with_expertise"]
    assert "pending:defined" in failed["in_territory_portfolio"]
    assert not weak.scores.exists()

    # Automatic scores, per criterion: the value, the rule and the points.
    strong = Application.objects.get(pk=run["strong"].pk)
    assert strong.status == ApplicationStatus.ELIGIBLE
    scores = {item.criterion.kind: item for item in strong.scores.select_related("criterion")}
    assert {kind: (item.value, item.points) for kind, item in scores.items()} == {
        "cofinancing_share": (Decimal("50.0000"), Decimal("40.00")),
        "implementation_months": (Decimal("12.0000"), Decimal("10.00")),
        "readiness": (Decimal("4.0000"), Decimal("40.00")),
    }
    assert scores["implementation_months"].rule == (
        "20 points at 6 or less, 0 at 18 or more, linear between: 20 × (18 − 12) ÷ (18 − 6) = 10"
    )
    middle_points = {item.criterion.kind: item.points for item in run["middle"].scores.select_related("criterion")}
    assert middle_points == {
        "cofinancing_share": Decimal("20.00"),
        "implementation_months": Decimal("10.00"),
        "readiness": Decimal("20.00"),
    }

    # Regional bonus points: within the quota, from the project's own oblast only.
    services.give_bonus(actor=cast.kyiv_approver, application=run["middle"], points=Decimal(5), reason="Опорна школа")
    refused(
        BonusAboveQuota,
        "bonus_above_quota",
        "at most 5 bonus points per application",
        lambda: services.give_bonus(
            actor=cast.kyiv_approver, application=run["middle"], points=Decimal(1), reason="Ще"
        ),
    )
    refused(
        BonusAboveQuota,
        "bonus_above_quota",
        "each oblast at most 8 bonus points in all",
        lambda: services.give_bonus(
            actor=cast.kyiv_approver, application=run["strong"], points=Decimal(4), reason="Ще"
        ),
    )
    services.give_bonus(actor=cast.kyiv_approver, application=run["strong"], points=Decimal(3), reason="Укриття")
    services.give_bonus(actor=cast.lviv_approver, application=run["lviv"], points=Decimal(5), reason="ВПО")
    refused(
        NotEligible,
        "not_eligible",
        "ineligible",
        lambda: services.give_bonus(actor=cast.kyiv_approver, application=run["weak"], points=Decimal(1), reason="?"),
    )

    # The commission decides after the call closes, always with a reason.
    refused(
        CallStateConflict,
        "call_state_conflict",
        "decides after it closes",
        lambda: services.decide(
            actor=cast.ministry_approver, application=run["strong"], decision="accepted", reason="Так"
        ),
    )
    services.close_call(actor=cast.operator, call=call)
    refused(
        UndecidedApplications,
        "undecided_applications",
        "decide on every eligible application",
        lambda: services.publish_ranking(actor=cast.ministry_approver, call=call),
    )
    refused(
        InvalidDecision,
        "invalid_decision",
        "must give the reason",
        lambda: services.decide(
            actor=cast.ministry_approver, application=run["strong"], decision="accepted", reason=" "
        ),
    )
    refused(
        NotEligible,
        "not_eligible",
        "ineligible",
        lambda: services.decide(
            actor=cast.ministry_approver, application=run["weak"], decision="accepted", reason="Так"
        ),
    )
    refused(
        CallNotAllowed,
        "call_not_allowed",
        "Only the commission",
        lambda: services.decide(
            actor=cast.kyiv_approver, application=run["strong"], decision="accepted", reason="Так"
        ),
    )
    for name, decision, reason in (
        ("strong", "accepted", "Найвищий бал"),
        ("middle", "accepted", "У межах бюджету"),
        ("lviv", "reserve", "Бюджет вичерпано"),
    ):
        services.decide(actor=cast.ministry_approver, application=run[name], decision=decision, reason=reason)

    # The published ranking: total points, every score, the bonuses and the decisions.
    events_before = AuditEvent.objects.count()
    services.publish_ranking(actor=cast.ministry_approver, call=call)
    assert AuditEvent.objects.filter(action="call.ranking_published", object_id=call.code).count() == 1
    assert AuditEvent.objects.count() == events_before + 1
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    document = published_ranking(call)
    assert [
        (line["position"], line["project"], line["automatic_points"], line["bonus_points"], line["total_points"])
        for line in document["ranking"]
    ] == [
        (1, run["strong"].project.code, Decimal("90.00"), Decimal("3.00"), Decimal("93.00")),
        (2, run["middle"].project.code, Decimal("50.00"), Decimal("5.00"), Decimal("55.00")),
        (3, run["lviv"].project.code, Decimal("40.00"), Decimal("5.00"), Decimal("45.00")),
    ]
    assert [line["decision"] for line in document["ranking"]] == ["accepted", "accepted", "reserve"]
    assert [line["project"] for line in document["ineligible"]] == [run["weak"].project.code]

    # Anyone recomputes it: from the database, and from the published JSON; an altered number disagrees.
    call_command("calls", "recompute", call.code)
    assert "Agree" in capsys.readouterr().out
    published = tmp_path / "ranking.json"
    published.write_text(json.dumps(document, default=str), encoding="utf-8")
    call_command("calls", "recompute", call.code, "--from", str(published))
    assert "Agree: the published ranking of call schools-2026 (3 applications)" in capsys.readouterr().out

    document["ranking"][1]["scores"][0]["points"] = "21.00"
    document["ranking"][1]["automatic_points"] = "51.00"
    document["ranking"][1]["total_points"] = "56.00"
    published.write_text(json.dumps(document, default=str), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("calls", "recompute", call.code, "--from", str(published))
    assert raised.value.returncode == 1
    assert "Disagree" in str(raised.value)
    assert "cofinancing_share published 21 points, recomputed 20" in capsys.readouterr().err


def test_an_application_after_the_window_closes_is_refused(cast, call, run):
    late = ready_project(cast)
    services.close_call(actor=cast.operator, call=call)
    refused(
        CallClosed,
        "call_closed",
        "it is closed",
        lambda: services.apply(actor=cast.bucha_editor, call=call, project_code=late.code),
    )


def test_an_application_after_the_closing_time_of_an_open_call_is_refused(cast):
    now = timezone.now()
    past = make_call(cast, code="past", opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    project = ready_project(cast)
    refused(
        CallClosed,
        "call_closed",
        "takes applications from",
        lambda: services.apply(actor=cast.bucha_editor, call=past, project_code=project.code),
    )


def test_a_draft_call_takes_no_application(cast):
    draft = make_call(cast, code="draft", opened=False)
    project = ready_project(cast)
    refused(
        CallClosed,
        "call_closed",
        "it is draft",
        lambda: services.apply(actor=cast.bucha_editor, call=draft, project_code=project.code),
    )


def test_bonus_points_from_another_oblast_are_refused(cast, call, run):
    refused(
        NotYourRegion,
        "not_your_region",
        "only a regional approver of that oblast's administration",
        lambda: services.give_bonus(actor=cast.kyiv_approver, application=run["lviv"], points=Decimal(1), reason="!"),
    )


def test_a_project_applies_once(cast, call, run):
    project = run["strong"].project
    refused(
        AlreadyApplied,
        "already_applied",
        "has already applied",
        lambda: services.apply(actor=cast.bucha_editor, call=call, project_code=project.code),
    )


def test_only_the_initiators_editor_applies(cast, call):
    project = ready_project(cast)
    refused(
        ActorNotAllowed,
        "actor_not_allowed",
        "Only a community editor",
        lambda: services.apply(actor=cast.lviv_editor, call=call, project_code=project.code),
    )


def test_only_an_operator_defines_a_call(cast):
    now = timezone.now()
    refused(
        CallNotAllowed,
        "call_not_allowed",
        "Only an operator may define a call.",
        lambda: services.create_call(
            actor=cast.ministry_approver,
            code="not-mine",
            name="Виклик",
            budget_uah=Decimal(1),
            opens_at=now,
            closes_at=now + timedelta(days=1),
            rules=[],
            criteria=[services.CriterionInput("readiness", Decimal(10), Decimal(0), Decimal(4))],
        ),
    )


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"code": "Bad Code"}, "code", "small Latin letters"),
        ({"budget_uah": Decimal(0)}, "budget_uah", "above zero"),
        ({"project_types": ["castle"]}, "project_types", "castle: not project types"),
        ({"territory_prefixes": ["Kyiv"]}, "territory_prefixes", "KATOTTG code"),
        ({"rules": [services.RuleInput("max_cost_uah")]}, "rules.0.parameter", "needs a number"),
        ({"criteria": []}, "criteria", "at least one criterion"),
        (
            {"criteria": [services.CriterionInput("readiness", Decimal(10), Decimal(4), Decimal(1))]},
            "criteria.0.max_value",
            "above its min_value",
        ),
    ],
)
def test_a_malformed_call_is_refused_by_field(cast, overrides, field, words):
    code = overrides.pop("code", "well-formed")
    before = counts()
    with pytest.raises(InvalidCall) as raised:
        make_call(cast, code=code, opened=False, **overrides)
    assert (raised.value.code, raised.value.field) == ("invalid_call", field)
    assert words in raised.value.message
    assert counts() == before


def test_a_project_outside_the_calls_territory_or_types_is_ineligible(cast):
    kyiv_only = make_call(cast, code="kyiv-only", territory_prefixes=["UA32"], project_types=["construction"])
    project = ready_project(cast, initiator=cast.lviv)
    application = services.apply(actor=cast.lviv_editor, call=kyiv_only, project_code=project.code)
    failed = {check["rule"] for check in application.eligibility if not check["passed"]}
    assert failed == {"project_type", "territory"}
    assert application.status == ApplicationStatus.INELIGIBLE


def test_every_write_is_audited(cast, call, run):
    actions = list(
        AuditEvent.objects.filter(object_type__in=["call", "call_application"]).values_list("action", flat=True)
    )
    assert actions == ["call.created", "call.opened", "call.applied", "call.applied", "call.applied", "call.applied"]


def test_the_recompute_command_refuses_a_ranking_not_yet_published(call):
    with pytest.raises(CommandError) as raised:
        call_command("calls", "recompute", call.code)
    assert raised.value.returncode == 1
    assert str(raised.value) == "The ranking of call schools-2026 is not published yet; it is open."


def test_the_recompute_command_refuses_another_calls_file(call, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"call": {"code": "roads-2026"}, "criteria": [], "ranking": []}), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("calls", "recompute", call.code, "--from", str(other))
    assert "is the ranking of call 'roads-2026', not of 'schools-2026'" in str(raised.value)

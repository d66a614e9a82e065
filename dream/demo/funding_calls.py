"""The demonstration's funding calls, built through the services: one with its ranking published, one still open."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from calls import services
from calls.codes import ApplicationStatus, CriterionKind, DecisionKind, Direction, RuleKind
from calls.models import Application, Call
from calls.ranking import plain, rank
from projects.authority import oblast_prefix
from projects.codes import Currency, FundingSourceCategory, ProjectType, StatusDetail
from projects.models import Project

# Communities apply the projects whose passport holds a finance plan and that are still on their way; those the
# region has not appraised yet, or has refused, apply too and are recorded as ineligible with the rule's reason.
APPLYING_STATES = (
    StatusDetail.DEFINED,
    StatusDetail.APPRAISAL,
    StatusDetail.APPRAISED,
    StatusDetail.STRUCTURING,
    StatusDetail.STRUCTURED,
    StatusDetail.APPLIED,
    StatusDetail.APPROVED,
    StatusDetail.REFUSED,
    StatusDetail.IMPLEMENTATION,
)


@dataclass(frozen=True)
class DemoCall:
    """A call of the demonstration: its terms, and which projects' communities apply to it."""

    code: str
    name: str
    description: str
    budget_uah: Decimal
    sectors: tuple[str, ...]
    project_types: tuple[str, ...]
    rules: tuple[services.RuleInput, ...]
    criteria: tuple[services.CriterionInput, ...]
    bonus_per_application: Decimal
    bonus_per_oblast: Decimal | None
    # At most so many projects apply, so that a demonstration of many thousands of projects stays quick to build.
    most_applications: int


# The commission supports, in the order of the ranking and while the budget lasts, the applications with at least
# the pass mark, and keeps a few more in reserve; the call's description says so.
PASS_MARK = Decimal(40)
RESERVE_PLACES = 3

SCHOOLS = DemoCall(
    code="schools-2026",
    name="Відновлення шкіл і укриттів закладів освіти 2026",
    description=(
        "Конкурс співфінансує капітальний ремонт пошкоджених шкіл і ліцеїв та будівництво укриттів для закладів "
        "дошкільної освіти, щоб діти навчалися очно й безпечно. Державний бюджет покриває вартість проєкту за "
        "вирахуванням співфінансування з місцевого бюджету.\n"
        f"Комісія підтримує проєкти, що набрали не менше {PASS_MARK} балів, за порядком рейтингу в межах бюджету "
        f"конкурсу; ще {RESERVE_PLACES} проєкти вносить до резерву на випадок економії коштів."
    ),
    budget_uah=Decimal(250_000_000),
    sectors=("ES", "EC"),
    project_types=(ProjectType.REHABILITATION, ProjectType.CONSTRUCTION),
    rules=(
        services.RuleInput(RuleKind.MIN_COFINANCING_SHARE, Decimal(15)),
        services.RuleInput(RuleKind.MAX_IMPLEMENTATION_MONTHS, Decimal(24)),
        services.RuleInput(RuleKind.IN_TERRITORY_PORTFOLIO),
        services.RuleInput(RuleKind.MAX_COST_UAH, Decimal(90_000_000)),
    ),
    criteria=(
        services.CriterionInput(CriterionKind.COFINANCING_SHARE, Decimal(30), Decimal(10), Decimal(40)),
        services.CriterionInput(
            CriterionKind.COST_PER_BENEFICIARY, Decimal(30), Decimal(20_000), Decimal(300_000), Direction.LOWER
        ),
        services.CriterionInput(CriterionKind.PEOPLE_SERVED, Decimal(20), Decimal(50), Decimal(1000)),
        services.CriterionInput(
            CriterionKind.IMPLEMENTATION_MONTHS, Decimal(20), Decimal(12), Decimal(24), Direction.LOWER
        ),
    ),
    bonus_per_application=Decimal(5),
    bonus_per_oblast=Decimal(10),
    most_applications=240,
)

WATER_AND_HEAT = DemoCall(
    code="water-and-heat",
    name="Чиста вода і тепло для громад",
    description=(
        "Конкурс співфінансує відновлення водогонів, насосних станцій і котелень, пошкоджених обстрілами, щоб "
        "громади мали воду й тепло в опалювальний сезон. Заявки приймаються до закриття вікна подання."
    ),
    budget_uah=Decimal(400_000_000),
    sectors=("WC", "LT"),
    project_types=(ProjectType.REHABILITATION,),
    rules=(
        services.RuleInput(RuleKind.MIN_COFINANCING_SHARE, Decimal(10)),
        services.RuleInput(RuleKind.IN_TERRITORY_PORTFOLIO),
        services.RuleInput(RuleKind.MAX_COST_UAH, Decimal(150_000_000)),
    ),
    criteria=(
        services.CriterionInput(CriterionKind.COFINANCING_SHARE, Decimal(40), Decimal(10), Decimal(40)),
        services.CriterionInput(CriterionKind.PEOPLE_SERVED, Decimal(30), Decimal(1000), Decimal(30_000)),
        services.CriterionInput(
            CriterionKind.COST_PER_BENEFICIARY, Decimal(30), Decimal(1000), Decimal(50_000), Direction.LOWER
        ),
    ),
    bonus_per_application=Decimal(5),
    bonus_per_oblast=None,
    most_applications=8,
)

# The finished call took applications for ten weeks; the open one opened two weeks ago and runs six weeks more.
FINISHED_CALL_OPENED = timedelta(days=70)
OPEN_CALL_OPENED = timedelta(days=14)
OPEN_CALL_CLOSES = timedelta(days=42)

BONUS_SHARE = 0.7
BONUS_POINTS = (Decimal(2), Decimal(3), Decimal(5))
BONUS_REASONS = (
    "Заклад приймає дітей із зруйнованих шкіл сусідніх громад.",
    "Єдиний заклад освіти громади, де укриття вміщує всіх дітей.",
    "Прифронтова громада: без ремонту діти навчаються лише дистанційно.",
    "Об'єкт є пріоритетом обласної програми відновлення на 2026 рік.",
)


@dataclass(frozen=True)
class CallActors:
    """Who acts in the demonstration's calls: the operator, a commission member, and the people of each place."""

    operator: User
    commission: User
    # The community editor who applies for each initiator, by the initiator's EDRPOU.
    editors: dict[str, User]
    # The regional approver of each oblast's administration, by the oblast's KATOTTG prefix.
    regional_approvers: dict[str, User]


def build_calls(actors: CallActors, draw: random.Random) -> list[Call]:
    """Build a call whose ranking is published and a call taking applications today, both through the services."""
    with transaction.atomic():
        finished = _finished_call(actors, draw)
        taking_applications = _open_call(actors, draw)
    return [finished, taking_applications]


def _applicants(spec: DemoCall, draw: random.Random) -> list[str]:
    """Return the codes of the projects that apply to the call, in the order they apply."""
    codes = list(
        Project.objects.filter(sector__in=spec.sectors, status_details__in=APPLYING_STATES)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return draw.sample(codes, min(len(codes), spec.most_applications))


def _define(spec: DemoCall, actors: CallActors, *, opens_at: datetime, closes_at: datetime) -> Call:
    call = services.create_call(
        actor=actors.operator,
        code=spec.code,
        name=spec.name,
        description=spec.description,
        budget_uah=spec.budget_uah,
        opens_at=opens_at,
        closes_at=closes_at,
        rules=spec.rules,
        criteria=spec.criteria,
        project_types=spec.project_types,
        bonus_per_application=spec.bonus_per_application,
        bonus_per_oblast=spec.bonus_per_oblast,
    )
    return services.open_call(actor=actors.operator, call=call)


def _apply(call: Call, codes: list[str], actors: CallActors) -> None:
    initiators = dict(Project.objects.filter(code__in=codes).values_list("code", "initiator__edrpou"))
    for code in codes:
        services.apply(actor=actors.editors[initiators[code]], call=call, project_code=code)


def _finished_call(actors: CallActors, draw: random.Random) -> Call:
    """Take applications, close the call, add the regions' bonus points, decide on each, and publish the ranking."""
    codes = _applicants(SCHOOLS, draw)
    now = timezone.now()
    # NOTE: applications are taken only inside the window, and no service moves a window once it is set, so the
    # window ends a little after the last application here; the operator closes the call before it ends.
    call = _define(
        SCHOOLS,
        actors,
        opens_at=now - FINISHED_CALL_OPENED,
        closes_at=now + timedelta(minutes=1, seconds=len(codes)),
    )
    _apply(call, codes, actors)
    call = services.close_call(actor=actors.operator, call=call)
    _give_bonuses(call, actors, draw)
    _decide(call, actors)
    services.publish_ranking(actor=actors.commission, call=call)
    return call


def _open_call(actors: CallActors, draw: random.Random) -> Call:
    """Open a call whose window holds today, and apply a few projects to it."""
    codes = _applicants(WATER_AND_HEAT, draw)
    now = timezone.now()
    call = _define(WATER_AND_HEAT, actors, opens_at=now - OPEN_CALL_OPENED, closes_at=now + OPEN_CALL_CLOSES)
    _apply(call, codes, actors)
    return call


def _eligible(call: Call) -> list[Application]:
    return list(
        call.applications.filter(status=ApplicationStatus.ELIGIBLE)
        .select_related("project__initiator")
        .prefetch_related("project__locations", "project__finance_lines")
        .order_by("id")
    )


def _give_bonuses(call: Call, actors: CallActors, draw: random.Random) -> None:
    """Let most oblasts' administrations add points to one or two of their applications, within the call's quota."""
    by_oblast: dict[str, list[Application]] = {}
    for application in _eligible(call):
        by_oblast.setdefault(oblast_prefix(application.project), []).append(application)

    for oblast, applications in sorted(by_oblast.items()):
        if draw.random() >= BONUS_SHARE:
            continue
        left = call.bonus_per_oblast if call.bonus_per_oblast is not None else Decimal("Infinity")
        for application in draw.sample(applications, min(len(applications), 2)):
            points = min(draw.choice(BONUS_POINTS), call.bonus_per_application, left)
            if points <= 0:
                break
            services.give_bonus(
                actor=actors.regional_approvers[oblast],
                application=application,
                points=points,
                reason=draw.choice(BONUS_REASONS),
            )
            left -= points


def _requested(project: Project) -> Decimal:
    """Return what the call would pay: the estimated cost less the local budget's share."""
    own = sum(
        (
            line.amount
            for line in project.finance_lines.all()
            if line.source_category == FundingSourceCategory.LOCAL_BUDGET and line.currency == Currency.UAH
        ),
        Decimal(0),
    )
    return max(project.estimated_cost_uah - own, Decimal(0))


def _hryvnias(amount: Decimal) -> str:
    """Write an amount as a Ukrainian reader does: whole hryvnias, thousands apart."""
    return f"{amount:,.0f}".replace(",", "\N{NO-BREAK SPACE}") + "\N{NO-BREAK SPACE}грн"


def _points(points: Decimal) -> str:
    """Write points with a decimal comma, as a Ukrainian reader does."""
    return plain(points).replace(".", ",")


def _decide(call: Call, actors: CallActors) -> None:
    """Decide on each eligible application in the order of the ranking it would have: support, reserve or reject."""
    applications = {application.pk: application for application in _eligible(call)}
    left, reserve_left = call.budget_uah, RESERVE_PLACES
    for line in rank(services.criteria_specs(call), services.candidates(call)):
        needed = _requested(applications[line.application].project)
        points = _points(line.total_points)
        if line.total_points < PASS_MARK:
            decision = DecisionKind.REJECTED
            reason = f"Відхилено: сума балів {points} менша за прохідний бал {PASS_MARK}."
        elif needed <= left:
            decision = DecisionKind.ACCEPTED
            reason = (
                f"Підтримано: {line.position}-е місце в рейтингу, сума балів {points}; потреба {_hryvnias(needed)} "
                f"у межах залишку бюджету {_hryvnias(left)}."
            )
            left -= needed
        elif reserve_left:
            decision = DecisionKind.RESERVE
            reason = (
                f"До резерву: потреба {_hryvnias(needed)} перевищує залишок бюджету {_hryvnias(left)}; проєкт "
                "отримає кошти в разі економії за підтриманими проєктами."
            )
            reserve_left -= 1
        else:
            decision = DecisionKind.REJECTED
            reason = (
                f"Відхилено: сума балів {points}, але бюджет конкурсу вичерпано проєктами з вищими балами, "
                "а резерв уже сформовано."
            )
        services.decide(
            actor=actors.commission, application=applications[line.application], decision=decision, reason=reason
        )

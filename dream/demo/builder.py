"""Build a realistic, internally consistent demonstration dataset through the domain services."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from stdnum.ua import edrpou as edrpou_scheme

from accounts.models import User
from accounts.services import create_user
from calls.models import Call
from contracting.codes import PaymentSource
from contracting.demo import record_demo_process
from contracting.models import ContractingProcess
from contracting.services import PaymentFacts, record_payment
from dream.demo.catalogue import (
    COMMUNITY_OFFICES,
    CONTRACTORS,
    DEFAULT_SPREAD,
    DONORS,
    KINDS,
    MINISTRIES,
    OBLAST_MIDDLES,
    SPREAD,
    ProjectKind,
)
from dream.demo.funding_calls import CallActors, build_calls
from dream.errors import InvalidInput
from finance import services as finance
from finance.models import Commitment, CommitmentStatus, ExchangeRate, Tranche
from finance.rates import RateRow, store_rates
from parties.models import Organisation, OrganisationKind, Role
from parties.services import grant_role, register_organisation
from projects import lifecycle, services
from projects.codes import AccessLevel, DocumentType, FundingSourceCategory, FundingType, Phase
from projects.models import Project
from territories.models import Territory

if TYPE_CHECKING:
    from django.db.models import QuerySet

FIRST_DAY = date(2023, 1, 2)
LAST_DAY = date(2026, 11, 30)
# Occupied Crimea and Sevastopol have no projects in the bank.
EXCLUDED_OBLASTS = ("UA01", "UA85")

# Where projects stand, in proportions like the real bank's: most pending, some active, few closed.
TARGETS: tuple[tuple[str, int], ...] = (
    ("initiated", 15),
    ("definition", 10),
    ("defined", 8),
    ("appraisal", 10),
    ("appraised", 7),
    ("structuring", 6),
    ("structured", 5),
    ("applied", 6),
    ("approved", 5),
    ("refused", 3),
    ("implementation", 17),
    ("commissioned", 5),
    ("withdrawn", 2),
    ("terminated", 1),
)

# How many phases have started and finished once a project has taken at least so many steps of its route.
PHASES_REACHED = ((10, (6, 6)), (9, (5, 4)), (8, (4, 3)), (5, (3, 3)), (0, (2, 2)))

# The latest registration date from which a project can have reached its target by the last day of the data.
LATEST_REGISTRATION = {
    "implementation": date(2025, 3, 1),
    "commissioned": date(2024, 1, 1),
    "terminated": date(2025, 3, 1),
}

STEPS_TO = {
    "initiated": 0,
    "definition": 1,
    "defined": 2,
    "appraisal": 3,
    "appraised": 4,
    "structuring": 5,
    "structured": 6,
    "applied": 7,
    "approved": 8,
    "implementation": 9,
    "commissioned": 10,
}

# The money chain: the donors' share comes in euros or dollars at the National Bank's rate, the local budget's in
# hryvnias; a few projects carry a contradiction for reconciliation to find.
RATES_START = {"EUR": Decimal("40.60"), "USD": Decimal("36.57")}
RATES_SOURCE = "demonstration rates"
CONTRADICTION_SHARE = 0.05
MILESTONE = "Виконано не менше половини будівельних робіт, підтверджено актом"

DEMO_PASSWORD = "dream-demo-{role}"  # noqa: S105 - demonstration accounts only, printed by `dream demo --accounts`.

# A minimal, valid one-page PDF: the commissioning certificate of demonstration projects.
CERTIFICATE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_location(territory: str, project_code: str) -> services.LocationInput:
    """Place a project in its territory, with a point near the middle of its oblast drawn from its code alone.

    A generator of its own, seeded by the project's code, keeps the rest of the demonstration the same as before.
    """
    middle = OBLAST_MIDDLES.get(territory[:4])
    if middle is None:
        return services.LocationInput(territory=territory)
    spread = SPREAD.get(territory[:4], DEFAULT_SPREAD)
    draw = random.Random(project_code)  # noqa: S311 - demonstration data, not secrets.
    latitude, longitude = (value + draw.uniform(-spread, spread) for value in middle)
    return services.LocationInput(
        territory=territory,
        latitude=Decimal(f"{latitude:.6f}"),
        longitude=Decimal(f"{longitude:.6f}"),
    )


@dataclass
class Cast:
    """The organisations and people who act in the demonstration."""

    communities: list[tuple[Organisation, User, list[Territory]]] = field(default_factory=list)
    regional_approvers: dict[str, User] = field(default_factory=dict)
    ministry_approver: User | None = None
    operator: User | None = None
    donors: list[Organisation] = field(default_factory=list)
    role_accounts: dict[str, str] = field(default_factory=dict)
    # The people who act for a financing party: a donor's officer, or a community's treasurer for its local budget.
    treasurers: dict[str, User] = field(default_factory=dict)


class DemoBuilder:
    """Builds organisations, users and projects from one seed; the same seed gives the same data."""

    def __init__(self, *, seed: int) -> None:
        self.random = random.Random(seed)  # noqa: S311 - demonstration data, not secrets.
        self.used_edrpou: set[str] = set(Organisation.objects.values_list("edrpou", flat=True))
        self.cast = Cast()
        # The money chains draw from a stream of their own, so the projects of a seed stay what they were.
        self.money_random = random.Random(f"money-{seed}")  # noqa: S311 - demonstration data, not secrets.
        # So do the funding calls, built once every project stands where it does.
        self.calls_random = random.Random(f"calls-{seed}")  # noqa: S311 - demonstration data, not secrets.
        # The contradictions built on purpose: their code, by project code.
        self.contradictions: dict[str, str] = {}

    def new_edrpou(self) -> str:
        """Return an unused EDRPOU code with a valid check digit."""
        while True:
            base = f"{self.random.randrange(2_000_000, 4_500_000):07d}"
            code = base + edrpou_scheme.calc_check_digit(base)
            if code not in self.used_edrpou and edrpou_scheme.is_valid(code):
                self.used_edrpou.add(code)
                return code

    def build_cast(self, *, communities: int) -> Cast:
        """Register the regional administrations, ministries, donors, communities and their people."""
        oblasts = list(Territory.objects.filter(level=1).exclude(prefix__in=EXCLUDED_OBLASTS).order_by("code"))
        if not oblasts:
            raise InvalidInput("The KATOTTG codifier is not loaded: run `dream territories load` first.")
        hromadas = list(
            Territory.objects.filter(category="H", is_current=True)
            .exclude(prefix__startswith=EXCLUDED_OBLASTS[0])
            .exclude(prefix__startswith=EXCLUDED_OBLASTS[1])
            .order_by("code")
        )
        chosen = sorted(self.random.sample(hromadas, min(communities, len(hromadas))), key=lambda unit: unit.code)
        settlements: dict[str, list[Territory]] = {}
        for settlement in Territory.objects.filter(parent__in=chosen, level=4).order_by("code"):
            settlements.setdefault(settlement.parent_id or "", []).append(settlement)

        with transaction.atomic():
            for oblast in oblasts:
                name = oblast.name_uk.removesuffix(" область")
                administration = register_organisation(
                    edrpou=self.new_edrpou(),
                    name_uk=f"{name} обласна військова адміністрація"
                    if oblast.category == "O"
                    else f"{name} міська військова адміністрація",
                    kind=OrganisationKind.REGIONAL_ADMINISTRATION,
                    territory_code=oblast.code,
                )
                approver = self._person(f"approver-{oblast.prefix.lower()}")
                grant_role(user=approver, organisation=administration, role=Role.REGIONAL_APPROVER)
                self.cast.regional_approvers[oblast.prefix] = approver

            ministry = None
            for name_uk, name_en in MINISTRIES:
                organisation = register_organisation(
                    edrpou=self.new_edrpou(), name_uk=name_uk, name_en=name_en, kind=OrganisationKind.MINISTRY
                )
                ministry = ministry or organisation
            assert ministry is not None  # noqa: S101 - MINISTRIES is a non-empty constant.
            self.cast.ministry_approver = self._person("approver-ministry")
            grant_role(user=self.cast.ministry_approver, organisation=ministry, role=Role.MINISTRY_APPROVER)

            for name_uk, name_en in DONORS:
                self.cast.donors.append(
                    register_organisation(
                        edrpou=self.new_edrpou(), name_uk=name_uk, name_en=name_en, kind=OrganisationKind.DONOR
                    )
                )
                self._treasurer(self.cast.donors[-1], f"officer-{self.cast.donors[-1].edrpou}")
            for name in CONTRACTORS:
                register_organisation(edrpou=self.new_edrpou(), name_uk=name, kind=OrganisationKind.CONTRACTOR)

            for hromada in chosen:
                places = settlements.get(hromada.code) or [hromada]
                categories = {place.category for place in places}
                office = next((COMMUNITY_OFFICES[c] for c in ("M", "X", "C") if c in categories), "сільська")
                community = register_organisation(
                    edrpou=self.new_edrpou(),
                    name_uk=f"{hromada.name_uk} {office} рада",
                    kind=OrganisationKind.COMMUNITY,
                    territory_code=hromada.code,
                )
                editor = self._person(f"editor-{community.edrpou}")
                grant_role(user=editor, organisation=community, role=Role.COMMUNITY_EDITOR)
                self._treasurer(community, f"treasurer-{community.edrpou}")
                self.cast.communities.append((community, editor, places))

            self._role_accounts(ministry)
            self._exchange_rates()
        return self.cast

    def _treasurer(self, organisation: Organisation, username: str) -> None:
        """Give the financing party a person who pledges, commits and releases its money."""
        person = self._person(username)
        grant_role(user=person, organisation=organisation, role=Role.DONOR)
        self.cast.treasurers[organisation.edrpou] = person

    def _exchange_rates(self) -> None:
        """Store a rate a day for the euro and the dollar over the data's years, as the National Bank sets them."""
        rows = []
        for currency, start in RATES_START.items():
            rate, day = start, FIRST_DAY - timedelta(days=60)
            while day <= LAST_DAY:
                rows.append(RateRow(currency=currency, on=day, uah_per_unit=rate))
                # The hryvnia drifts slowly down against both, a few kopiyky a day either way.
                rate = (rate * (1 + Decimal(self.money_random.randint(-30, 34)) / 10_000)).quantize(Decimal("0.0001"))
                day += timedelta(days=1)
        store_rates(rows, source=RATES_SOURCE)

    def _person(self, username: str, password: str | None = None) -> User:
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            return existing
        return create_user(username=username, password=password, check_password_strength=False)

    def _role_accounts(self, ministry: Organisation) -> None:
        """Create one signed-in account for each role, whose passwords `dream demo --accounts` prints."""
        community, _, _ = self.cast.communities[0]
        oblast = community.territory_id[:4] if community.territory_id else ""
        administration = Organisation.objects.get(
            kind=OrganisationKind.REGIONAL_ADMINISTRATION, territory__code__startswith=oblast
        )
        auditor_office = register_organisation(
            edrpou=self.new_edrpou(),
            name_uk="Рахункова палата",
            name_en="Accounting Chamber",
            kind=OrganisationKind.AGENCY,
        )
        operator_office = register_organisation(
            edrpou=self.new_edrpou(),
            name_uk="Агентство відновлення",
            name_en="Restoration Agency",
            kind=OrganisationKind.AGENCY,
        )
        # Two approvers of the same administration: one refuses a project, the other decides on it once revised.
        roles = (
            (Role.COMMUNITY_EDITOR, community, ""),
            (Role.REGIONAL_APPROVER, administration, ""),
            (Role.REGIONAL_APPROVER, administration, "-2"),
            (Role.MINISTRY_APPROVER, ministry, ""),
            (Role.DONOR, self.cast.donors[0], ""),
            (Role.AUDITOR, auditor_office, ""),
            (Role.OPERATOR, operator_office, ""),
        )
        for role, organisation, suffix in roles:
            username = f"demo-{role.replace('_', '-')}{suffix}"
            user = self._person(username, DEMO_PASSWORD.format(role=role))
            grant_role(user=user, organisation=organisation, role=role)
            if role == Role.OPERATOR:
                self.cast.operator = user
                if not user.is_staff:
                    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
            self.cast.role_accounts[username] = organisation.name_uk

    def build_projects(self, count: int, *, progress: Callable[[int], None] | None = None) -> None:
        """Register projects and move each through its life cycle to a target drawn in realistic proportions."""
        targets, weights = zip(*TARGETS, strict=True)
        kind_weights = [kind.weight for kind in KINDS]
        batch = 100
        for start in range(0, count, batch):
            with transaction.atomic():
                for _ in range(min(batch, count - start)):
                    kind = self.random.choices(KINDS, weights=kind_weights)[0]
                    target = self.random.choices(targets, weights=weights)[0]
                    self._project(kind, target)
            if progress is not None:
                progress(min(batch, count - start))

    def build_calls(self) -> list[Call]:
        """Build the funding calls: one whose ranking is published, and one taking applications today.

        The operator defines, opens and closes them; each project's community editor applies; the regional approver
        of its oblast adds bonus points; the ministry's approver decides for the commission and publishes.
        """
        if self.cast.operator is None or self.cast.ministry_approver is None:
            raise InvalidInput("Build the cast first: the calls need its operator and ministry approver.")
        actors = CallActors(
            operator=self.cast.operator,
            commission=self.cast.ministry_approver,
            editors={community.edrpou: editor for community, editor, _ in self.cast.communities},
            regional_approvers=self.cast.regional_approvers,
        )
        return build_calls(actors, self.calls_random)

    def _project(self, kind: ProjectKind, target: str) -> Project:
        community, editor, places = self.random.choice(self.cast.communities)
        place = self.random.choice(places)
        label = {"M": "м.", "X": "сел.", "C": "с."}.get(place.category, "")
        words = {
            "place": f"{label} {place.name_uk}".strip(),
            "place_en": place.name_en,
            "number": self.random.randint(1, 30),
        }
        latest = LATEST_REGISTRATION.get(target, LAST_DAY)
        registered_on = FIRST_DAY + timedelta(days=self.random.randrange((latest - FIRST_DAY).days))
        code = f"DREAM-UA-{registered_on:%d%m%y}-{self.random.getrandbits(32):08X}"
        project = services.register_project(
            actor=editor,
            initiator=community,
            title_uk=kind.title_uk.format(**words),
            title_en=kind.title_en.format(**words),
            description_uk=kind.description_uk,
            description_en=kind.description_en,
            purpose=kind.purpose,
            type=kind.type,
            sector=kind.sector,
            locations=[demo_location(place.code, code)],
            registered_on=registered_on,
            code=code,
        )

        steps = STEPS_TO.get(target, 0)
        if target in {"withdrawn", "refused"}:
            steps = self.random.choice((1, 3)) if target == "withdrawn" else 3
        if target == "terminated":
            steps = STEPS_TO["implementation"]
        low, high = kind.cost_range_uah
        cost = Decimal(self.random.randrange(low // 1000, high // 1000) * 1000)
        if steps >= STEPS_TO["defined"]:
            self._plan(project, editor, kind, cost, registered_on=registered_on, steps=steps)

        self._walk(project, editor, steps)

        if target == "refused":
            services.take_step(
                actor=self._actor_for("refuse", project, editor),
                project=project,
                step="refuse",
                comment="Кошторис не підтверджено експертизою; доопрацюйте проєктну документацію.",
            )
        elif target == "withdrawn":
            services.take_step(
                actor=editor, project=project, step="cancel", comment="Об'єкт відновлено коштом іншої програми."
            )
        elif target == "terminated":
            services.take_step(
                actor=self._actor_for("terminate", project, editor),
                project=project,
                step="terminate",
                comment="Договір підряду розірвано через невиконання графіка робіт.",
            )
        if target in {"implementation", "commissioned", "terminated"}:
            process = record_demo_process(project, self.random)
            self._pay_and_disburse(project, editor, process)
        return project

    def _walk(self, project: Project, editor: User, steps: int) -> None:
        """Take the project's first steps along the main route, and move its money as each stage allows."""
        for step in lifecycle.MAIN_ROUTE[:steps]:
            if step == "apply_for_funding":
                self._confirm_commitments(project, editor)
            if step == "complete":
                services.attach_document(
                    actor=editor,
                    project=project,
                    title="Сертифікат про прийняття в експлуатацію закінченого будівництвом об'єкта",
                    document_type=DocumentType.CERTIFICATION,
                    access_level=AccessLevel.OPEN,
                    content=CERTIFICATE_PDF,
                    filename="certificate.pdf",
                )
            services.take_step(actor=self._actor_for(step, project, editor), project=project, step=step)
            if step == "complete_structuring":
                self._pledge(project)
            elif step == "approve" and steps == STEPS_TO["approved"]:
                # A project that goes on to be built has its tranches released as it is paid for; see _disburse.
                self._plan_tranches(project)

    def _pledge(self, project: Project) -> None:
        """Pledge the finance plan's money once the project is structured, and propose the agreements under it."""
        phases = {phase.phase: phase for phase in project.phases.all()}
        budgeting = phases[Phase.BUDGETING]
        pledged_on = min(budgeting.actual_end or budgeting.planned_end, LAST_DAY)
        for line in project.finance_lines.select_related("financing_party").order_by("id"):
            party = line.financing_party or project.initiator
            treasurer = self.cast.treasurers[party.edrpou]
            currency = "UAH"
            amount = line.amount
            if line.source_category == FundingSourceCategory.INTERNATIONAL_ORGANIZATION:
                currency = self.money_random.choice(("EUR", "EUR", "USD"))
                rate = _rate_on(currency, pledged_on)
                amount = (line.amount / rate).quantize(Decimal("0.01"))
            pledge = finance.pledge(
                actor=treasurer,
                project_code=project.code,
                donor_edrpou=party.edrpou,
                source_category=line.source_category,
                amount=amount,
                currency=currency,
                pledged_on=pledged_on,
            )
            committed_on = min(pledged_on + timedelta(days=self.money_random.randint(14, 45)), LAST_DAY)
            finance.propose_commitment(
                actor=treasurer,
                pledge_id=pledge.pk,
                agreement_reference=f"{'ФА' if currency != 'UAH' else 'РС'}-{project.code[-8:]}-{pledge.pk}",
                conditions="Кошти спрямовуються виключно на роботи за проєктом; звітність щокварталу.",
                amount=amount,
                committed_on=committed_on,
            )

    def _confirm_commitments(self, project: Project, editor: User) -> None:
        """Confirm, as the project's owner, every agreement proposed for it."""
        proposed = finance_commitments(project).filter(status=CommitmentStatus.PROPOSED)
        for commitment_id in proposed.values_list("pk", flat=True):
            finance.confirm_commitment(actor=editor, commitment_id=commitment_id)

    def _plan_tranches(self, project: Project) -> None:
        """Plan each confirmed commitment's tranches over the works once the project is approved."""
        works = project.phases.get(phase=Phase.IMPLEMENTATION)
        middle = works.planned_start + (works.planned_end - works.planned_start) / 2
        for commitment in finance_commitments(project).filter(status=CommitmentStatus.CONFIRMED):
            for (amount, milestone), planned_on in zip(
                _tranches(commitment), (works.planned_start, middle, works.planned_end), strict=True
            ):
                finance.plan_tranche(
                    actor=self.cast.treasurers[commitment.pledge.donor.edrpou],
                    commitment_id=commitment.pk,
                    amount=amount,
                    planned_on=planned_on,
                    milestone=milestone,
                )

    def _pay_and_disburse(self, project: Project, editor: User, process: ContractingProcess) -> None:
        """Record the payments of the contract, and release the tranches that paid for them.

        A tranche is released a few days before each payment, its milestone attested before that. On a few projects
        a contradiction is left for reconciliation to find: a payment above the contract's value, or a tranche
        released before its milestone was met.
        """
        payments = _demo_payments(process)
        contradiction = ""
        if self.money_random.random() < CONTRADICTION_SHARE:
            contradiction = self.money_random.choice(("paid_over_contracted", "tranche_before_milestone"))
            self.contradictions[project.code] = contradiction
        if contradiction == "paid_over_contracted":
            last = payments[-1]
            contract = process.contracts.get(contract_id=last.contract_id)
            paid = sum((payment.amount for payment in payments), Decimal(0))
            over = (contract.value_amount or paid) - paid + (paid * Decimal("0.07")).quantize(Decimal("0.01"))
            payments.append(
                PaymentFacts(
                    **{
                        **vars(last),
                        "external_id": f"{last.external_id}-repeat",
                        "amount": over,
                        "paid_on": min(last.paid_on + timedelta(days=12), LAST_DAY),
                        "purpose": f"{last.purpose} (повторно)",
                    }
                )
            )
        for facts in payments:
            record_payment(facts)

        # As many tranches are released as payments were made, each a few days before its payment.
        releases = max(len(payments), 2) if contradiction == "tranche_before_milestone" else len(payments)
        for commitment in finance_commitments(project).filter(status=CommitmentStatus.CONFIRMED):
            for index, (amount, milestone) in enumerate(_tranches(commitment)[:releases]):
                paid_on = payments[min(index, len(payments) - 1)].paid_on
                released_on = max(paid_on - timedelta(days=self.money_random.randint(1, 10)), commitment.committed_on)
                tranche = finance.release_tranche(
                    actor=self.cast.treasurers[commitment.pledge.donor.edrpou],
                    commitment_id=commitment.pk,
                    amount=amount,
                    released_on=released_on,
                    milestone=milestone,
                )
                if milestone:
                    self._attest(tranche, editor, released_on, late=contradiction == "tranche_before_milestone")

    def _attest(self, tranche: Tranche, editor: User, released_on: date, *, late: bool) -> None:
        """Attest the milestone a few days before the release, or, for a contradiction, after it."""
        if late:
            met_on = released_on + timedelta(days=self.money_random.randint(5, 20))
            if met_on <= LAST_DAY:
                finance.mark_milestone_met(actor=editor, tranche_id=tranche.pk, met_on=met_on)
            return
        met_on = released_on - timedelta(days=self.money_random.randint(1, 7))
        finance.mark_milestone_met(actor=editor, tranche_id=tranche.pk, met_on=met_on)

    def _actor_for(self, step: str, project: Project, editor: User) -> User:
        if step not in {"appraise", "approve", "refuse", "terminate"}:
            return editor
        from projects.authority import Level  # noqa: PLC0415

        project.refresh_from_db(fields=["status", "status_details", "estimated_cost_uah"])
        level = lifecycle.STEPS[step].level(project)
        if level == Level.MINISTRY and self.cast.ministry_approver is not None:
            return self.cast.ministry_approver
        return self.cast.regional_approvers[project.locations.first().territory_id[:4]]  # type: ignore[union-attr]

    def _plan(
        self, project: Project, editor: User, kind: ProjectKind, cost: Decimal, *, registered_on: date, steps: int
    ) -> None:
        """Give the project its budget, finance plan, phases and indicator."""
        year = registered_on.year + 1
        design = (cost * Decimal("0.08")).quantize(Decimal(1))
        contingencies = (cost * Decimal("0.05")).quantize(Decimal(1))
        services.set_budget(
            actor=editor,
            project=project,
            lines=[
                services.BudgetLineInput(cost_item="design", year=registered_on.year, amount=design),
                services.BudgetLineInput(cost_item="construction", year=year, amount=cost - design - contingencies),
                services.BudgetLineInput(cost_item="contingencies", year=year, amount=contingencies),
            ],
        )
        donor = self.random.choice(self.cast.donors)
        local_share = (cost * Decimal(self.random.choice(("0.1", "0.15", "0.2", "0.3")))).quantize(Decimal(1))
        services.set_finance(
            actor=editor,
            project=project,
            lines=[
                services.FinanceLineInput(
                    source_category=FundingSourceCategory.LOCAL_BUDGET,
                    funding_type=FundingType.STATE_FUNDS,
                    amount=local_share,
                    is_committed=True,
                ),
                services.FinanceLineInput(
                    source_category=FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
                    funding_type=FundingType.INTERNATIONAL_PARTNERS,
                    amount=cost - local_share,
                    financing_party=donor.edrpou,
                    is_committed=self.random.random() < 0.6,  # noqa: PLR2004 - most donors commit.
                ),
            ],
        )
        services.set_phase_plan(actor=editor, project=project, phases=self._phases(registered_on, steps))
        low, high = kind.indicator_range
        baseline = self.random.randint(0, low)
        services.set_indicators(
            actor=editor,
            project=project,
            indicators=[
                services.IndicatorInput(
                    kind="numberOfIDP" if "ВПО" in kind.indicator_uk else "numberOfConsumers",
                    name=kind.indicator_uk,
                    baseline=Decimal(baseline),
                    target=Decimal(self.random.randint(max(low, baseline), high)),
                )
            ],
        )

    def _phases(self, start: date, steps: int) -> list[services.PhaseInput]:
        """Plan the phases one after another from registration; those the project has reached get actual dates."""
        durations = (
            (Phase.IDENTIFICATION, 30),
            (Phase.SCOPING, 60),
            (Phase.BUDGETING, 45),
            (Phase.PROCUREMENT, 75),
            (Phase.IMPLEMENTATION, self.random.randint(180, 540)),
            (Phase.COMMISSIONING, 45),
        )
        started, finished = next(reached for threshold, reached in PHASES_REACHED if steps >= threshold)
        phases = []
        cursor = start
        slip = 0
        for index, (phase, days) in enumerate(durations):
            planned_start, planned_end = cursor, cursor + timedelta(days=days)
            actual_start = planned_start + timedelta(days=slip)
            slip += self.random.randint(0, days // 4)
            actual_end = planned_end + timedelta(days=slip)
            phases.append(
                services.PhaseInput(
                    phase=phase,
                    planned_start=planned_start,
                    planned_end=planned_end,
                    actual_start=actual_start if index < started and actual_start <= LAST_DAY else None,
                    actual_end=actual_end if index < finished and actual_end <= LAST_DAY else None,
                )
            )
            cursor = planned_end
        return phases


def finance_commitments(project: Project) -> "QuerySet[Commitment]":
    """Return the project's commitments, every pledge's, in the order they were made."""
    return Commitment.objects.filter(pledge__project=project).select_related("pledge__donor").order_by("id")


def _tranches(commitment: Commitment) -> list[tuple[Decimal, str]]:
    """Return a commitment's tranches: an advance, an interim payment after the milestone, and the balance.

    Only a donor's commitment (in euros or dollars) has a milestone; the local budget pays as the works go.
    """
    advance = (commitment.amount * Decimal("0.3")).quantize(Decimal("0.01"))
    interim = (commitment.amount * Decimal("0.4")).quantize(Decimal("0.01"))
    milestone = MILESTONE if commitment.currency != "UAH" else ""
    return [(advance, ""), (interim, milestone), (commitment.amount - advance - interim, "")]


def _rate_on(currency: str, day: date) -> Decimal:
    """Return the demonstration's rate of a currency on a day."""
    return ExchangeRate.objects.get(currency=currency, on=day).uah_per_unit


def _demo_payments(process: ContractingProcess) -> list[PaymentFacts]:
    """Return the payments the process's releases report, as the treasury would report them."""
    suppliers: dict[str, dict[str, Any]] = {}
    transactions: dict[str, tuple[str, dict[str, Any]]] = {}
    for release in process.releases.order_by("date", "id"):
        for party in release.document.get("parties", []):
            suppliers[party["id"]] = party
        for contract in release.document.get("contracts", []):
            for transaction_ in contract.get("implementation", {}).get("transactions", []):
                transactions[transaction_["id"]] = (contract["id"], transaction_)
    payments = []
    for external_id, (contract_id, paid) in transactions.items():
        payee = suppliers.get(paid["payee"]["id"], {})
        code = payee.get("identifier", {}).get("id", "")
        private = len(code) != 8  # noqa: PLR2004 - an EDRPOU code has eight digits; a person's tax number ten.
        payments.append(
            PaymentFacts(
                source=PaymentSource.DEMO,
                external_id=external_id,
                amount=Decimal(str(paid["value"]["amount"])).quantize(Decimal("0.01")),
                currency=paid["value"]["currency"],
                paid_on=datetime.fromisoformat(paid["date"]).date(),
                payer_edrpou=process.procuring_entity_edrpou,
                payer_name=process.procuring_entity_name,
                recipient_edrpou="" if private else code,
                recipient_name="" if private else payee.get("name", ""),
                recipient_is_private=private,
                contract_id=contract_id,
                purpose="Оплата виконаних будівельних робіт згідно з договором",
            )
        )
    return sorted(payments, key=lambda payment: (payment.paid_on, payment.external_id))

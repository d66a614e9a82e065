"""Build a realistic, internally consistent demonstration dataset through the domain services."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from stdnum.ua import edrpou as edrpou_scheme

from accounts.models import User
from accounts.services import create_user
from contracting.demo import record_demo_process
from dream.demo.catalogue import COMMUNITY_OFFICES, CONTRACTORS, DONORS, KINDS, MINISTRIES, ProjectKind
from dream.errors import InvalidInput
from parties.models import Organisation, OrganisationKind, Role
from parties.services import grant_role, register_organisation
from projects import lifecycle, services
from projects.codes import AccessLevel, DocumentType, FundingSourceCategory, FundingType, Phase
from projects.models import Project
from territories.models import Territory

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

DEMO_PASSWORD = "dream-demo-{role}"  # noqa: S105 - demonstration accounts only, printed by `dream demo --accounts`.

# A minimal, valid one-page PDF: the commissioning certificate of demonstration projects.
CERTIFICATE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Cast:
    """The organisations and people who act in the demonstration."""

    communities: list[tuple[Organisation, User, list[Territory]]] = field(default_factory=list)
    regional_approvers: dict[str, User] = field(default_factory=dict)
    ministry_approver: User | None = None
    donors: list[Organisation] = field(default_factory=list)
    role_accounts: dict[str, str] = field(default_factory=dict)


class DemoBuilder:
    """Builds organisations, users and projects from one seed; the same seed gives the same data."""

    def __init__(self, *, seed: int) -> None:
        self.random = random.Random(seed)  # noqa: S311 - demonstration data, not secrets.
        self.used_edrpou: set[str] = set(Organisation.objects.values_list("edrpou", flat=True))
        self.cast = Cast()

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
                self.cast.communities.append((community, editor, places))

            self._role_accounts(ministry)
        return self.cast

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
        roles = (
            (Role.COMMUNITY_EDITOR, community),
            (Role.REGIONAL_APPROVER, administration),
            (Role.MINISTRY_APPROVER, ministry),
            (Role.DONOR, self.cast.donors[0]),
            (Role.AUDITOR, auditor_office),
            (Role.OPERATOR, operator_office),
        )
        for role, organisation in roles:
            username = f"demo-{role.replace('_', '-')}"
            user = self._person(username, DEMO_PASSWORD.format(role=role))
            grant_role(user=user, organisation=organisation, role=role)
            if role == Role.OPERATOR and not user.is_staff:
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
            locations=[services.LocationInput(territory=place.code)],
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

        for step in lifecycle.MAIN_ROUTE[:steps]:
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
            record_demo_process(project, self.random)
        return project

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

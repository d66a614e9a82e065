"""Factories for the suite's data: users and organisations, and projects made and moved through the services."""

import struct
import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import factory
from stdnum.ua import edrpou

from accounts.models import User
from parties.models import Organisation, OrganisationKind
from parties.services import register_organisation
from projects import lifecycle, services
from projects.authority import Level, oblast_prefix
from projects.codes import (
    AccessLevel,
    CostItem,
    DocumentType,
    FundingSourceCategory,
    FundingType,
    Phase,
    ProjectType,
    Purpose,
    StatusDetail,
)
from projects.models import Project

# Real KATOTTG units of the 2025-05-16 edition.
KYIV_OBLAST = "UA32000000000030281"
BUCHANSKYI_RAION = "UA32080000000084076"
BUCHANSKA_HROMADA = "UA32080070000050759"
BUCHA_CITY = "UA32080070010087821"
IRPINSKA_HROMADA = "UA32080150000035443"
LVIV_OBLAST = "UA46000000000026241"
LVIVSKA_HROMADA = "UA46060250000025047"
KYIV_CITY = "UA80000000000093317"
KYIV_HOLOSIIVSKYI_DISTRICT = "UA80000000000126643"

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """Return a valid PNG image of white pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


def valid_edrpou(base: str) -> str:
    """Return the eight-digit EDRPOU code made of seven digits and their check digit."""
    code = base + edrpou.calc_check_digit(base)
    assert len(code) == 8
    assert edrpou.validate(code) == code
    return code


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user-{n}")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # No password: tests sign in with force_login or an API token, and skipping the hash keeps them fast.
        return model_class.objects.create_user(*args, password=None, **kwargs)


class OrganisationFactory(factory.Factory):
    """An organisation registered through the service, so its registration is audited."""

    class Meta:
        model = Organisation

    edrpou = factory.Sequence(lambda n: valid_edrpou(f"{3000000 + n:07d}"))
    name_uk = factory.Sequence(lambda n: f"Організація {n}")
    kind = OrganisationKind.COMMUNITY
    territory_code = None

    @classmethod
    def _create(cls, model_class: type[Organisation], **kwargs: Any) -> Organisation:
        return register_organisation(**kwargs)


class ProjectFactory(factory.Factory):
    """A project registered through the service by an editor of its initiator."""

    class Meta:
        model = Project

    title_uk = factory.Sequence(lambda n: f"Відновлення школи №{n}")
    description_uk = "Ремонт даху та вікон, пошкоджених обстрілом."
    purpose = Purpose.RESTORATION
    type = ProjectType.REHABILITATION
    sector = "ES"
    locations = factory.LazyFunction(lambda: [services.LocationInput(territory=BUCHANSKA_HROMADA)])

    @classmethod
    def _create(cls, model_class: object, **kwargs: Any) -> Project:  # `type` is a field here
        return services.register_project(**kwargs)


@dataclass
class Cast:
    """The organisations and people most tests act with."""

    bucha: Organisation  # a community in Kyiv oblast
    lviv: Organisation  # a community in Lviv oblast
    kyiv_administration: Organisation
    lviv_administration: Organisation
    ministry: Organisation
    agency: Organisation
    bucha_editor: User
    lviv_editor: User
    kyiv_approver: User
    lviv_approver: User
    ministry_approver: User
    auditor: User
    operator: User

    def editor_of(self, project: Project) -> User:
        """Return the editor who acts for the project's initiator."""
        return self.bucha_editor if project.initiator_id == self.bucha.pk else self.lviv_editor

    def approver_of(self, project: Project, step: str) -> User:
        """Return the approver of the level and oblast that decides this step on this project."""
        if lifecycle.STEPS[step].level(project) == Level.MINISTRY:
            return self.ministry_approver
        return self.lviv_approver if oblast_prefix(project) == LVIV_OBLAST[:4] else self.kyiv_approver

    def actor_for(self, project: Project, step: str) -> User:
        """Return who rightly takes this step on this project."""
        if lifecycle.STEPS[step].actor == lifecycle.Actor.EDITOR:
            return self.editor_of(project)
        return self.approver_of(project, step)


# The steps that bring a new project to each state, by the one legitimate path.
_TO_APPLIED = (
    "begin_definition",
    "complete_definition",
    "submit_for_appraisal",
    "appraise",
    "begin_structuring",
    "complete_structuring",
    "apply_for_funding",
)
PATHS: dict[str, tuple[str, ...]] = {
    StatusDetail.INITIATED: (),
    StatusDetail.DEFINITION: _TO_APPLIED[:1],
    StatusDetail.DEFINED: _TO_APPLIED[:2],
    StatusDetail.APPRAISAL: _TO_APPLIED[:3],
    StatusDetail.APPRAISED: _TO_APPLIED[:4],
    StatusDetail.STRUCTURING: _TO_APPLIED[:5],
    StatusDetail.STRUCTURED: _TO_APPLIED[:6],
    StatusDetail.APPLIED: _TO_APPLIED,
    StatusDetail.APPROVED: (*_TO_APPLIED, "approve"),
    StatusDetail.IMPLEMENTATION: (*_TO_APPLIED, "approve", "start_implementation"),
    StatusDetail.COMMISSIONED: (*_TO_APPLIED, "approve", "start_implementation", "complete"),
    StatusDetail.REFUSED: (*_TO_APPLIED[:3], "refuse"),
    StatusDetail.WITHDRAWN: ("cancel",),
    StatusDetail.TERMINATED: (*_TO_APPLIED, "approve", "start_implementation", "terminate"),
}
STEP_COMMENTS = {"refuse": "Кошторис завищено.", "cancel": "Громада відмовилась.", "terminate": "Підрядник зник."}


def attach_certificate(project: Project, actor: User) -> None:
    """Attach a commissioning certificate, as the initiator does before completing the project."""
    services.attach_document(
        actor=actor,
        project=project,
        title="Акт введення в експлуатацію",
        document_type=DocumentType.CERTIFICATION,
        content=MINIMAL_PDF,
        filename="certificate.pdf",
    )


def fill_passport(
    project: Project, actor: User, *, cost: Decimal = Decimal("1000000.00"), committed: bool = True
) -> Project:
    """Give the project a cost estimate, a finance plan and a phase plan through the services."""
    project = services.set_budget(
        actor=actor,
        project=project,
        lines=[services.BudgetLineInput(cost_item=CostItem.CONSTRUCTION, year=2025, amount=cost)],
    )
    project = services.set_finance(
        actor=actor,
        project=project,
        lines=[
            services.FinanceLineInput(
                source_category=FundingSourceCategory.LOCAL_BUDGET,
                funding_type=FundingType.STATE_FUNDS,
                amount=cost,
                is_committed=committed,
            )
        ],
    )
    return services.set_phase_plan(
        actor=actor,
        project=project,
        phases=[
            services.PhaseInput(
                phase=Phase.IDENTIFICATION, planned_start=date(2025, 1, 1), planned_end=date(2025, 3, 31)
            ),
            services.PhaseInput(
                phase=Phase.IMPLEMENTATION, planned_start=date(2025, 4, 1), planned_end=date(2025, 12, 31)
            ),
        ],
    )


def walk(project: Project, cast: Cast, steps: tuple[str, ...] | list[str]) -> Project:
    """Take the steps in order, each by the actor who rightly takes it."""
    for step in steps:
        if step == "complete":
            attach_certificate(project, cast.editor_of(project))
        project = services.take_step(
            actor=cast.actor_for(project, step), project=project, step=step, comment=STEP_COMMENTS.get(step, "")
        )
    return project


def project_in(
    cast: Cast,
    status_details: str,
    *,
    initiator: Organisation | None = None,
    cost: Decimal = Decimal("1000000.00"),
    committed: bool = True,
    **passport: Any,
) -> Project:
    """Register a project with everything it needs and bring it to a state by the legitimate path."""
    initiator = initiator or cast.bucha
    editor = cast.bucha_editor if initiator == cast.bucha else cast.lviv_editor
    if initiator == cast.lviv and "locations" not in passport:
        passport["locations"] = [services.LocationInput(territory=LVIVSKA_HROMADA)]
    project = ProjectFactory(actor=editor, initiator=initiator, **passport)
    project = fill_passport(project, editor, cost=cost, committed=committed)
    return walk(project, cast, PATHS[status_details])


def attach(project: Project, actor: User, *, access_level: str = AccessLevel.OPEN, title: str = "Кошторис") -> Any:
    """Attach an open (by default) PDF document to the project."""
    return services.attach_document(
        actor=actor,
        project=project,
        title=title,
        document_type=DocumentType.DOCUMENT,
        content=MINIMAL_PDF,
        filename="estimate.pdf",
        access_level=access_level,
    )

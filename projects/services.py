"""Every write to the bank of projects: registration, the passport, and the steps of the life cycle."""

import hashlib
import mimetypes
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

import puremagic
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from accounts.models import User
from audit.services import record_event
from parties.models import Organisation
from parties.queries import get_organisation
from projects import lifecycle
from projects.authority import approver_organisation, editor_organisation
from projects.codes import (
    OPERATING_COST_ITEMS,
    AccessLevel,
    CostItem,
    CostType,
    Currency,
    DocumentType,
    FundingSourceCategory,
    FundingType,
    IndicatorKind,
    PartyRole,
    Phase,
    ProjectType,
    Purpose,
)
from projects.exceptions import (
    InvalidDocument,
    InvalidPassport,
    MissingData,
    NotEditable,
    SelfApproval,
    TransitionNotAllowed,
)
from projects.models import (
    BudgetLine,
    Document,
    FinanceLine,
    Indicator,
    Location,
    PhasePlan,
    Project,
    ProjectParty,
    Transition,
)
from projects.queries import get_project_for_update
from projects.sectors import WB_ECO_SECTORS
from territories.exceptions import UnknownTerritory
from territories.queries import get_territory

PHASE_FIELDS = ("phase", "planned_start", "planned_end", "actual_start", "actual_end")
PASSPORT_FIELDS = ("title_uk", "title_en", "description_uk", "description_en", "purpose", "type", "sector")
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/tiff"})
DOCUMENT_TYPES = IMAGE_TYPES | {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/zip",
}


@dataclass(frozen=True)
class LocationInput:
    """A place of the project as given by a person or a client."""

    territory: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    address: str = ""


@dataclass(frozen=True)
class BudgetLineInput:
    """One line of the cost estimate as given."""

    cost_item: str
    year: int
    amount: Decimal
    currency: str = Currency.UAH
    cost_type: str = ""


@dataclass(frozen=True)
class FinanceLineInput:
    """One funding source as given."""

    source_category: str
    funding_type: str
    amount: Decimal
    currency: str = Currency.UAH
    financing_party: str | None = None
    is_committed: bool = False


@dataclass(frozen=True)
class PhaseInput:
    """One phase of the plan as given."""

    phase: str
    planned_start: date
    planned_end: date
    actual_start: date | None = None
    actual_end: date | None = None


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator as given."""

    kind: str
    name: str
    baseline: Decimal
    target: Decimal


def _choice(value: str, choices: Sequence[str], field: str, what: str) -> str:
    if value not in choices:
        raise InvalidPassport(f"{value!r} is not {what}; use one of: {', '.join(choices)}.", field=field)
    return value


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise InvalidPassport(f"{value!r} is not an amount of money.", field=field) from error
    if not amount.is_finite() or amount < 0:
        raise InvalidPassport(f"The amount {value} cannot be negative.", field=field)
    if amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e16"):
        raise InvalidPassport(f"The amount {value} must have at most two decimal places and 16 digits.", field=field)
    return amount


def _check_passport(values: dict[str, Any]) -> None:
    if "title_uk" in values and not str(values["title_uk"]).strip():
        raise InvalidPassport("The title in Ukrainian cannot be empty.", field="title_uk")
    if "purpose" in values:
        _choice(values["purpose"], Purpose.values, "purpose", "a project purpose")
    if "type" in values:
        _choice(values["type"], ProjectType.values, "type", "a project type")
    if "sector" in values and values["sector"] not in WB_ECO_SECTORS:
        raise InvalidPassport(
            f"{values['sector']!r} is not a WB-ECO sector code, such as ES (secondary education) or HQ (health "
            "facilities).",
            field="sector",
        )


def search_text(project: Project) -> str:
    """Return what text search looks in, case-folded: SQLite ignores case only for Latin letters."""
    parts = (project.code, project.title_uk, project.title_en, project.description_uk, project.description_en)
    return " ".join(part for part in parts if part).casefold()


def passport_snapshot(project: Project) -> dict[str, Any]:
    """Return the passport fields the audit log keeps before and after a change."""
    return {name: getattr(project, name) for name in PASSPORT_FIELDS}


def _require_editable(project: Project, states: frozenset[tuple[str, str]] = lifecycle.EDITABLE_STATES) -> None:
    if (project.status, project.status_details) not in states:
        raise NotEditable(
            f"Project {project.code} is {project.status}:{project.status_details}; its passport can change only "
            "while its initiator holds it, not while it waits for a decision or after approval."
        )


def _record(project: Project, **event: Any) -> None:
    """Record a change of the project in the audit log, and stamp the project with the event's time."""
    recorded = record_event(object_type="project", object_id=project.code, **event)
    project.updated_at = recorded.occurred_at
    Project.objects.filter(pk=project.pk).update(updated_at=recorded.occurred_at)


def new_project_code(registered_on: date) -> str:
    """Return a fresh code of the form DREAM-UA-DDMMYY-XXXXXXXX."""
    while True:
        code = f"DREAM-UA-{registered_on:%d%m%y}-{secrets.token_hex(4).upper()}"
        if not Project.objects.filter(code=code).exists():
            return code


def register_project(
    *,
    actor: User,
    initiator: Organisation,
    title_uk: str,
    purpose: str,
    type: str,  # noqa: A002 - the real system's own name for the field.
    sector: str,
    title_en: str = "",
    description_uk: str = "",
    description_en: str = "",
    locations: Sequence[LocationInput] = (),
    registered_on: date | None = None,
    code: str | None = None,
) -> Project:
    """Register a project idea for its initiator; it starts as pending:initiated."""
    values = {
        "title_uk": title_uk.strip(),
        "title_en": title_en.strip(),
        "description_uk": description_uk.strip(),
        "description_en": description_en.strip(),
        "purpose": purpose,
        "type": type,
        "sector": sector,
    }
    _check_passport(values)
    registered_on = registered_on or timezone.localdate()

    with transaction.atomic():
        project = Project(initiator=initiator, registered_on=registered_on, **values)
        acting_for = editor_organisation(actor, project)
        project.code = code or new_project_code(registered_on)
        project.search_text = search_text(project)
        event = record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="project.registered",
            object_type="project",
            object_id=project.code,
            after={**values, "initiator": initiator.edrpou, "locations": [loc.territory for loc in locations]},
        )
        project.updated_at = event.occurred_at
        project.save()
        ProjectParty.objects.create(project=project, organisation=initiator, role=PartyRole.INITIATOR)
        _replace_locations(project, locations)
    return project


def update_passport(*, actor: User, project: Project, **changes: Any) -> Project:
    """Change the titles, descriptions and classification of a project its initiator holds."""
    unknown = set(changes) - set(PASSPORT_FIELDS)
    if unknown:
        raise InvalidPassport(f"These fields are not part of the passport: {', '.join(sorted(unknown))}.")
    changes = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    _check_passport(changes)

    with transaction.atomic():
        project = get_project_for_update(project.code)
        acting_for = editor_organisation(actor, project)
        _require_editable(project)
        before = passport_snapshot(project)
        for name, value in changes.items():
            setattr(project, name, value)
        project.search_text = search_text(project)
        project.save()
        _record(
            project,
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="project.passport_updated",
            before={name: before[name] for name in changes},
            after={name: getattr(project, name) for name in changes},
        )
    return project


def _replace_locations(project: Project, locations: Sequence[LocationInput]) -> None:
    rows = []
    for index, location in enumerate(locations):
        try:
            territory = get_territory(location.territory)
        except UnknownTerritory as error:
            raise UnknownTerritory(error.message, field=f"locations[{index}].territory") from error
        for axis, value, limit in (("latitude", location.latitude, 90), ("longitude", location.longitude, 180)):
            if value is not None and not -limit <= value <= limit:
                raise InvalidPassport(
                    f"{axis} {value} is outside ±{limit} degrees.", field=f"locations[{index}].{axis}"
                )
        rows.append(
            Location(
                project=project,
                territory=territory,
                latitude=location.latitude,
                longitude=location.longitude,
                address=location.address.strip(),
            )
        )
    project.locations.all().delete()
    Location.objects.bulk_create(rows)


def _edit_collection(project: Project, actor: User, action: str, before: Any, after: Any) -> None:
    project.save(update_fields=["estimated_cost_uah"])
    _record(
        project,
        actor=actor,
        actor_organisation=project.initiator.edrpou,
        action=action,
        before={"items": before},
        after={"items": after},
    )


def set_locations(*, actor: User, project: Project, locations: Sequence[LocationInput]) -> Project:
    """Replace the places where the project works."""
    with transaction.atomic():
        project = get_project_for_update(project.code)
        editor_organisation(actor, project)
        _require_editable(project)
        before = list(project.locations.values_list("territory_id", flat=True))
        _replace_locations(project, locations)
        _edit_collection(project, actor, "project.locations_set", before, [loc.territory for loc in locations])
    return project


def set_budget(*, actor: User, project: Project, lines: Sequence[BudgetLineInput]) -> Project:
    """Replace the cost estimate: its lines by cost item and year, in hryvnias."""
    rows = []
    for index, line in enumerate(lines):
        field = f"budget[{index}]"
        cost_item = _choice(line.cost_item, CostItem.values, f"{field}.cost_item", "a cost item")
        default_type = CostType.OPEX if cost_item in OPERATING_COST_ITEMS else CostType.CAPEX
        cost_type = _choice(line.cost_type or default_type, CostType.values, f"{field}.cost_type", "a cost type")
        if line.currency != Currency.UAH:
            raise InvalidPassport("The cost estimate is kept in hryvnias (UAH).", field=f"{field}.currency")
        if not 2000 <= line.year <= 2100:  # noqa: PLR2004 - the plausible span of a reconstruction budget.
            raise InvalidPassport(f"{line.year} is not a plausible budget year.", field=f"{field}.year")
        amount = _amount(line.amount, f"{field}.amount")
        rows.append(BudgetLine(cost_item=cost_item, cost_type=cost_type, year=line.year, amount=amount))

    with transaction.atomic():
        project = get_project_for_update(project.code)
        editor_organisation(actor, project)
        _require_editable(project)
        before = [
            {"cost_item": row.cost_item, "year": row.year, "amount": row.amount} for row in project.budget_lines.all()
        ]
        project.budget_lines.all().delete()
        for row in rows:
            row.project = project
        BudgetLine.objects.bulk_create(rows)
        project.estimated_cost_uah = sum((row.amount for row in rows), Decimal(0))
        after = [{"cost_item": row.cost_item, "year": row.year, "amount": row.amount} for row in rows]
        _edit_collection(project, actor, "project.budget_set", before, after)
    return project


def set_finance(*, actor: User, project: Project, lines: Sequence[FinanceLineInput]) -> Project:
    """Replace the finance plan: sources, financing parties and amounts."""
    rows = []
    for index, line in enumerate(lines):
        field = f"finance[{index}]"
        party = (
            get_organisation(line.financing_party, field=f"{field}.financing_party") if line.financing_party else None
        )
        rows.append(
            FinanceLine(
                source_category=_choice(
                    line.source_category, FundingSourceCategory.values, f"{field}.source_category", "a source category"
                ),
                funding_type=_choice(line.funding_type, FundingType.values, f"{field}.funding_type", "a funding type"),
                financing_party=party,
                amount=_amount(line.amount, f"{field}.amount"),
                currency=_choice(line.currency, Currency.values, f"{field}.currency", "a currency"),
                is_committed=line.is_committed,
            )
        )

    with transaction.atomic():
        project = get_project_for_update(project.code)
        editor_organisation(actor, project)
        _require_editable(project)
        before = [_finance_snapshot(row) for row in project.finance_lines.select_related("financing_party")]
        project.finance_lines.all().delete()
        for row in rows:
            row.project = project
        FinanceLine.objects.bulk_create(rows)
        _edit_collection(project, actor, "project.finance_set", before, [_finance_snapshot(row) for row in rows])
    return project


def _finance_snapshot(row: FinanceLine) -> dict[str, Any]:
    return {
        "source_category": row.source_category,
        "financing_party": row.financing_party.edrpou if row.financing_party else None,
        "amount": row.amount,
        "currency": row.currency,
        "is_committed": row.is_committed,
    }


def set_phase_plan(*, actor: User, project: Project, phases: Sequence[PhaseInput]) -> Project:
    """Replace the phase plan with its planned and actual dates."""
    seen: set[str] = set()
    rows = []
    for index, phase in enumerate(phases):
        field = f"phases[{index}]"
        _choice(phase.phase, Phase.values, f"{field}.phase", "a phase")
        if phase.phase in seen:
            raise InvalidPassport(f"The phase {phase.phase} is planned twice.", field=f"{field}.phase")
        seen.add(phase.phase)
        if phase.planned_end < phase.planned_start:
            raise InvalidPassport("A phase cannot end before it starts.", field=f"{field}.planned_end")
        if phase.actual_start and phase.actual_end and phase.actual_end < phase.actual_start:
            raise InvalidPassport("A phase cannot end before it starts.", field=f"{field}.actual_end")
        rows.append(
            PhasePlan(
                phase=phase.phase,
                planned_start=phase.planned_start,
                planned_end=phase.planned_end,
                actual_start=phase.actual_start,
                actual_end=phase.actual_end,
            )
        )

    with transaction.atomic():
        project = get_project_for_update(project.code)
        editor_organisation(actor, project)
        _require_editable(project, lifecycle.PHASE_PLAN_EDITABLE_STATES)
        before = list(project.phases.values(*PHASE_FIELDS))
        project.phases.all().delete()
        for row in rows:
            row.project = project
        PhasePlan.objects.bulk_create(rows)
        after = [
            {
                name: getattr(row, name)
                for name in ("phase", "planned_start", "planned_end", "actual_start", "actual_end")
            }
            for row in rows
        ]
        _edit_collection(project, actor, "project.phases_set", before, after)
    return project


def set_indicators(*, actor: User, project: Project, indicators: Sequence[IndicatorInput]) -> Project:
    """Replace what the project promises to change, with baselines and targets."""
    rows = []
    for index, indicator in enumerate(indicators):
        field = f"indicators[{index}]"
        if not indicator.name.strip():
            raise InvalidPassport("An indicator needs a name: what it counts.", field=f"{field}.name")
        rows.append(
            Indicator(
                kind=_choice(indicator.kind, IndicatorKind.values, f"{field}.kind", "an indicator kind"),
                name=indicator.name.strip(),
                baseline=_amount(indicator.baseline, f"{field}.baseline"),
                target=_amount(indicator.target, f"{field}.target"),
            )
        )

    with transaction.atomic():
        project = get_project_for_update(project.code)
        editor_organisation(actor, project)
        _require_editable(project)
        before = list(project.indicators.values("kind", "name", "baseline", "target"))
        project.indicators.all().delete()
        for row in rows:
            row.project = project
        Indicator.objects.bulk_create(rows)
        after = [{"kind": row.kind, "name": row.name, "baseline": row.baseline, "target": row.target} for row in rows]
        _edit_collection(project, actor, "project.indicators_set", before, after)
    return project


def add_party(*, actor: User, project: Project, organisation: Organisation, role: str) -> ProjectParty:
    """Name an organisation's role in the project, such as its asset holder (balancer) or designer."""
    _choice(role, PartyRole.values, "role", "a party role")
    with transaction.atomic():
        project = get_project_for_update(project.code)
        editor_organisation(actor, project)
        party, created = ProjectParty.objects.get_or_create(project=project, organisation=organisation, role=role)
        if created:
            _edit_collection(
                project, actor, "project.party_added", None, {"edrpou": organisation.edrpou, "role": role}
            )
    return party


def attach_document(
    *,
    actor: User,
    project: Project,
    title: str,
    document_type: str,
    content: bytes,
    filename: str,
    access_level: str = AccessLevel.OPEN,
) -> Document:
    """Store a document or photo with its hash, after checking its size and what its bytes really are."""
    _choice(document_type, DocumentType.values, "document_type", "a document type")
    _choice(access_level, AccessLevel.values, "access_level", "an access level")
    if not title.strip():
        raise InvalidDocument("The document needs a title.", field="title")
    if not content:
        raise InvalidDocument("The file is empty.", field="file")
    if len(content) > settings.DREAM_MAX_UPLOAD_BYTES:
        raise InvalidDocument(
            f"The file is larger than {filesizeformat(settings.DREAM_MAX_UPLOAD_BYTES)}.", field="file"
        )
    try:
        media_type = puremagic.from_string(content, mime=True)
    except puremagic.PureError:
        media_type = ""
    allowed = IMAGE_TYPES if document_type.startswith("illustration") else DOCUMENT_TYPES
    if media_type not in allowed:
        found = media_type or "an unrecognised format"
        raise InvalidDocument(
            f"{filename} is {found}; a document of type {document_type} must be one of: {', '.join(sorted(allowed))}.",
            field="file",
        )

    # Files are stored under their SHA-256, written before the transaction: a failure after the write leaves a file
    # that no row names and that the same upload reuses, never a row that names a missing file.
    editor_organisation(actor, project)
    digest = hashlib.sha256(content).hexdigest()
    stored_name = f"documents/{digest[:2]}/{digest}{mimetypes.guess_extension(media_type) or ''}"
    if not default_storage.exists(stored_name):
        stored_name = default_storage.save(stored_name, ContentFile(content))

    with transaction.atomic():
        project = get_project_for_update(project.code)
        acting_for = editor_organisation(actor, project)
        document = Document(
            file=stored_name,
            filename=PurePath(filename).name[:255] or "document",
            project=project,
            document_type=document_type,
            access_level=access_level,
            title=title.strip(),
            media_type=media_type,
            size=len(content),
            sha256=digest,
            uploaded_by=actor,
        )
        document.save()
        _record(
            project,
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="project.document_attached",
            after={"document": document.pk, "title": document.title, "type": document_type, "sha256": digest},
            is_public=access_level == AccessLevel.OPEN,
        )
    return document


def take_step(*, actor: User, project: Project, step: str, comment: str = "") -> Project:
    """Move the project along its life cycle, if the step applies, the actor may take it and the data is there."""
    rule = lifecycle.STEPS.get(step)
    if rule is None:
        raise TransitionNotAllowed(
            f"{step!r} is not a step of the life cycle; use one of {', '.join(lifecycle.STEPS)}."
        )

    with transaction.atomic():
        project = get_project_for_update(project.code)
        state = (project.status, project.status_details)
        if state not in rule.sources:
            possible = ", ".join(lifecycle.steps_from(state)) or "none"
            raise TransitionNotAllowed(
                f"Cannot {step.replace('_', ' ')} project {project.code}: it is {state[0]}:{state[1]}. "
                f"Steps possible now: {possible}."
            )

        if rule.actor == lifecycle.Actor.EDITOR:
            acting_for = editor_organisation(actor, project)
        else:
            acting_for = approver_organisation(actor, project, rule.level(project))
            if project.submitted_by_id == actor.pk:
                raise SelfApproval(
                    f"You submitted project {project.code}; another approver must decide on it.",
                )

        if rule.needs_comment and not comment.strip():
            raise MissingData(f"To {step.replace('_', ' ')} project {project.code}, give the reason in a comment.")
        missing = [message for requirement in rule.requirements if (message := requirement(project))]
        if missing:
            raise MissingData(f"Cannot {step.replace('_', ' ')} project {project.code}: {'; '.join(missing)}.")

        target_status, target_details = rule.target
        Transition.objects.create(
            project=project,
            step=step,
            from_status=state[0],
            from_details=state[1],
            to_status=target_status,
            to_details=target_details,
            actor=actor,
            acting_for=acting_for,
            comment=comment.strip(),
        )
        project.status, project.status_details = target_status, target_details
        if rule.marks_submission:
            project.submitted_by = actor
        project.save(update_fields=["status", "status_details", "submitted_by"])
        _record(
            project,
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action=f"project.{step}",
            before={"status": state[0], "status_details": state[1]},
            after={"status": target_status, "status_details": target_details},
            comment=comment.strip(),
        )
    return project


def take_steps(*, actor: User, project: Project, steps: Sequence[str], comment: str = "") -> Project:
    """Take several steps in order, all or none: a refusal of any of them leaves the project where it was."""
    with transaction.atomic():
        for step in steps:
            project = take_step(actor=actor, project=project, step=step, comment=comment)
    return project

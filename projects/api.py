"""The projects API: the list with filters, each project, its history, and the writes of its editors."""

from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from audit.queries import public_history
from dream.auth import SIGNED_IN, acting_user
from dream.pagination import paginate
from parties.queries import get_organisation
from projects import lifecycle, services
from projects.models import Document, Project
from projects.queries import ProjectFilters, get_project, list_projects, public_documents
from projects.schemas import (
    DocumentOut,
    HistoryEvent,
    ProjectCreate,
    ProjectDetail,
    ProjectPage,
    ProjectUpdate,
    StepIn,
)

router = Router()


class ProjectQuery(Schema):
    """Filters and paging of the list of projects."""

    status: str = ""
    status_details: str = ""
    territory: Annotated[str, Field(description="A KATOTTG code, or a prefix of one: everything within.")] = ""
    sector: Annotated[str, Field(description="A WB-ECO code; one letter covers its group.")] = ""
    type: str = ""
    purpose: str = ""
    initiator: Annotated[str, Field(description="EDRPOU of the initiator.")] = ""
    q: Annotated[str, Field(description="Words of the title or description, or a project code.")] = ""
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


def _detail(project: Project) -> dict[str, Any]:
    documents = [
        {
            "id": document.pk,
            "title": document.title,
            "document_type": document.document_type,
            "media_type": document.media_type,
            "size": document.size,
            "sha256": document.sha256,
            "uploaded_at": document.uploaded_at,
            "url": reverse("portal:document", args=[project.code, document.pk]),
        }
        for document in public_documents(project)
    ]
    return {
        **{field: getattr(project, field) for field in ProjectDetail.model_fields if hasattr(project, field)},
        "initiator": project.initiator,
        "locations": list(project.locations.all()),
        "budget": list(project.budget_lines.all()),
        "finance": list(project.finance_lines.all()),
        "phases": list(project.phases.all()),
        "indicators": list(project.indicators.all()),
        "parties": list(project.parties.all()),
        "documents": documents,
        "transitions": [
            {**vars(transition), "acting_for": transition.acting_for_id and _edrpou(transition)}
            for transition in project.transitions.all()
        ],
        "next_steps": lifecycle.steps_from((project.status, project.status_details)),
    }


def _edrpou(transition: Any) -> str | None:
    return transition.acting_for.edrpou if transition.acting_for_id else None


@router.get("", response=ProjectPage, summary="List projects")
def list_(request: HttpRequest, query: Query[ProjectQuery]) -> Any:
    """Return projects, newest first, filtered; follow ``next_cursor`` for the next page."""
    filters = ProjectFilters(
        status=query.status,
        status_details=query.status_details,
        territory=query.territory,
        sector=query.sector,
        type=query.type,
        purpose=query.purpose,
        initiator=query.initiator,
        text=query.q,
    )
    return paginate(list_projects(filters), cursor=query.cursor, limit=query.limit)


@router.get("/{code}", response=ProjectDetail, summary="Read a project")
def detail(request: HttpRequest, code: str) -> Any:
    """Return a project's public passport, its life cycle so far and the steps possible next."""
    return _detail(get_project(code))


@router.get("/{code}/history", response=list[HistoryEvent], summary="Read a project's public history")
def history(request: HttpRequest, code: str) -> Any:
    """Return every public change of the project, oldest first, with the hashes that chain them."""
    get_project(code)
    return [{**vars(event), "acting_for": event.actor_organisation} for event in public_history("project", code)]


def _apply_collections(user: Any, project: Project, payload: ProjectCreate | ProjectUpdate) -> None:
    if isinstance(payload, ProjectUpdate) and payload.locations is not None:
        services.set_locations(
            actor=user,
            project=project,
            locations=[services.LocationInput(**item.model_dump()) for item in payload.locations],
        )
    if payload.budget is not None:
        services.set_budget(
            actor=user,
            project=project,
            lines=[services.BudgetLineInput(**item.model_dump()) for item in payload.budget],
        )
    if payload.finance is not None:
        services.set_finance(
            actor=user,
            project=project,
            lines=[services.FinanceLineInput(**item.model_dump()) for item in payload.finance],
        )
    if payload.phases is not None:
        services.set_phase_plan(
            actor=user, project=project, phases=[services.PhaseInput(**item.model_dump()) for item in payload.phases]
        )
    if payload.indicators is not None:
        services.set_indicators(
            actor=user,
            project=project,
            indicators=[services.IndicatorInput(**item.model_dump()) for item in payload.indicators],
        )


@router.post("", response={201: ProjectDetail}, auth=SIGNED_IN, summary="Register a project")
def create(request: HttpRequest, payload: ProjectCreate) -> Any:
    """Register a project idea for an organisation the caller edits for; it starts as pending:initiated."""
    user = acting_user(request)

    # Registering and its lists are one change: a bad budget line leaves no half-registered project.
    with transaction.atomic():
        project = services.register_project(
            actor=user,
            initiator=get_organisation(payload.initiator, field="initiator"),
            title_uk=payload.title_uk,
            title_en=payload.title_en,
            description_uk=payload.description_uk,
            description_en=payload.description_en,
            purpose=payload.purpose,
            type=payload.type,
            sector=payload.sector,
            locations=[services.LocationInput(**item.model_dump()) for item in payload.locations],
        )
        _apply_collections(user, project, payload)
    return 201, _detail(get_project(project.code))


@router.patch("/{code}", response=ProjectDetail, auth=SIGNED_IN, summary="Change a project's passport")
def update(request: HttpRequest, code: str, payload: ProjectUpdate) -> Any:
    """Change the passport of a project the caller's organisation initiated; lists given replace those held."""
    user = acting_user(request)
    project = get_project(code)

    with transaction.atomic():
        changes = {name: value for name in services.PASSPORT_FIELDS if (value := getattr(payload, name)) is not None}
        if changes:
            services.update_passport(actor=user, project=project, **changes)
        _apply_collections(user, project, payload)
    return _detail(get_project(code))


@router.post("/{code}/steps", response=ProjectDetail, auth=SIGNED_IN, summary="Take a step of the life cycle")
def take_step(request: HttpRequest, code: str, payload: StepIn) -> Any:
    """Move the project along its life cycle; a refused step says why and changes nothing."""
    services.take_step(
        actor=acting_user(request), project=get_project(code), step=payload.step, comment=payload.comment
    )
    return _detail(get_project(code))


@router.post("/{code}/documents", response={201: DocumentOut}, auth=SIGNED_IN, summary="Attach a document or photo")
def attach(
    request: HttpRequest,
    code: str,
    *,
    file: File[UploadedFile],
    title: Form[str],
    document_type: Form[str],
    access_level: Form[str] = "open",
) -> Any:
    """Store a file with its hash; its bytes must be a PDF, an office document or, for photos, an image."""
    document: Document = services.attach_document(
        actor=acting_user(request),
        project=get_project(code),
        title=title,
        document_type=document_type,
        access_level=access_level,
        content=file.read(),
        filename=file.name or "document",
    )
    return 201, {**vars(document), "url": reverse("portal:document", args=[code, document.pk])}

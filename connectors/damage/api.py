"""A project's damaged assets and construction documents, as the registers give them: public reads.

An asset a private person owns shows only its territory, type, category, date and loss; so does a document of the
works that restore it, which shows its kind, class, territory, dates and issuing authority.
"""

from datetime import date
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from connectors.construction.models import ConstructionDocument
from connectors.damage.models import DamagedAsset
from dream.pagination import paginate
from projects.exceptions import ProjectNotFound
from projects.models import Project

router = Router()


class MoneyOut(Schema):
    """An amount with its currency."""

    amount: float
    currency: str


class DamagedAssetOut(Schema):
    """A damaged or destroyed asset; the fields that could point at a private owner are null for theirs."""

    register_id: Annotated[str | None, Field(description="The register's identifier; null for a private owner's.")]
    katottg: str
    territory_name_uk: str
    object_type: str
    damage_category: str
    damaged_on: date
    estimated_loss: Annotated[MoneyOut | None, Field(description="Null until the register assesses the loss.")]
    address: Annotated[str | None, Field(description="Null for an asset a private person owns.")]
    owner_is_private: bool
    project_codes: Annotated[list[str] | None, Field(description="Null for an asset a private person owns.")]


class ConstructionDocumentOut(Schema):
    """A permit, notice, declaration or certificate of ЄДЕССБ; works on a private owner's asset show less."""

    registration_number: Annotated[str | None, Field(description="Null for works on a private owner's asset.")]
    kind: str
    consequence_class: str
    object_name: Annotated[str | None, Field(description="Null for works on a private owner's asset.")]
    katottg: str
    territory_name_uk: str
    address: Annotated[str | None, Field(description="Null for works on a private owner's asset.")]
    issued_on: date
    valid_until: date | None
    commissioned_on: date | None
    issuing_authority: str
    issuing_authority_edrpou: str
    project_code: str | None
    damaged_asset_register_id: Annotated[str | None, Field(description="Null for works on a private owner's asset.")]


class PageQuery(Schema):
    """Paging of a list."""

    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class DamagedAssetPage(Schema):
    """One page of a project's damaged assets."""

    count: int
    next_cursor: str | None
    results: list[DamagedAssetOut]


class ConstructionDocumentPage(Schema):
    """One page of a project's construction documents."""

    count: int
    next_cursor: str | None
    results: list[ConstructionDocumentOut]


def _project(code: str) -> Project:
    project = Project.objects.filter(code=code).first()
    if project is None:
        raise ProjectNotFound(f"No project has the code {code!r}.")
    return project


def _asset(asset: DamagedAsset) -> dict[str, Any]:
    private = asset.owner_is_private
    loss = asset.estimated_loss_uah
    return {
        "register_id": None if private else asset.register_id,
        "katottg": asset.territory.code,
        "territory_name_uk": asset.territory.name_uk,
        "object_type": asset.object_type,
        "damage_category": asset.damage_category,
        "damaged_on": asset.damaged_on,
        "estimated_loss": None if loss is None else {"amount": loss, "currency": "UAH"},
        "address": None if private else asset.address,
        "owner_is_private": private,
        "project_codes": None if private else [project.code for project in asset.projects.all()],
    }


def _document(document: ConstructionDocument) -> dict[str, Any]:
    asset = document.damaged_asset
    private = asset is not None and asset.owner_is_private
    return {
        "registration_number": None if private else document.registration_number,
        "kind": document.kind,
        "consequence_class": document.consequence_class,
        "object_name": None if private else document.object_name,
        "katottg": document.territory.code,
        "territory_name_uk": document.territory.name_uk,
        "address": None if private else document.address,
        "issued_on": document.issued_on,
        "valid_until": document.valid_until,
        "commissioned_on": document.commissioned_on,
        "issuing_authority": document.issuing_authority,
        "issuing_authority_edrpou": document.issuing_authority_edrpou,
        "project_code": document.project.code if document.project else None,
        "damaged_asset_register_id": None if private or asset is None else asset.register_id,
    }


@router.get("/{code}/damaged-assets", response=DamagedAssetPage, summary="List the damaged assets a project restores")
def damaged_assets(request: HttpRequest, code: str, query: Query[PageQuery]) -> dict[str, Any]:
    """Return the assets the damage register links to the project, newest first."""
    project = _project(code)
    assets: QuerySet[DamagedAsset] = (
        DamagedAsset.objects.filter(projects=project)
        .select_related("territory")
        .prefetch_related(Prefetch("projects", queryset=Project.objects.only("id", "code").order_by("code")))
        .order_by("-id")
    )
    page = paginate(assets, cursor=query.cursor, limit=query.limit)
    return {"count": page.count, "next_cursor": page.next_cursor, "results": [_asset(row) for row in page.results]}


@router.get(
    "/{code}/construction-documents",
    response=ConstructionDocumentPage,
    summary="List the permits and certificates of a project's works",
)
def construction_documents(request: HttpRequest, code: str, query: Query[PageQuery]) -> dict[str, Any]:
    """Return the ЄДЕССБ documents that name the project, newest first."""
    project = _project(code)
    documents = ConstructionDocument.objects.filter(project=project).select_related(
        "territory", "project", "damaged_asset"
    )
    page = paginate(documents.order_by("-id"), cursor=query.cursor, limit=query.limit)
    return {
        "count": page.count,
        "next_cursor": page.next_cursor,
        "results": [_document(row) for row in page.results],
    }

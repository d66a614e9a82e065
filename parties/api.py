"""The organisations API."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from connectors.edr.services import lookup, verify_organisation
from dream.auth import SIGNED_IN, acting_user
from dream.errors import NotFound, PermissionDenied
from dream.pagination import paginate
from parties.exceptions import UnknownOrganisation
from parties.models import Organisation, Role
from parties.queries import get_organisation, holds_role, search_organisations
from parties.schemas import OrganisationIn, OrganisationOut, OrganisationPage, RegisterEntryOut
from parties.services import register_organisation

router = Router()


class OrganisationQuery(Schema):
    """Filters and paging of organisations."""

    q: Annotated[str, Field(description="A fragment of the name, or the start of an EDRPOU code.")] = ""
    kind: str = ""
    territory: Annotated[str, Field(description="A KATOTTG code prefix.")] = ""
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


def _row(organisation: Organisation) -> dict[str, Any]:
    return {**vars(organisation), "territory_code": organisation.territory_id}


@router.get("", response=OrganisationPage, summary="List organisations")
def list_(request: HttpRequest, query: Query[OrganisationQuery]) -> Any:
    """Return organisations by name or code, kind and territory."""
    organisations = search_organisations(query=query.q, kind=query.kind, territory_prefix=query.territory)
    page = paginate(organisations.order_by("-id"), cursor=query.cursor, limit=query.limit)
    return {"count": page.count, "next_cursor": page.next_cursor, "results": [_row(row) for row in page.results]}


@router.get("/{edrpou}", response=OrganisationOut, summary="Read an organisation")
def detail(request: HttpRequest, edrpou: str) -> Any:
    """Return an organisation by its EDRPOU code."""
    try:
        return _row(get_organisation(edrpou))
    except UnknownOrganisation as error:
        raise NotFound(error.message, code=error.code) from error


@router.get("/lookup/{edrpou}", response=RegisterEntryOut, auth=SIGNED_IN, summary="Look a code up in ЄДР")
def lookup_in_register(request: HttpRequest, edrpou: str) -> Any:
    """Return what ЄДР says about an EDRPOU code, keeping nothing, to pre-fill a new organisation; operators only."""
    user = acting_user(request)
    if not holds_role(user, Role.OPERATOR):
        raise PermissionDenied("Only an operator may look codes up in ЄДР.", code="operator_only")
    return lookup(edrpou).as_dict()


@router.post("/{edrpou}/verify", response=OrganisationOut, auth=SIGNED_IN, summary="Verify an organisation in ЄДР")
def verify(request: HttpRequest, edrpou: str) -> Any:
    """Check an organisation against ЄДР now and keep what the register says; operators only."""
    user = acting_user(request)
    if not holds_role(user, Role.OPERATOR):
        raise PermissionDenied("Only an operator may verify organisations.", code="operator_only")
    try:
        organisation = verify_organisation(edrpou, actor=user)
    except UnknownOrganisation as error:
        raise NotFound(error.message, code=error.code) from error
    return _row(organisation)


@router.post("", response={201: OrganisationOut}, auth=SIGNED_IN, summary="Register an organisation")
def create(request: HttpRequest, payload: OrganisationIn) -> Any:
    """Register an organisation; operators only."""
    user = acting_user(request)
    if not holds_role(user, Role.OPERATOR):
        raise PermissionDenied("Only an operator may register organisations.", code="operator_only")
    organisation = register_organisation(
        edrpou=payload.edrpou,
        name_uk=payload.name_uk,
        name_en=payload.name_en,
        kind=payload.kind,
        territory_code=payload.territory,
        actor=user,
    )
    return 201, _row(organisation)

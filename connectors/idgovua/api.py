"""Requests to join an organisation, for the administrators who decide them."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from connectors.idgovua.models import MembershipRequest
from connectors.idgovua.queries import pending_requests_for
from connectors.idgovua.schemas import MembershipRequestOut, RefusalIn
from connectors.idgovua.services import approve_membership_request, refuse_membership_request
from dream.auth import SIGNED_IN, acting_user

router = Router(auth=SIGNED_IN)


def _row(membership_request: MembershipRequest) -> dict[str, Any]:
    user = membership_request.user
    return {
        "id": membership_request.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "organisation_edrpou": membership_request.organisation.edrpou,
        "organisation_name": membership_request.organisation.name_uk,
        "role": membership_request.role,
        "status": membership_request.status,
        "requested_at": membership_request.requested_at,
        "decided_at": membership_request.decided_at,
        "reason": membership_request.reason,
    }


@router.get("", response=list[MembershipRequestOut], summary="List the requests waiting for you")
def list_(request: HttpRequest) -> Any:
    """Return the pending requests to join the organisations the caller administers (all of them, for operators)."""
    return [_row(item) for item in pending_requests_for(acting_user(request))]


@router.post("/{request_id}/approve", response=MembershipRequestOut, summary="Approve a request")
def approve(request: HttpRequest, request_id: int) -> Any:
    """Grant the role asked for; administrators of the organisation and operators only."""
    return _row(approve_membership_request(actor=acting_user(request), request_id=request_id))


@router.post("/{request_id}/refuse", response=MembershipRequestOut, summary="Refuse a request")
def refuse(request: HttpRequest, request_id: int, payload: RefusalIn) -> Any:
    """Refuse with a reason; administrators of the organisation and operators only."""
    return _row(refuse_membership_request(actor=acting_user(request), request_id=request_id, reason=payload.reason))

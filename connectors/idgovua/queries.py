"""Reads of membership requests, and who administers an organisation."""

from django.db.models import Q, QuerySet

from accounts.models import User
from connectors.idgovua.models import MembershipRequest, MembershipRequestStatus
from parties.models import Organisation, OrganisationKind, Role
from parties.queries import holds_role

# The role a person from each kind of organisation asks for. Operators are never asked for: they run the system.
# Kinds missing here hold no role in the system yet, so signing in with their key offers nothing.
DEFAULT_ROLES: dict[str, str] = {
    OrganisationKind.COMMUNITY: Role.COMMUNITY_EDITOR,
    OrganisationKind.MUNICIPAL_ENTERPRISE: Role.COMMUNITY_EDITOR,
    OrganisationKind.REGIONAL_ADMINISTRATION: Role.REGIONAL_APPROVER,
    OrganisationKind.MINISTRY: Role.MINISTRY_APPROVER,
    OrganisationKind.AGENCY: Role.AUDITOR,
    OrganisationKind.DONOR: Role.DONOR,
    OrganisationKind.INVESTOR: Role.DONOR,
}


def default_role(organisation: Organisation) -> str | None:
    """Return the role a new member of this organisation asks for, or nothing when its kind has none."""
    return DEFAULT_ROLES.get(organisation.kind)


def is_operator(user: User) -> bool:
    """Tell whether the user runs the system."""
    return holds_role(user, Role.OPERATOR)


def administers(user: User, organisation: Organisation) -> bool:
    """Tell whether the user decides who joins the organisation: any member of it, or an operator."""
    return user.memberships.filter(Q(organisation=organisation) | Q(role=Role.OPERATOR)).exists()


def pending_requests_for(administrator: User) -> QuerySet[MembershipRequest]:
    """Return the requests waiting in the organisations the user administers (every one, for an operator)."""
    # Nobody decides their own request, so the administrator's own are left out.
    requests = (
        MembershipRequest.objects.filter(status=MembershipRequestStatus.PENDING)
        .exclude(user=administrator)
        .select_related("user", "organisation")
    )
    if not is_operator(administrator):
        requests = requests.filter(organisation__memberships__user=administrator).distinct()
    return requests.order_by("requested_at", "id")


def requests_of(user: User) -> QuerySet[MembershipRequest]:
    """Return the person's own requests, newest first."""
    return MembershipRequest.objects.filter(user=user).select_related("organisation").order_by("-requested_at", "-id")

"""What waits for a signed-in person: the projects they edit, and the decisions that are theirs to take."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from accounts.models import User
from audit.models import AuditEvent
from connectors.idgovua.models import MembershipRequest, MembershipRequestStatus
from connectors.models import SyncState
from parties.models import OrganisationKind, Role
from projects.authority import oblast_prefix
from projects.codes import Status, StatusDetail
from projects.models import Project

# What an approver decides on, by the stage the project stands at.
DECISIONS: dict[str, tuple[str, ...]] = {
    StatusDetail.APPRAISAL: ("appraise", "refuse"),
    StatusDetail.APPLIED: ("approve", "refuse"),
}


def editable_projects(user: User) -> QuerySet[Project]:
    """Return the projects of the organisations the person edits for, the latest changed first."""
    initiators = user.memberships.filter(role=Role.COMMUNITY_EDITOR).values("organisation_id")
    return Project.objects.filter(initiator__in=initiators).select_related("initiator").order_by("-updated_at")


def _oblasts_decided_by(user: User) -> set[str]:
    codes = user.memberships.filter(
        role=Role.REGIONAL_APPROVER, organisation__kind=OrganisationKind.REGIONAL_ADMINISTRATION
    ).values_list("organisation__territory_id", flat=True)
    return {code[:4] for code in codes if code}


def waiting_for_decision(user: User) -> list[Project]:
    """Return the projects whose next decision is this person's, the longest waiting first.

    A regional approver decides on appraisals in their oblast and on applications below the ministry's threshold
    there; a ministry approver on applications at or above it. Nobody decides on what they submitted.
    """
    oblasts = _oblasts_decided_by(user)
    ministry = user.memberships.filter(
        role=Role.MINISTRY_APPROVER, organisation__kind=OrganisationKind.MINISTRY
    ).exists()
    if not oblasts and not ministry:
        return []
    threshold = settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH
    decided = Q()
    if oblasts:
        decided |= Q(status_details=StatusDetail.APPRAISAL) | Q(
            status_details=StatusDetail.APPLIED, estimated_cost_uah__lt=threshold
        )
    if ministry:
        decided |= Q(status_details=StatusDetail.APPLIED, estimated_cost_uah__gte=threshold)
    candidates = (
        Project.objects.filter(decided, status=Status.PENDING)
        .exclude(submitted_by=user)
        .select_related("initiator", "initiator__territory")
        .prefetch_related("locations")
        .order_by("updated_at")
    )
    waiting = []
    for project in candidates:
        regional = project.status_details == StatusDetail.APPRAISAL or project.estimated_cost_uah < threshold
        if not regional or oblast_prefix(project) in oblasts:
            waiting.append(project)
    return waiting


@dataclass(frozen=True)
class Change:
    """One recorded change of a project, as an approver reviews it."""

    event: AuditEvent
    fields: list[tuple[str, object, object]]


def changes_since_last_action(user: User, project: Project) -> tuple[AuditEvent | None, list[Change]]:
    """Return the person's last action on the project and every change recorded after it (all, if none)."""
    events = AuditEvent.objects.filter(object_type="project", object_id=project.code).order_by("position")
    last = events.filter(actor=user).order_by("-position").first()
    if last is not None:
        events = events.filter(position__gt=last.position)
    changes = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        names = sorted(set(before) | set(after))
        changes.append(
            Change(
                event=event,
                fields=[
                    (name, before.get(name), after.get(name)) for name in names if before.get(name) != after.get(name)
                ],
            )
        )
    return last, changes


def connector_states() -> list[SyncState]:
    """Return the sync state of every connector that has run, by name."""
    return list(SyncState.objects.order_by("system"))


def pending_membership_requests() -> int:
    """Count the requests to join an organisation that wait for its administrator."""
    return MembershipRequest.objects.filter(status=MembershipRequestStatus.PENDING).count()

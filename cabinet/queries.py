"""What waits for a signed-in person: the projects they edit, the decisions that are theirs, what they watch."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from accounts.models import User
from audit.models import AuditEvent
from audit.queries import public_events
from cabinet.models import Watch
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


def watched_projects(user: User) -> list[Watch]:
    """Return the person's watches with their projects, the latest started first."""
    return list(Watch.objects.filter(user=user).select_related("project").order_by("-created_at", "-id"))


def is_watching(user: User, project: Project) -> bool:
    """Tell whether the person watches the project."""
    return Watch.objects.filter(user=user, project=project).exists()


def watches_to_report() -> list[Watch]:
    """Return every watch of an active person, with the person, the project and the event told last, person by person.

    The watches of one person come together, so that each person gets one letter.
    """
    return list(
        Watch.objects.filter(user__is_active=True)
        .select_related("user", "project", "reported_up_to")
        .defer("reported_up_to__before", "reported_up_to__after")
        .order_by("user_id", "project__code")
    )


def told_up_to(watch: Watch) -> int:
    """Return the position in the audit chain of the last event told to the watcher, 0 if none was."""
    return watch.reported_up_to.position if watch.reported_up_to is not None else 0


def public_changes_after(watches: Sequence[Watch]) -> dict[str, list[AuditEvent]]:
    """Return each watched project's public history after the point its watchers were told least far, in one query.

    The history is the one the project's public page and API show (``public_events``); each watcher then takes the
    part after their own point.
    """
    if not watches:
        return {}
    told: dict[str, int] = {}
    for watch in watches:
        point = told_up_to(watch)
        told[watch.project.code] = min(point, told.get(watch.project.code, point))
    # The projects are named through the watches rather than one by one, so the query stays one at any number.
    events = (
        public_events("project")
        .filter(
            object_id__in=Watch.objects.filter(user__is_active=True).values("project__code"),
            position__gt=min(told.values()),
        )
        .only("position", "occurred_at", "actor", "actor_organisation", "action", "object_id", "comment")
    )
    changes: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        if event.object_id in told and event.position > told[event.object_id]:
            changes[event.object_id].append(event)
    return dict(changes)

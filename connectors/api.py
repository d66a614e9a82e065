"""The connectors' state for operators and auditors: cursors, last success, counts, errors and the quarantine."""

from datetime import datetime
from typing import Annotated, Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from connectors.models import Quarantined, SyncState
from connectors.sync import CONNECTORS, IMPORTED, check_system
from dream.auth import SIGNED_IN, acting_user
from dream.errors import PermissionDenied
from dream.pagination import Page, paginate
from parties.models import Role
from parties.queries import holds_role

router = Router(auth=SIGNED_IN)


class SyncStateOut(Schema):
    """Where a connector stands: its cursors, its latest run and its totals."""

    system: str
    cursor: dict[str, Any]
    last_outcome: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_success_at: datetime | None
    last_error: str
    last_run: dict[str, Any]
    runs: int
    failures: int
    fetched: int
    created: int
    updated: int
    quarantined: int
    waiting_in_quarantine: int


class QuarantinedOut(Schema):
    """A document that could not be mapped, with the reason and its body as received."""

    id: int
    system: str
    kind: str
    external_id: str
    url: str
    reason: str
    body: str
    sha256: str
    attempts: int
    first_seen_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None


class QuarantineQuery(Schema):
    """Which quarantined documents to list, and how many."""

    cursor: Annotated[str, Field(description="The cursor of the next page, as the previous page gave it.")] = ""
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    resolved: Annotated[bool, Field(description="Show the documents since mapped, instead of those waiting.")] = False


class QuarantinePage(Schema):
    """One page of quarantined documents."""

    count: int
    next_cursor: str | None
    results: list[QuarantinedOut]


def _require_overseer(request: HttpRequest) -> None:
    user = acting_user(request)
    if not (holds_role(user, Role.OPERATOR) or holds_role(user, Role.AUDITOR)):
        raise PermissionDenied("Only operators and auditors see the connectors' state.")


def _states(systems: list[str]) -> list[dict[str, Any]]:
    """Return the state of each system in two queries, however many systems there are."""
    held = {state.system: state for state in SyncState.objects.filter(system__in=systems)}
    waiting = dict(
        Quarantined.objects.filter(system__in=systems, resolved_at=None)
        .order_by()
        .values("system")
        .annotate(count=Count("id"))
        .values_list("system", "count")
    )
    states = []
    for system in systems:
        state = held.get(system) or SyncState(system=system)
        fields = {field.name: getattr(state, field.name) for field in SyncState._meta.fields}  # noqa: SLF001
        states.append({**fields, "waiting_in_quarantine": waiting.get(system, 0)})
    return states


@router.get("", response=list[SyncStateOut], summary="The state of every connector")
def list_states(request: HttpRequest) -> list[dict[str, Any]]:
    """Each system's cursor, latest run, totals and how many documents wait in its quarantine."""
    _require_overseer(request)
    return _states(sorted(CONNECTORS))


@router.get("/{system}", response=SyncStateOut, summary="The state of one connector")
def get_state(request: HttpRequest, system: str) -> dict[str, Any]:
    """One system's cursor, latest run, totals and quarantine count."""
    _require_overseer(request)
    check_system(system)
    return _states([system])[0]


@router.get("/{system}/quarantine", response=QuarantinePage, summary="Documents of a system that could not be mapped")
def list_quarantine(request: HttpRequest, system: str, query: Query[QuarantineQuery]) -> dict[str, Any]:
    """List the quarantined documents with their reason and body as received, newest first.

    Besides the pulled systems, the imported ones (damage, construction) keep here the rows their files were refused.
    """
    _require_overseer(request)
    if system not in IMPORTED:
        check_system(system)
    rows = Quarantined.objects.filter(system=system, resolved_at__isnull=not query.resolved).order_by("-id")
    page: Page[Quarantined] = paginate(rows, cursor=query.cursor or None, limit=query.limit)
    return {"count": page.count, "next_cursor": page.next_cursor, "results": page.results}

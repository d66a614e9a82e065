"""Reads of what is published: OC4IDS projects one by one and as a change feed."""

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime

from contracting.models import ContractingProcess, Release
from dream.errors import InvalidInput
from projects.models import Project
from projects.queries import changed_projects, get_project, with_whole_passport
from publishing.oc4ids import contracting_process, project_to_oc4ids, require_valid_project
from publishing.ocds import release_package_uri


@dataclass(frozen=True)
class FeedPage:
    """One page of a change feed: the items, and the time to continue after, if there is more."""

    items: list[dict[str, Any]]
    last_modified: datetime | None
    next_after: datetime | None


def encode_cursor(moment: datetime) -> str:
    """Return an opaque cursor that continues a feed after this time."""
    return base64.urlsafe_b64encode(moment.isoformat().encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> datetime:
    """Return the time a cursor continues after, or refuse a cursor this API did not give."""
    try:
        moment = parse_datetime(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(
            "The cursor is not one this API gave; start again without it.", code="invalid_cursor", field="cursor"
        )
    return moment


def parse_since(value: str) -> datetime:
    """Return the time given as `since`, or refuse it saying the format expected."""
    try:
        moment = parse_datetime(value.strip().replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(
            f"{value!r} is not a date and time with its offset, such as 2025-06-01T00:00:00Z.",
            code="invalid_since",
            field="since",
        )
    return moment


def _contracting_processes(projects: list[Project]) -> dict[int, list[dict[str, Any]]]:
    """Return the OC4IDS summaries of the processes linked to each of the projects, in two queries."""
    summaries: dict[int, list[dict[str, Any]]] = {}
    processes = (
        ContractingProcess.objects.filter(project__in=projects)
        .prefetch_related(Prefetch("releases", queryset=Release.objects.order_by("date", "id")))
        .order_by("tender_id")
    )
    for process in processes:
        summary = contracting_process(process, release_url=release_package_uri(process.ocid))
        summaries.setdefault(process.project_id or 0, []).append(summary)
    return summaries


def _mapped(projects: list[Project]) -> Iterator[dict[str, Any]]:
    """Map projects loaded together, each checked against the schema and the codelists."""
    processes = _contracting_processes(projects)
    for project in projects:
        document = project_to_oc4ids(project, contracting_processes=processes.get(project.pk))
        require_valid_project(document)
        yield document


def published_project(code: str) -> tuple[dict[str, Any], datetime]:
    """Return a project as a valid OC4IDS project, and when it last changed."""
    project = get_project(code)
    document = next(_mapped([project]))
    return document, project.updated_at


def iter_published_projects(*, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """Yield every project as a valid OC4IDS project, in the order they changed, loading a chunk at a time."""
    after: datetime | None = None
    while True:
        batch = list(with_whole_passport(changed_projects(after=after, limit=chunk)))
        yield from _mapped(batch)
        if len(batch) < chunk:
            return
        after = batch[-1].updated_at


def project_feed(*, after: datetime | None, limit: int) -> FeedPage:
    """Return the OC4IDS projects changed after a time, oldest change first."""
    batch = list(with_whole_passport(changed_projects(after=after, limit=limit + 1)))
    more = len(batch) > limit
    batch = batch[:limit]
    items = list(_mapped(batch))
    last = batch[-1].updated_at if batch else None
    return FeedPage(items, last, last if more else None)

"""Reads of contracting processes and their releases."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from contracting.exceptions import ProcessNotFound
from contracting.models import ContractingProcess, Release


def _not_found(ocid: str) -> ProcessNotFound:
    return ProcessNotFound(f"No contracting process has the ocid {ocid!r}.")


def _with_releases(processes: QuerySet[ContractingProcess]) -> QuerySet[ContractingProcess]:
    return processes.prefetch_related(Prefetch("releases", queryset=Release.objects.order_by("date", "id")))


def get_process(ocid: str) -> ContractingProcess:
    """Return one contracting process with its releases, oldest first."""
    process = _with_releases(ContractingProcess.objects.filter(ocid=ocid)).first()
    if process is None:
        raise _not_found(ocid)
    return process


def get_process_for_update(ocid: str) -> ContractingProcess:
    """Return the process locked for the rest of the caller's transaction."""
    process = ContractingProcess.objects.select_for_update().filter(ocid=ocid).first()
    if process is None:
        raise _not_found(ocid)
    return process


def processes_with_releases(ocids: list[str]) -> list[ContractingProcess]:
    """Return the processes with these ocids, each with its releases, in the order of the ocids given."""
    found = {process.ocid: process for process in _with_releases(ContractingProcess.objects.filter(ocid__in=ocids))}
    missing = [ocid for ocid in ocids if ocid not in found]
    if missing:
        raise _not_found(missing[0])
    return [found[ocid] for ocid in ocids]


def changed_processes(*, after: datetime | None = None, limit: int | None = None) -> QuerySet[ContractingProcess]:
    """Return processes with their releases in the order they last changed, those changed after a time only."""
    processes = ContractingProcess.objects.order_by("updated_at")
    if after is not None:
        processes = processes.filter(updated_at__gt=after)
    processes = _with_releases(processes)
    return processes[:limit] if limit is not None else processes


def recorded_releases(*, after: datetime | None = None, limit: int | None = None) -> QuerySet[Release]:
    """Return releases in the order they were recorded (or replaced), those recorded after a time only.

    Each comes with its process and all the process's releases, which publication reads to know its parties.
    """
    releases = Release.objects.select_related("process").prefetch_related(
        Prefetch("process__releases", queryset=Release.objects.order_by("date", "id"))
    )
    releases = releases.order_by("recorded_at")
    if after is not None:
        releases = releases.filter(recorded_at__gt=after)
    return releases[:limit] if limit is not None else releases


def project_processes(project_code: str) -> QuerySet[ContractingProcess]:
    """Return the contracting processes linked to a project, oldest tender first."""
    return ContractingProcess.objects.filter(project__code=project_code).order_by("tender_id")

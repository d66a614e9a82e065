"""How a sync runs: the connector of a system pulls from its cursor, and the run is counted and recorded."""

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import import_module
from typing import Any, ClassVar

from django.conf import settings

from connectors.exceptions import ConnectorError, UnknownSystem
from connectors.http import SourceClient
from connectors.services import run_finished, run_started

log = logging.getLogger(__name__)

# Each system that is pulled over HTTP, and the class that pulls it.
CONNECTORS = {
    "prozorro": "connectors.prozorro.sync.ProzorroConnector",
    "spending": "connectors.spending.sync.SpendingConnector",
    "edr": "connectors.edr.sync.EdrConnector",
}


@dataclass
class SyncReport:
    """What one sync did, counted as it goes."""

    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return the counts alone, as the sync state keeps them."""
        return {key: value for key, value in asdict(self).items() if isinstance(value, int)}

    @property
    def failed(self) -> bool:
        """Whether anything went wrong: a document quarantined or an error that stopped the sync."""
        return bool(self.quarantined or self.errors)


# Told after each document: how many are done, and the total when the source says it.
Progress = Callable[[int, int | None], None]


def _no_progress(done: int, total: int | None) -> None:
    """Report nothing."""


class Connector(ABC):
    """The pull of one system: subclasses fetch from their cursor, keep each payload and map it idempotently."""

    system: ClassVar[str]

    def __init__(self, client: SourceClient, *, progress: Progress = _no_progress, limit: int | None = None) -> None:
        self.client = client
        self.progress = progress
        self.limit = limit

    @classmethod
    def make_client(cls, base_url: str | None = None) -> SourceClient:
        """Return a client for this system, from its settings unless a base address is given."""
        options = settings.DREAM_CONNECTORS.get(cls.system, {})
        address = base_url or options.get("base_url")
        if not address:
            raise ConnectorError(f"No address is set for {cls.system}: give its base_url in DREAM_CONNECTORS.")
        return SourceClient(
            cls.system,
            address,
            headers=options.get("headers"),
            rate_per_second=options.get("rate_per_second"),
        )

    @abstractmethod
    def sync(self, report: SyncReport) -> None:
        """Pull what changed since the cursor, counting into the report; stop after ``limit`` documents if set."""


# The systems imported from their export files: they have no sync, but a quarantine of refused rows.
IMPORTED = ("damage", "construction")


def check_system(system: str) -> None:
    """Refuse a name no connector has."""
    if system not in CONNECTORS:
        raise UnknownSystem(f"No connector is called {system!r}; the connectors are {', '.join(sorted(CONNECTORS))}.")


def connector_class(system: str) -> type[Connector]:
    """Return the connector of a system, or refuse a name no connector has."""
    check_system(system)
    module, _, name = CONNECTORS[system].rpartition(".")
    found: type[Connector] = getattr(import_module(module), name)
    return found


def run_sync(
    system: str, *, base_url: str | None = None, progress: Progress = _no_progress, limit: int | None = None
) -> SyncReport:
    """Run one sync of a system and record how it went; an error that stops it is reported, not raised."""
    cls = connector_class(system)
    report = SyncReport()
    run_started(system)
    try:
        with cls.make_client(base_url) as client:
            cls(client, progress=progress, limit=limit).sync(report)
    except Exception as error:
        # Whatever stopped the run is the run's error: logged with its traceback, and kept for the operator to read.
        log.exception("The sync of %s stopped", system)
        report.errors.append(getattr(error, "message", None) or f"{type(error).__name__}: {error}")
    run_finished(system, report.counts(), "; ".join(report.errors))
    return report


def summary(report: SyncReport) -> dict[str, Any]:
    """Return the report as the command and the API show it."""
    return {**report.counts(), "errors": report.errors, "failed": report.failed}

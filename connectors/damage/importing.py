"""Importing a register's export: every row its own idempotent upsert, a bad row quarantined, the rest imported.

A file that cannot be read at all (its format, its header) is refused before anything of it is written: the whole
file is read once to check it, then again to import it.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from django.db import transaction
from django.utils import timezone

from connectors.damage.exceptions import InvalidRow
from connectors.damage.exports import Columns, Row, SourceRecord
from connectors.models import Quarantined
from connectors.services import quarantine

logger = logging.getLogger(__name__)

# The quarantine keys a refused row by its file and row; the identifier holds at most 128 characters.
FILE_NAME_KEPT = 100


class RecordSource(Protocol):
    """Where a register's records come from: an export file today, perhaps an API one day."""

    @property
    def name(self) -> str:
        """Return what provenance and messages cite: a file's name, or an address."""
        ...

    def records(self) -> Iterator[SourceRecord]:
        """Yield the records in order, from the start at each call; raise ``UnreadableExport`` if they cannot be."""
        ...


class RowOutcome(StrEnum):
    """What importing one row did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Provenance:
    """Where a row was read: the source, the row, and the row as JSON text, kept as received."""

    source: str
    position: int
    text: str

    @property
    def url(self) -> str:
        """Return the file and row, as the kept payload's address."""
        return f"{self.source}#row {self.position}"

    @property
    def place(self) -> str:
        """Return the file and row as the quarantine's identifier of a refused row."""
        return f"{self.source[-FILE_NAME_KEPT:]}#{self.position}"


class Facts(Protocol):
    """What a row says, read from its cells; ``identity`` is its identifier in the register."""

    @property
    def identity(self) -> str:
        """Return the record's identifier in its register."""
        ...


F = TypeVar("F", bound=Facts)

# Told after each row: how many are done, of how many.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Importer(Generic[F]):
    """How one register's rows are imported: its columns, how a row is read, and the service that records it."""

    system: str
    kind: str
    columns: Columns
    identity_column: str
    read: Callable[[Row], F]
    write: Callable[[F, Provenance], RowOutcome]


@dataclass
class ImportReport:
    """What an import did, row by row counted, with a message for every row refused."""

    source: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return the counts alone."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
        }


def _headers(source: RecordSource, columns: Columns) -> tuple[dict[str, str], int]:
    """Read the whole source once: return where each known column is, and how many records there are."""
    names: dict[str, None] = {}
    count = 0
    for record in source.records():
        count += 1
        if not record.problem:
            names.update(dict.fromkeys(name for name in record.row if name))
    return columns.find(source.name, names), count


def _message(record: SourceRecord, error: InvalidRow, headers: dict[str, str]) -> str:
    if error.field is None:
        return f"row {record.position}: {error.message}"
    return f"row {record.position}, column {headers.get(error.field, error.field)}: {error.message}"


def _resolve_quarantined(system: str, kind: str, place: str) -> None:
    """Mark a refused row of a file as resolved once the row at that place imports."""
    Quarantined.objects.filter(system=system, kind=kind, external_id=place, resolved_at=None).update(
        resolved_at=timezone.now()
    )


def _import_row(importer: Importer[F], row: Row, provenance: Provenance, seen: dict[str, int]) -> RowOutcome:
    """Read a row and record it, refusing a record the file has given on an earlier row already."""
    if row.record.problem:
        raise InvalidRow(row.record.problem)
    facts = importer.read(row)
    first = seen.setdefault(facts.identity, provenance.position)
    if first != provenance.position:
        raise InvalidRow(f"{facts.identity} is already on row {first} of this file", field=importer.identity_column)
    return importer.write(facts, provenance)


def run_import(
    source: RecordSource, importer: Importer[F], *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import every row of a source; with ``dry_run``, check every row and report, writing nothing.

    Raise ``UnreadableExport`` when the source cannot be read at all, before anything is written.
    """
    headers, total = _headers(source, importer.columns)
    report = ImportReport(source=source.name, dry_run=dry_run)
    seen: dict[str, int] = {}

    # A dry run does every write in one transaction it then rolls back, so its report is the import's own.
    scope: AbstractContextManager[object] = transaction.atomic() if dry_run else nullcontext()
    with scope:
        for record in source.records():
            report.rows += 1
            provenance = Provenance(source.name, record.position, record.text)
            try:
                outcome = _import_row(importer, Row(record, headers), provenance, seen)
            except InvalidRow as error:
                message = _message(record, error, headers)
                report.refused.append(message)
                if not dry_run:
                    quarantine(
                        system=importer.system,
                        kind=importer.kind,
                        external_id=provenance.place,
                        body=record.text,
                        url=provenance.url,
                        reason=message,
                    )
            else:
                setattr(report, outcome.value, getattr(report, outcome.value) + 1)
                if not dry_run:
                    _resolve_quarantined(importer.system, importer.kind, provenance.place)
            if progress is not None:
                progress(report.rows, total)
        if dry_run:
            transaction.set_rollback(True)

    logger.info(
        "Imported %s rows of %s into %s: %s created, %s updated, %s unchanged, %s refused",
        report.rows,
        report.source,
        importer.system,
        report.created,
        report.updated,
        report.unchanged,
        len(report.refused),
    )
    return report

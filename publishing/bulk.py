"""Bulk open data: the whole public dataset as files, streamed, with a manifest of counts, sizes and hashes.

A rerun compares each dataset's fingerprint (how many items, the newest change, the format version) with the
manifest and rewrites only the datasets that changed.
"""

import csv
import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter
from django.conf import settings
from django.db.models import Max

from contracting.models import ContractingProcess
from contracting.queries import changed_processes
from projects.models import Project
from publishing.files import MANIFEST
from publishing.flat import TABLES, Table
from publishing.oc4ids import package
from publishing.ocds import record_package, release_package
from publishing.queries import iter_published_projects
from publishing.standards import OC4IDS_SCHEMA_VERSION, OCDS_SCHEMA_VERSION

logger = logging.getLogger(__name__)

# Changes whenever what the files hold changes for the same data, so a rerun rewrites them.
FORMAT_VERSION = "1"
PARQUET_BATCH = 5000


@dataclass
class WrittenFile:
    """One file of the publication, as the manifest lists it."""

    path: str
    media_type: str
    rows: int
    schema: str
    newest_change: str | None
    size: int = 0
    sha256: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the manifest's entry for the file."""
        return {
            "path": self.path,
            "mediaType": self.media_type,
            "rows": self.rows,
            "bytes": self.size,
            "sha256": self.sha256,
            "schema": self.schema,
            "newestChange": self.newest_change,
        }


@dataclass
class PublishReport:
    """What a run of the publication wrote and what it left as it was."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def oc4ids_fingerprint() -> dict[str, Any]:
    """Return what identifies the current OC4IDS dataset: a rerun with the same fingerprint changes nothing."""
    summary = Project.objects.aggregate(newest=Max("updated_at"))
    return {
        "items": Project.objects.count(),
        "newestChange": _utc(summary["newest"]),
        "format": f"{FORMAT_VERSION}/{OC4IDS_SCHEMA_VERSION}/{settings.DREAM_OC4IDS_PREFIX}",
    }


class _TableWriters:
    """The CSV files, XLSX sheets and Parquet files of the flat tables, written row by row."""

    def __init__(self, folder: Path, stack: ExitStack) -> None:
        self.folder = folder
        self.counts = dict.fromkeys((table.name for table in TABLES), 0)
        self.csv = {}
        for table in TABLES:
            handle = stack.enter_context(
                (folder / f"{table.name}.csv.part").open("w", encoding="utf-8-sig", newline="")
            )
            writer = csv.writer(handle)
            writer.writerow([column.header for column in table.columns])
            self.csv[table.name] = writer
        # Constant-memory mode streams each sheet's rows to disk as they come, in order.
        self.workbook = xlsxwriter.Workbook(str(folder / "projects.xlsx.part"), {"constant_memory": True})
        self.sheets = {}
        for table in TABLES:
            sheet = self.workbook.add_worksheet(table.name)
            sheet.write_row(0, 0, [column.header for column in table.columns])
            self.sheets[table.name] = sheet
        self.parquet = {
            table.name: stack.enter_context(
                pq.ParquetWriter(folder / f"{table.name}.parquet.part", _arrow_schema(table), compression="zstd")
            )
            for table in TABLES
        }
        self.pending: dict[str, list[list[Any]]] = {table.name: [] for table in TABLES}

    def add(self, project: dict[str, Any]) -> None:
        for table in TABLES:
            for row in table.rows(project):
                self.csv[table.name].writerow(["" if value is None else value for value in row])
                self.counts[table.name] += 1
                self.sheets[table.name].write_row(self.counts[table.name], 0, row)
                self.pending[table.name].append(row)
            if len(self.pending[table.name]) >= PARQUET_BATCH:
                self._flush(table)

    def _flush(self, table: Table) -> None:
        rows = self.pending[table.name]
        if rows:
            columns = list(zip(*rows, strict=True))
            arrays = [
                pa.array(values, type=_arrow_type(column.kind))
                for values, column in zip(columns, table.columns, strict=True)
            ]
            self.parquet[table.name].write_table(pa.Table.from_arrays(arrays, schema=_arrow_schema(table)))
            self.pending[table.name] = []

    def finish(self) -> None:
        for table in TABLES:
            self._flush(table)
        self.workbook.close()


def _arrow_type(kind: str) -> pa.DataType:
    return pa.float64() if kind == "number" else pa.string()


def _arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(column.key, _arrow_type(column.kind)) for column in table.columns])


def _write_oc4ids(folder: Path, newest_change: str | None) -> list[WrittenFile]:
    """Stream every published project into the package, JSON Lines, CSV, XLSX and Parquet files at once."""
    return write_oc4ids_files(folder, iter_published_projects(), newest_change=newest_change)


def write_oc4ids_files(
    folder: Path, projects: Iterator[dict[str, Any]], *, newest_change: str | None
) -> list[WrittenFile]:
    """Write OC4IDS projects, each already valid, into every bulk format in one pass; return the files unsealed."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with ExitStack() as stack:
        package_file = stack.enter_context((folder / "projects.json.part").open("wb"))
        lines_file = stack.enter_context((folder / "projects.jsonl.part").open("wb"))
        tables = _TableWriters(folder, stack)
        first = next(projects, None)
        # The envelope is validated with the first project in it; each project is validated as it is mapped.
        envelope = package(
            [first] if first is not None else [],
            uri=f"{settings.DREAM_PUBLIC_URL}/downloads/oc4ids/projects.json",
            published=datetime.now(UTC),
        )
        head = {key: value for key, value in envelope.items() if key != "projects"}
        package_file.write(orjson.dumps(head)[:-1] + b',"projects":[')
        for project in _chain(first, projects):
            if count:
                package_file.write(b",")
            encoded = orjson.dumps(project)
            package_file.write(encoded)
            lines_file.write(encoded + b"\n")
            tables.add(project)
            count += 1
        package_file.write(b"]}")
        tables.finish()

    schema = f"OC4IDS {OC4IDS_SCHEMA_VERSION}"
    files = [
        WrittenFile("oc4ids/projects.json", "application/json", count, f"{schema} project package", newest_change),
        WrittenFile("oc4ids/projects.jsonl", "application/x-ndjson", count, f"{schema} project", newest_change),
        WrittenFile(
            "oc4ids/projects.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            count,
            f"{schema}, flattened",
            newest_change,
        ),
    ]
    for table in TABLES:
        rows = tables.counts[table.name]
        files.append(WrittenFile(f"oc4ids/{table.name}.csv", "text/csv", rows, f"{schema}, flattened", newest_change))
        files.append(
            WrittenFile(
                f"oc4ids/{table.name}.parquet",
                "application/vnd.apache.parquet",
                rows,
                f"{schema}, flattened",
                newest_change,
            )
        )
    return files


def _chain(first: dict[str, Any] | None, rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if first is not None:
        yield first
    yield from rest


def seal(out: Path, file: WrittenFile) -> None:
    """Move a finished file into place and take its size and hash."""
    final = out / file.path
    final.with_name(final.name + ".part").replace(final)
    digest = hashlib.sha256()
    with final.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    file.size = final.stat().st_size
    file.sha256 = digest.hexdigest()


def _unchanged(out: Path, previous: dict[str, Any], name: str, fingerprint: dict[str, Any]) -> bool:
    """Tell whether a dataset's files on disk are those the manifest lists for the same fingerprint."""
    dataset = previous.get("datasets", {}).get(name)
    if dataset is None or dataset.get("fingerprint") != fingerprint:
        return False
    return all(
        (out / entry["path"]).is_file() and (out / entry["path"]).stat().st_size == entry["bytes"]
        for entry in dataset["files"]
    )


def ocds_fingerprint() -> dict[str, Any]:
    """Return what identifies the current OCDS dataset."""
    summary = ContractingProcess.objects.aggregate(newest=Max("updated_at"))
    return {
        "items": ContractingProcess.objects.count(),
        "newestChange": _utc(summary["newest"]),
        "format": f"{FORMAT_VERSION}/{OCDS_SCHEMA_VERSION}",
    }


def _process_chunks(chunk: int = 500) -> Iterator[list[ContractingProcess]]:
    after = None
    while batch := list(changed_processes(after=after, limit=chunk)):
        yield batch
        after = batch[-1].updated_at


def _stream_package(path: Path, head: dict[str, Any], key: str, items: Iterator[dict[str, Any]]) -> int:
    """Write a package whose list of items is streamed one by one; return how many items it holds."""
    count = 0
    with path.open("wb") as handle:
        handle.write(orjson.dumps(head)[:-1] + f',"{key}":['.encode())
        for item in items:
            handle.write((b"," if count else b"") + orjson.dumps(item))
            count += 1
        handle.write(b"]}")
    return count


def _write_ocds(folder: Path, newest_change: str | None) -> list[WrittenFile]:
    """Stream every contracting process into one release package and one record package, each chunk validated."""
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{settings.DREAM_PUBLIC_URL}/downloads/ocds"

    def releases() -> Iterator[dict[str, Any]]:
        for batch in _process_chunks():
            yield from release_package(batch, uri=f"{base}/release-package.json")["releases"]

    def records() -> Iterator[dict[str, Any]]:
        for batch in _process_chunks():
            yield from record_package(batch, uri=f"{base}/record-package.json")["records"]

    published = datetime.now(UTC)
    head = {
        "uri": f"{base}/release-package.json",
        "version": "1.1",
        "publishedDate": _utc(published),
        "publisher": {"name": "DREAM", "uri": settings.DREAM_PUBLIC_URL},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    release_count = _stream_package(folder / "release-package.json.part", head, "releases", releases())
    head["uri"] = f"{base}/record-package.json"
    record_count = _stream_package(folder / "record-package.json.part", head, "records", records())
    schema = f"OCDS {OCDS_SCHEMA_VERSION}"
    return [
        WrittenFile(
            "ocds/release-package.json", "application/json", release_count, f"{schema} release package", newest_change
        ),
        WrittenFile(
            "ocds/record-package.json", "application/json", record_count, f"{schema} record package", newest_change
        ),
    ]


DATASETS: dict[str, tuple[Callable[[], dict[str, Any]], Callable[[Path, str | None], list[WrittenFile]]]] = {
    "oc4ids": (oc4ids_fingerprint, _write_oc4ids),
    "ocds": (ocds_fingerprint, _write_ocds),
}


def publish(out: Path, *, force: bool = False) -> PublishReport:
    """Write every dataset that changed since the last run into `out`, and the manifest that lists them all."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    previous = orjson.loads(manifest_path.read_bytes()) if manifest_path.is_file() else {}
    report = PublishReport()
    datasets: dict[str, Any] = {}
    for name, (fingerprint_of, write) in DATASETS.items():
        fingerprint = fingerprint_of()
        if not force and _unchanged(out, previous, name, fingerprint):
            datasets[name] = previous["datasets"][name]
            report.unchanged += [entry["path"] for entry in datasets[name]["files"]]
            continue
        files = write(out / name, fingerprint["newestChange"])
        for file in files:
            seal(out, file)
        datasets[name] = {"fingerprint": fingerprint, "files": [file.as_dict() for file in files]}
        report.written += [file.path for file in files]
        logger.info("Published %s: %s files", name, len(files))

    report.manifest = {
        "generated": _utc(datetime.now(UTC)),
        "publisher": {"name": "DREAM", "uri": settings.DREAM_PUBLIC_URL},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "datasets": datasets,
        "files": [entry for dataset in datasets.values() for entry in dataset["files"]],
    }
    part = manifest_path.with_name(MANIFEST + ".part")
    part.write_bytes(orjson.dumps(report.manifest, option=orjson.OPT_INDENT_2))
    part.replace(manifest_path)
    return report

"""Write export files the way the registers would, in each of the three formats, for the tests to import."""

import csv
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import orjson


def _header(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(name for row in rows for name in row))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, rows: list[dict[str, Any]], *, delimiter: str = ",", bom: bool = False) -> Path:
    header = _header(rows)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell_text(row.get(name)) for name in header])
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = _header(rows)
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    workbook.save(path)
    return path


def write_json(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_bytes(orjson.dumps(rows, default=str))
    return path


def write_export(path: Path, rows: list[dict[str, Any]], **options: Any) -> Path:
    """Write the rows in the format the file's extension names."""
    writers = {".csv": write_csv, ".xlsx": write_xlsx, ".json": write_json}
    return writers[path.suffix](path, rows, **options)

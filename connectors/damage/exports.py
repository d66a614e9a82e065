"""Reading a register's export file (CSV, XLSX or JSON) as numbered rows, and the cells of a row as typed values.

Neither the damage register nor ЄДЕССБ offers a public API, so both are imported from the files they export. This
module knows files and cells; what the columns mean belongs to each register's own ``source`` module.
"""

import csv
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

import openpyxl
import orjson
from django.db import models
from openpyxl.utils.exceptions import InvalidFileException

from connectors.damage.exceptions import InvalidRow, UnreadableExport

MAX_AMOUNT = Decimal("1e16")
KATOTTG = re.compile(r"UA\d{17}")
AMOUNT = re.compile(r"\d+(?:[.,]\d{1,2})?")
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# Spaces a spreadsheet may put between thousands: plain, no-break, narrow no-break and thin.
DIGIT_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
TRUE_WORDS = {"так", "true", "yes", "1", "+", "т", "y"}
FALSE_WORDS = {"ні", "false", "no", "0", "-", "н", "n"}


class ExportFormat(StrEnum):
    """The formats the registers export."""

    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


@dataclass(frozen=True)
class SourceRecord:
    """One row of an export as read, before any of its cells is interpreted.

    ``position`` is the row number a person finds it by: in a CSV or XLSX file the row of the sheet (the header is
    row 1, so the first record is row 2); in a JSON file the place of the object in the list, from 1. ``row`` maps
    each column, named as in the file, to the cell as read; ``text`` is that mapping as JSON, the payload kept as
    provenance. ``problem`` says why the record cannot be read as a row at all (empty when it can).
    """

    position: int
    row: dict[str, Any]
    text: str
    problem: str = ""


def _text_of(row: dict[str, Any]) -> str:
    return orjson.dumps(row, default=str).decode()


def format_of(path: Path, given: str | None = None) -> ExportFormat:
    """Return the format named, or the one the file's extension says."""
    if given:
        try:
            return ExportFormat(given.lower())
        except ValueError:
            raise UnreadableExport(f"{given!r} is not an export format; use csv, xlsx or json.") from None
    suffix = path.suffix.lower().lstrip(".")
    if suffix in {"xlsx", "xlsm"}:
        return ExportFormat.XLSX
    if suffix in {"csv", "json"}:
        return ExportFormat(suffix)
    raise UnreadableExport(
        f"{path.name}: cannot tell the format from the extension; name it with --format csv|xlsx|json."
    )


def _cell(value: Any) -> Any:
    """Return a cell as kept in the row: text stripped, dates and numbers as they are, nothing as empty text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


def _delimiter(header_line: str) -> str:
    """Return the delimiter that splits the header into more columns: a semicolon or a comma.

    Reading the header alone is surer than guessing from the rows, whose addresses and names hold commas of their own.
    """
    semicolons, commas = (len(next(csv.reader([header_line], delimiter=mark), [])) for mark in ";,")
    return ";" if semicolons > commas else ","


class ExportFile:
    """An export file of a register, read row by row; each call of ``records`` reads it again from the start."""

    def __init__(self, path: Path, *, export_format: str | None = None) -> None:
        self.path = path
        self.format = format_of(path, export_format)

    @property
    def name(self) -> str:
        """Return the file's name, which provenance and messages cite."""
        return self.path.name

    def records(self) -> Iterator[SourceRecord]:
        """Yield the file's rows in order; raise ``UnreadableExport`` if the file cannot be read as its format."""
        if not self.path.is_file():
            raise UnreadableExport(f"{self.path}: no such file.")
        if self.format is ExportFormat.CSV:
            return self._csv_records()
        if self.format is ExportFormat.XLSX:
            return self._xlsx_records()
        return self._json_records()

    def _rows_under_header(self, rows: Iterable[tuple[int, list[Any]]]) -> Iterator[SourceRecord]:
        """Pair each row's cells with the header (the first row), skipping blank rows but counting them."""
        header: list[str] | None = None
        for position, cells in rows:
            values = [_cell(value) for value in cells]
            if header is None:
                header = [str(value) for value in values]
                while header and not header[-1]:
                    header.pop()
                if not header:
                    raise UnreadableExport(f"{self.name}: the first row must name the columns, and it is empty.")
                if any(not name for name in header):
                    raise UnreadableExport(f"{self.name}: column {header.index('') + 1} of the header has no name.")
                repeated = sorted({name for name in header if header.count(name) > 1})
                if repeated:
                    raise UnreadableExport(f"{self.name}: the header names the column {repeated[0]!r} twice.")
                continue
            if all(value == "" for value in values):
                continue
            row = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
            surplus = [value for value in values[len(header) :] if value != ""]
            problem = ""
            if surplus:
                problem = (
                    f"the row has {len(values)} cells but the header names {len(header)} columns; is a delimiter "
                    "inside a cell that is not quoted?"
                )
                row = {**row, "": surplus}
            yield SourceRecord(position, row, _text_of(row), problem)
        if header is None:
            raise UnreadableExport(f"{self.name}: the file is empty; its first row must name the columns.")

    def _csv_records(self) -> Iterator[SourceRecord]:
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                delimiter = _delimiter(handle.readline())
                handle.seek(0)
                reader = csv.reader(handle, delimiter=delimiter)
                yield from self._rows_under_header(enumerate(reader, start=1))
        except UnicodeDecodeError as error:
            raise UnreadableExport(f"{self.name}: the file is not UTF-8 text; save it as CSV UTF-8.") from error
        except csv.Error as error:
            raise UnreadableExport(f"{self.name}: the file is not a readable CSV file: {error}.") from error

    def _xlsx_records(self) -> Iterator[SourceRecord]:
        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise UnreadableExport(f"{self.name}: the file is not an XLSX workbook ({error}).") from error
        try:
            sheet = workbook.worksheets[0]
            rows = ((position, list(cells)) for position, cells in enumerate(sheet.iter_rows(values_only=True), 1))
            yield from self._rows_under_header(rows)
        finally:
            workbook.close()

    def _json_records(self) -> Iterator[SourceRecord]:
        try:
            items = orjson.loads(self.path.read_bytes())
        except orjson.JSONDecodeError as error:
            raise UnreadableExport(f"{self.name}: the file is not JSON ({error}).") from error
        if not isinstance(items, list):
            raise UnreadableExport(f"{self.name}: the JSON file must be a list of objects, one a row.")
        for position, item in enumerate(items, start=1):
            if isinstance(item, dict):
                row = {str(key): _cell(value) for key, value in item.items()}
                yield SourceRecord(position, row, orjson.dumps(item).decode())
            else:
                problem = f"the item is {type(item).__name__}, not an object of columns"
                yield SourceRecord(position, {"": item}, orjson.dumps(item).decode(), problem)


def header_key(name: str) -> str:
    """Return a column name as compared: case-folded, one kind of apostrophe, spaces single."""
    folded = name.casefold().replace("’", "'").replace("ʼ", "'").replace("`", "'")
    return " ".join(folded.split())


@dataclass(frozen=True)
class Column:
    """A column of an export: its English name (the key), its Ukrainian name, and whether it must be there."""

    key: str
    name_uk: str
    required: bool = False


class Columns:
    """The columns a register's export has, found in a file's header by either name."""

    def __init__(self, *columns: Column) -> None:
        self.columns = columns
        self._by_name = {header_key(name): column for column in columns for name in (column.key, column.name_uk)}

    def find(self, file_name: str, headers: Iterable[str]) -> dict[str, str]:
        """Return each known column's key with its name in the file; refuse a file that lacks a required column."""
        found: dict[str, str] = {}
        for header in headers:
            column = self._by_name.get(header_key(header))
            if column is None:
                continue
            if column.key in found:
                raise UnreadableExport(
                    f"{file_name}: the columns {found[column.key]!r} and {header!r} both give {column.key}; keep one."
                )
            found[column.key] = header
        missing = [column for column in self.columns if column.required and column.key not in found]
        if missing:
            names = ", ".join(f"{column.name_uk!r} ({column.key})" for column in missing)
            raise UnreadableExport(f"{file_name}: the header lacks the required column(s) {names}.")
        return found


class Row:
    """The cells of one record, read by column key; a cell that breaks its column's rule raises ``InvalidRow``."""

    def __init__(self, record: SourceRecord, headers: dict[str, str]) -> None:
        self.record = record
        self.headers = headers

    def value(self, key: str) -> Any:
        """Return the cell of a column as read, or empty text when the file has no such column."""
        header = self.headers.get(key)
        return "" if header is None else self.record.row.get(header, "")

    def is_blank(self, key: str) -> bool:
        """Tell whether a column's cell is empty."""
        return self.value(key) in ("", None, [])

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        """Return a cell as text."""
        value = self.value(key)
        if isinstance(value, bool | dict | list):
            raise InvalidRow(f"{_shown(value)} is not text", field=key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        if required and not text:
            raise InvalidRow("a value is required", field=key)
        if max_length is not None and len(text) > max_length:
            raise InvalidRow(f"the value has {len(text)} characters; at most {max_length} fit", field=key)
        return text

    def katottg(self, key: str) -> str:
        """Return a cell as a KATOTTG code by its form; whether the codifier has it is checked where it is recorded."""
        code = self.text(key, required=True).upper()
        if not KATOTTG.fullmatch(code):
            raise InvalidRow(f"{code} is not a KATOTTG code in the codifier", field=key)
        return code

    def day(self, key: str, *, required: bool = False) -> date | None:
        """Return a cell as a date: a spreadsheet date, YYYY-MM-DD or DD.MM.YYYY."""
        value = self.value(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(key, required=required)
        if not text:
            return None
        try:
            match = DAY_MONTH_YEAR.fullmatch(text)
            if match:
                return date(int(match[3]), int(match[2]), int(match[1]))
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidRow(f"{text} is not a date; write YYYY-MM-DD or DD.MM.YYYY", field=key) from None

    def amount(self, key: str, *, required: bool = False) -> Decimal | None:
        """Return a cell as an exact amount of money: digits, then a comma or a dot and at most two decimals."""
        value = self.value(key)
        if isinstance(value, bool):
            raise InvalidRow(f"{_shown(value)} is not an amount", field=key)
        # A number in a spreadsheet or JSON is read by its shortest decimal writing, which is what was typed.
        text = repr(value) if isinstance(value, float) else self.text(key, required=required)
        if not text:
            return None
        digits = text.translate(DIGIT_GROUP_SPACES)
        if digits.startswith("-") and AMOUNT.fullmatch(digits[1:]):
            raise InvalidRow(f"{text} is negative; an amount is zero or more", field=key)
        if not AMOUNT.fullmatch(digits):
            raise InvalidRow(
                f"{text} is not an amount in hryvnias; write digits with a comma or a dot before at most two "
                "decimals, such as 1250000,50",
                field=key,
            )
        try:
            amount = Decimal(digits.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimal numbers.
            raise InvalidRow(f"{text} is not an amount", field=key) from None
        if amount >= MAX_AMOUNT:
            raise InvalidRow(f"{text} is too large for an amount in hryvnias", field=key)
        return amount.quantize(Decimal("0.01"))

    def flag(self, key: str) -> bool | None:
        """Return a cell as yes or no (так/ні, yes/no, true/false, 1/0), or None when it is empty."""
        value = self.value(key)
        if isinstance(value, bool):
            return value
        text = self.text(key).casefold()
        if not text:
            return None
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise InvalidRow(f"{text} is not yes or no; write так or ні (yes or no)", field=key)

    def choice(self, key: str, codelist: type[models.TextChoices], *, required: bool = False) -> str:
        """Return a cell as a code of a codelist, given as the code or as its Ukrainian name."""
        text = self.text(key, required=required)
        if not text:
            return ""
        wanted = header_key(text)
        for code, name in codelist.choices:
            if wanted in {header_key(code), header_key(str(name))}:
                return str(code)
        raise InvalidRow(
            f"{text} is not a code of this column; use one of {', '.join(codelist.values)} (or its Ukrainian name)",
            field=key,
        )

    def words(self, key: str) -> list[str]:
        """Return a cell holding several values: a JSON list, or text separated by commas, semicolons or spaces."""
        value = self.value(key)
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise InvalidRow(f"{_shown(value)} is not a list of text", field=key)
            return [item.strip() for item in value if item.strip()]
        return [word for word in re.split(r"[\s,;]+", self.text(key)) if word]


def _shown(value: Any) -> str:
    return orjson.dumps(value, default=str).decode()

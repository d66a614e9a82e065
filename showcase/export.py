"""The donor's portfolio as files: CSV for any tool (UTF-8 with a BOM, so Excel reads Cyrillic) and XLSX."""

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter

from showcase.portfolio import PortfolioRow

# Each column: its heading, and how a row gives its value.
COLUMNS: tuple[tuple[str, Callable[[PortfolioRow], Any]], ...] = (
    ("project", lambda row: row.pledge.project.code),
    ("project_title", lambda row: row.pledge.project.title_uk),
    ("pledge", lambda row: row.pledge.pk),
    ("source_category", lambda row: row.pledge.source_category),
    ("pledged_on", lambda row: row.pledge.pledged_on),
    ("currency", lambda row: row.pledge.currency),
    ("pledged", lambda row: row.pledge.amount),
    ("pledged_uah", lambda row: row.pledged_uah),
    ("proposed", lambda row: row.proposed),
    ("committed", lambda row: row.committed),
    ("committed_uah", lambda row: row.committed_uah),
    ("disbursed", lambda row: row.disbursed),
    ("disbursed_uah", lambda row: row.disbursed_uah),
    ("project_contracted_uah", lambda row: row.project_contracted_uah),
    ("project_paid_uah", lambda row: row.project_paid_uah),
    ("project_funding_gap_uah", lambda row: row.project_gap_uah),
    ("stage", lambda row: row.stage),
)
HEADINGS = [heading for heading, _ in COLUMNS]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def portfolio_csv(rows: list[PortfolioRow]) -> bytes:
    """Return the rows as CSV: UTF-8 with a byte order mark, amounts with a dot and two decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow([_text(value(row)) for _, value in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def portfolio_xlsx(rows: list[PortfolioRow]) -> bytes:
    """Return the rows as an XLSX workbook of one sheet: amounts as numbers, days as dates."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("portfolio")
    money = workbook.add_format({"num_format": "#,##0.00"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, HEADINGS, bold)
    for number, row in enumerate(rows, start=1):
        for column, (_, value) in enumerate(COLUMNS):
            cell = value(row)
            if isinstance(cell, Decimal):
                sheet.write_number(number, column, float(cell), money)
            elif isinstance(cell, date):
                sheet.write_datetime(number, column, cell, day)
            elif cell is None:
                sheet.write_blank(number, column, None)
            else:
                sheet.write(number, column, cell)
    sheet.freeze_panes(1, 0)
    sheet.autofit()
    workbook.close()
    return buffer.getvalue()

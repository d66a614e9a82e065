"""The official exchange rates of the National Bank of Ukraine: read from its own files, kept by day, looked up."""

import bisect
import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from django.db import transaction
from django.db.models import DateField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from audit.services import record_event
from finance.exceptions import InvalidRatesFile
from finance.models import ExchangeRate

# The CSV columns each fact may come under: the names of the National Bank's JSON and XML, and the headings of the
# table its site exports.
CSV_COLUMNS = {
    "currency": ("cc", "Код літерний", "Буквений код"),
    "on": ("exchangedate", "Дата"),
    "rate": ("rate", "Офіційний курс гривні, грн", "Офіційний курс гривні, грн.", "Офіційний курс"),
    "units": ("Кількість одиниць", "Кількість одиниць валюти"),
}
RATE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class RateRow:
    """One rate read from a file: hryvnias for one unit of a currency on a day."""

    currency: str
    on: date
    uah_per_unit: Decimal


@dataclass
class RatesFile:
    """What a file holds: the rates read, and each row that could not be read, named by its place and reason."""

    rows: list[RateRow] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@dataclass
class RatesReport:
    """What loading a file did."""

    source: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)


def _date(text: str) -> date:
    """Read the National Bank's day (DD.MM.YYYY), or an ISO day."""
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day, not a moment.
        except ValueError:
            continue
    raise ValueError(f"the date {text!r} is neither DD.MM.YYYY nor YYYY-MM-DD")


def _row(record: dict[str, Any]) -> RateRow:
    """Read one record with the keys of the National Bank's JSON and XML (cc, exchangedate, rate)."""
    currency = str(record.get("cc") or "").strip().upper()
    if len(currency) != 3 or not currency.isascii() or not currency.isalpha():  # noqa: PLR2004 - ISO 4217 length.
        raise ValueError(f"the currency code {currency!r} is not three Latin letters")
    try:
        rate = Decimal(str(record.get("rate", "")).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"the rate {record.get('rate')!r} of {currency} is not a number") from None
    units = Decimal(str(record.get("units") or 1).strip().replace(",", "."))
    if not rate.is_finite() or rate <= 0 or units <= 0:
        raise ValueError(f"the rate {record.get('rate')!r} of {currency} is not above zero")
    return RateRow(currency=currency, on=_date(str(record.get("exchangedate", ""))), uah_per_unit=rate / units)


def _collect(records: Iterable[tuple[str, dict[str, Any]]], into: RatesFile) -> RatesFile:
    for place, record in records:
        try:
            into.rows.append(_row(record))
        except (ValueError, InvalidOperation) as error:
            into.refused.append(f"{place}: {error}")
    return into


def read_json(content: bytes) -> RatesFile:
    """Read the National Bank's JSON: a list of objects with r030, txt, rate, cc and exchangedate."""
    try:
        # Decimal, not float: a rate such as 41.2345 must be kept exactly as published.
        data = json.loads(content, parse_float=Decimal)
    except ValueError as error:
        raise InvalidRatesFile(f"The file is not JSON: {error}.") from error
    if not isinstance(data, list):
        raise InvalidRatesFile("The JSON file must hold a list of rates, as the National Bank serves it.")
    records = []
    refused = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            records.append((f"item {number}", item))
        else:
            refused.append(f"item {number}: not an object with cc, rate and exchangedate")
    return _collect(records, RatesFile(refused=refused))


def read_xml(content: bytes) -> RatesFile:
    """Read the National Bank's XML: <exchange> holding <currency> elements with the JSON's names."""
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise InvalidRatesFile(f"The file is not well-formed XML: {error}.") from error
    records = [
        (f"<currency> {number}", {child.tag: (child.text or "") for child in element})
        for number, element in enumerate(root.iter("currency"), start=1)
    ]
    if not records:
        raise InvalidRatesFile("The XML file holds no <currency> element, as the National Bank's <exchange> does.")
    return _collect(records, RatesFile())


def read_csv(content: bytes) -> RatesFile:
    """Read a CSV with a heading row: the JSON's names (cc, rate, exchangedate), or the site's Ukrainian headings."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidRatesFile("The CSV file is not UTF-8 text.") from error
    # The heading row tells the delimiter: the site's Ukrainian headings hold a comma, so count rather than sniff.
    heading = text.splitlines()[0] if text else ""
    delimiter = max(";,\t", key=heading.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headings = {name.strip(): name for name in reader.fieldnames or []}
    columns = {}
    for fact, names in CSV_COLUMNS.items():
        found = next((headings[name] for name in names if name in headings), None)
        if found is not None:
            columns[fact] = found
    missing = [CSV_COLUMNS[fact][0] for fact in ("currency", "on", "rate") if fact not in columns]
    if missing:
        raise InvalidRatesFile(f"The CSV file has no column {', '.join(missing)} (or its Ukrainian heading).")
    records = [
        (
            f"line {reader.line_num}",
            {
                "cc": row.get(columns["currency"]) or "",
                "exchangedate": row.get(columns["on"]) or "",
                "rate": row.get(columns["rate"]) or "",
                "units": (row.get(columns["units"]) or "1") if "units" in columns else "1",
            },
        )
        for row in reader
    ]
    return _collect(records, RatesFile())


def read_rates(content: bytes, *, name: str = "") -> RatesFile:
    """Read a rates file in any of the National Bank's formats, told by its extension or else by its first byte."""
    suffix = Path(name).suffix.lower()
    start = content.lstrip()[:1]
    if suffix == ".json" or (not suffix and start == b"["):
        return read_json(content)
    if suffix == ".xml" or (not suffix and start == b"<"):
        return read_xml(content)
    if suffix in {".csv", ".txt", ""}:
        return read_csv(content)
    raise InvalidRatesFile(f"{name} is not a JSON, XML or CSV file of the National Bank's rates.")


def load_rates(path: Path) -> RatesReport:
    """Upsert every rate of a National Bank file; record one audit event naming what changed, if anything did."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise InvalidRatesFile(f"Cannot read {path}: {error.strerror}.") from error
    read = read_rates(content, name=path.name)
    return store_rates(read.rows, source=path.name, refused=read.refused)


def store_rates(rows: list[RateRow], *, source: str, refused: list[str] | None = None) -> RatesReport:
    """Upsert rates in one transaction: a new day is created, a corrected rate replaced, an equal one left alone."""
    report = RatesReport(source=source, refused=list(refused or []))
    latest = {(row.currency, row.on): row for row in rows}
    corrections = []
    with transaction.atomic():
        held = {
            (rate.currency, rate.on): rate
            for rate in ExchangeRate.objects.select_for_update().filter(
                currency__in={currency for currency, _ in latest}, on__in={on for _, on in latest}
            )
        }
        new = []
        for key, row in latest.items():
            value = row.uah_per_unit.quantize(RATE_PLACES)
            rate = held.get(key)
            if rate is None:
                new.append(ExchangeRate(currency=row.currency, on=row.on, uah_per_unit=value, source=source))
            elif rate.uah_per_unit != value:
                corrections.append(
                    {"currency": row.currency, "on": row.on, "before": rate.uah_per_unit, "after": value}
                )
                rate.uah_per_unit = value
                rate.source = source
                rate.save(update_fields=["uah_per_unit", "source"])
            else:
                report.unchanged += 1
        ExchangeRate.objects.bulk_create(new)
        report.created = len(new)
        report.changed = len(corrections)

        if report.created or report.changed:
            days = sorted({on for _, on in latest})
            record_event(
                actor=None,
                action="exchange_rates.loaded",
                object_type="exchange_rates",
                object_id=source,
                after={
                    "source": source,
                    "created": report.created,
                    "changed": report.changed,
                    "unchanged": report.unchanged,
                    "first_day": days[0],
                    "last_day": days[-1],
                    "corrections": corrections,
                },
            )
    return report


@dataclass(frozen=True)
class Conversion:
    """An amount converted to hryvnias, with the day of the rate used (which may be earlier than the amount's)."""

    uah: Decimal | None
    rate: Decimal | None
    rate_on: date | None
    message: str = ""


class RateBook:
    """The rates of a few currencies held in memory, so a whole chain converts with one query."""

    def __init__(self, currencies: Iterable[str], until: date | None, *, since: date | None = None) -> None:
        """Load the rates of the currencies up to a day (the latest day an amount needs), in one query.

        With ``since`` (the earliest day an amount needs), the rates before it are left out but for the latest one on
        or before it, which is all a conversion can fall back on.
        """
        self._rates: dict[str, list[tuple[date, Decimal]]] = {}
        wanted = {currency for currency in currencies if currency != "UAH"}
        if not wanted or until is None:
            return
        held = ExchangeRate.objects.filter(currency__in=wanted, on__lte=until)
        if since is not None:
            fallback = (
                ExchangeRate.objects.filter(currency=OuterRef("currency"), on__lte=since)
                .order_by("-on")
                .values("on")[:1]
            )
            held = held.filter(on__gte=Coalesce(Subquery(fallback), Value(since), output_field=DateField()))
        for currency, on, value in held.order_by("currency", "on").values_list("currency", "on", "uah_per_unit"):
            self._rates.setdefault(currency, []).append((on, value))

    def convert(self, amount: Decimal, currency: str, on: date | None) -> Conversion:
        """Convert at the rate of the day, or the latest earlier one, saying which day it used."""
        if currency == "UAH":
            return Conversion(uah=amount, rate=Decimal(1), rate_on=on)
        if on is None:
            return Conversion(None, None, None, f"{amount} {currency} has no date to take a rate for.")
        days = self._rates.get(currency, [])
        position = bisect.bisect_right(days, on, key=lambda item: item[0])
        if position == 0:
            return Conversion(
                None, None, None, f"No official rate of {currency} is held for {on.isoformat()} or any earlier day."
            )
        rate_on, rate = days[position - 1]
        message = "" if rate_on == on else f"No rate of {currency} for {on.isoformat()}; used {rate_on.isoformat()}."
        return Conversion(uah=(amount * rate).quantize(Decimal("0.01")), rate=rate, rate_on=rate_on, message=message)

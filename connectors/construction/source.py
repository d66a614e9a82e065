"""ЄДЕССБ's export: its columns, and how a row of it reads as the facts of one permit or certificate."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.utils import timezone
from stdnum.ua import edrpou

from connectors.construction.codes import CLASSES_OF_KIND, COMPLETING, ConsequenceClass, DocumentKind
from connectors.construction.exceptions import InvalidConstructionDocument
from connectors.damage.exports import Column, Columns, ExportFile, Row, SourceRecord

REGISTRATION_NUMBER = re.compile(r"[А-ЯІЇЄҐ]{2}\d{12}")
# Latin capitals that look like Cyrillic ones, typed by mistake in a number's letters.
LOOK_ALIKES = str.maketrans("ABCEHIKMOPTXY", "АВСЕНІКМОРТХУ")
CONSEQUENCE_CLASS = re.compile(r"CC([123])")

COLUMNS = Columns(
    Column("registration_number", "Реєстраційний номер", required=True),
    Column("kind", "Вид документа", required=True),
    Column("consequence_class", "Клас наслідків", required=True),
    Column("object_name", "Назва об'єкта", required=True),
    Column("katottg", "Код КАТОТТГ", required=True),
    Column("address", "Адреса"),
    Column("issued_on", "Дата видачі", required=True),
    Column("valid_until", "Дійсний до"),
    Column("commissioned_on", "Дата прийняття в експлуатацію"),
    Column("issuing_authority", "Орган, що видав", required=True),
    Column("issuing_authority_edrpou", "Код ЄДРПОУ органу"),
    Column("project_code", "Код проєкту DREAM"),
    Column("damaged_asset_register_id", "Ідентифікатор пошкодженого об'єкта"),
)


class ConstructionSource(Protocol):
    """ЄДЕССБ as DREAM reads it: its export files today, an API once the system offers one."""

    @property
    def name(self) -> str:
        """Return what provenance and messages cite: a file's name, or an address."""
        ...

    def records(self) -> Iterator[SourceRecord]:
        """Yield the system's rows in order, from the start at each call."""
        ...


class FileConstructionSource(ExportFile):
    """An export file of ЄДЕССБ: CSV, XLSX or JSON, the format named or told by the extension."""


@dataclass(frozen=True)
class DocumentFacts:
    """What ЄДЕССБ says about one document, read from a row."""

    registration_number: str
    kind: str
    consequence_class: str
    object_name: str
    katottg: str
    address: str
    issued_on: date
    valid_until: date | None
    commissioned_on: date | None
    issuing_authority: str
    issuing_authority_edrpou: str = ""
    project_code: str = ""
    damaged_asset_register_id: str = ""

    @property
    def identity(self) -> str:
        """Return the document's registration number."""
        return self.registration_number


def registration_number_of(text: str) -> str:
    """Return a registration number as kept: spaces and hyphens dropped, its letters Cyrillic capitals."""
    compact = re.sub(r"[\s-]+", "", text).upper()
    return compact[:2].translate(LOOK_ALIKES) + compact[2:]


def consequence_class_of(text: str) -> str:
    """Return a class of consequences as kept (CC1, CC2, CC3), from Latin or Cyrillic letters."""
    compact = re.sub(r"\s+", "", text).upper().replace("С", "C")
    match = CONSEQUENCE_CLASS.fullmatch(compact)
    return f"CC{match[1]}" if match else ""


def read_document(row: Row) -> DocumentFacts:
    """Read a row of ЄДЕССБ's export as a document's facts, or refuse it naming the column that is wrong."""
    written = row.text("registration_number", required=True)
    number = registration_number_of(written)
    if not REGISTRATION_NUMBER.fullmatch(number):
        raise InvalidConstructionDocument(
            f"{written} is not an ЄДЕССБ registration number: two Cyrillic letters and 12 digits, such as "
            "ІУ013230712345",
            field="registration_number",
        )
    kind = row.choice("kind", DocumentKind, required=True)

    written = row.text("consequence_class", required=True)
    consequence_class = consequence_class_of(written)
    if not consequence_class:
        raise InvalidConstructionDocument(
            f"{written} is not a class of consequences; write CC1, CC2 or CC3", field="consequence_class"
        )
    if consequence_class not in CLASSES_OF_KIND[DocumentKind(kind)]:
        allowed = " or ".join(sorted(CLASSES_OF_KIND[DocumentKind(kind)]))
        raise InvalidConstructionDocument(
            f"a {DocumentKind(kind).label.lower()} is for {allowed} works, not {consequence_class}",
            field="consequence_class",
        )

    issued_on = row.day("issued_on", required=True)
    assert issued_on is not None  # noqa: S101 - a required date is a date.
    if issued_on > timezone.localdate():
        raise InvalidConstructionDocument(f"{issued_on} is in the future", field="issued_on")
    valid_until = row.day("valid_until")
    if valid_until is not None and valid_until < issued_on:
        raise InvalidConstructionDocument(
            f"{valid_until} is before the document was issued, on {issued_on}", field="valid_until"
        )
    commissioned_on = row.day("commissioned_on")
    if commissioned_on is not None and kind not in COMPLETING:
        raise InvalidConstructionDocument(
            "only a declaration of readiness or a commissioning certificate has a commissioning date",
            field="commissioned_on",
        )

    code = row.text("issuing_authority_edrpou")
    if code and not edrpou.is_valid(code):
        raise InvalidConstructionDocument(
            f"{code} is not an EDRPOU code: eight digits with a valid check digit", field="issuing_authority_edrpou"
        )
    return DocumentFacts(
        registration_number=number,
        kind=kind,
        consequence_class=ConsequenceClass(consequence_class).value,
        object_name=row.text("object_name", required=True),
        katottg=row.katottg("katottg"),
        address=row.text("address"),
        issued_on=issued_on,
        valid_until=valid_until,
        commissioned_on=commissioned_on,
        issuing_authority=row.text("issuing_authority", required=True),
        issuing_authority_edrpou=code,
        project_code=row.text("project_code").upper(),
        damaged_asset_register_id=row.text("damaged_asset_register_id"),
    )

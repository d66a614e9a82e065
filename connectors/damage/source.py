"""The damage register's export: its columns, and how a row of it reads as the facts of one damaged asset."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.utils import timezone

from connectors.damage.codes import DamageCategory, ObjectType
from connectors.damage.exceptions import InvalidAsset
from connectors.damage.exports import Column, Columns, ExportFile, Row, SourceRecord

REGISTER_ID = re.compile(r"\S{1,64}")
# The full-scale invasion was preceded by the occupation of Crimea: the register's earliest damage dates from then.
EARLIEST_DAMAGE = date(2014, 2, 20)

COLUMNS = Columns(
    Column("register_id", "Ідентифікатор у реєстрі", required=True),
    Column("katottg", "Код КАТОТТГ", required=True),
    Column("address", "Адреса"),
    Column("object_type", "Тип об'єкта", required=True),
    Column("damage_category", "Категорія пошкодження", required=True),
    Column("damaged_on", "Дата пошкодження", required=True),
    Column("estimated_loss_uah", "Орієнтовні збитки, грн"),
    Column("project_codes", "Коди проєктів DREAM"),
    Column("owner_is_private", "Власник — фізична особа"),
)


class DamageSource(Protocol):
    """The damage register as DREAM reads it: its export files today, an API once the register offers one."""

    @property
    def name(self) -> str:
        """Return what provenance and messages cite: a file's name, or an address."""
        ...

    def records(self) -> Iterator[SourceRecord]:
        """Yield the register's rows in order, from the start at each call."""
        ...


class FileDamageSource(ExportFile):
    """An export file of the damage register: CSV, XLSX or JSON, the format named or told by the extension."""


@dataclass(frozen=True)
class AssetFacts:
    """What the register says about one damaged asset, read from a row."""

    register_id: str
    katottg: str
    address: str
    object_type: str
    damage_category: str
    damaged_on: date
    estimated_loss_uah: Decimal | None
    owner_is_private: bool
    project_codes: tuple[str, ...] = ()

    @property
    def identity(self) -> str:
        """Return the asset's identifier in the register."""
        return self.register_id


def read_asset(row: Row) -> AssetFacts:
    """Read a row of the register's export as an asset's facts, or refuse it naming the column that is wrong."""
    register_id = row.text("register_id", required=True)
    if not REGISTER_ID.fullmatch(register_id):
        raise InvalidAsset(
            f"{register_id} is not a register identifier: at most 64 characters, no spaces", field="register_id"
        )
    katottg = row.katottg("katottg")
    object_type = row.choice("object_type", ObjectType, required=True)
    damage_category = row.choice("damage_category", DamageCategory, required=True)

    damaged_on = row.day("damaged_on", required=True)
    assert damaged_on is not None  # noqa: S101 - a required date is a date.
    if damaged_on > timezone.localdate():
        raise InvalidAsset(f"{damaged_on} is in the future", field="damaged_on")
    if damaged_on < EARLIEST_DAMAGE:
        raise InvalidAsset(
            f"{damaged_on} is before {EARLIEST_DAMAGE}, when the armed aggression against Ukraine began",
            field="damaged_on",
        )

    # A private house belongs to a private person unless the register says otherwise: its address is not published.
    private = row.flag("owner_is_private")
    return AssetFacts(
        register_id=register_id,
        katottg=katottg,
        address=row.text("address"),
        object_type=object_type,
        damage_category=damage_category,
        damaged_on=damaged_on,
        estimated_loss_uah=row.amount("estimated_loss_uah"),
        owner_is_private=object_type == ObjectType.PRIVATE_HOUSE if private is None else private,
        project_codes=tuple(sorted({code.upper() for code in row.words("project_codes")})),
    )

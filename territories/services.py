"""Writes to the codifier: loading an edition, idempotently."""

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from translitua import translit

from audit.services import record_event
from territories.codifier import CodifierUnit, bundled_codifier_path, edition_date_of, read_codifier
from territories.exceptions import CodifierFileError
from territories.models import LEVEL, PREFIX_LENGTH, CodifierEdition, Territory

logger = logging.getLogger(__name__)

UNIT_FIELDS = ["category", "name_uk", "name_en", "parent_id", "level", "prefix", "search_name", "is_current"]


@dataclass(frozen=True)
class LoadSummary:
    """What one load of the codifier changed."""

    edition: CodifierEdition

    def __str__(self) -> str:
        edition = self.edition
        return (
            f"KATOTTG edition {edition.edition_date}: {edition.unit_count} units, {edition.created} new, "
            f"{edition.updated} changed, {edition.retired} retired."
        )


def _read_whole_edition(source: Path) -> dict[str, CodifierUnit]:
    """Read every unit of a file and check that the edition is whole: codes unique, every parent listed."""
    units: dict[str, CodifierUnit] = {}
    for unit in read_codifier(source):
        if unit.code in units:
            raise CodifierFileError(f"{source.name}: the code {unit.code} appears twice.")
        units[unit.code] = unit
    if not units:
        raise CodifierFileError(f"{source.name}: the file lists no units; a codifier edition lists every unit.")
    for unit in units.values():
        if unit.parent_code is not None and unit.parent_code not in units:
            raise CodifierFileError(
                f"{source.name}: {unit.code} names a parent {unit.parent_code} that is not listed."
            )
    return units


def load_codifier(path: Path | None = None, *, edition_date: date | None = None) -> LoadSummary:
    """Load a codifier edition, creating new units, updating changed ones and retiring those no longer listed."""
    source = path or bundled_codifier_path()
    edition_date = edition_date or edition_date_of(source)
    if edition_date is None:
        raise CodifierFileError(
            f"{source.name}: the edition date is not in the file; give it with --edition YYYY-MM-DD."
        )

    # Read and check the whole file before writing anything, so a bad row leaves the database untouched.
    units = _read_whole_edition(source)

    with transaction.atomic():
        existing = {territory.code: territory for territory in Territory.objects.all()}
        new: list[Territory] = []
        changed: list[Territory] = []
        for unit in units.values():
            name_en = translit(unit.name)
            fields = {
                "category": unit.category,
                "name_uk": unit.name,
                "name_en": name_en,
                "parent_id": unit.parent_code,
                "level": LEVEL[unit.category],
                "prefix": unit.code[: PREFIX_LENGTH[unit.category]],
                "search_name": f"{unit.name} {name_en}".casefold(),
                "is_current": True,
            }
            territory = existing.get(unit.code)
            if territory is None:
                new.append(Territory(code=unit.code, **fields))
            elif any(getattr(territory, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(territory, name, value)
                changed.append(territory)

        # Parents come before their children in every edition, and sorting by level keeps it so.
        new.sort(key=lambda territory: territory.level)
        Territory.objects.bulk_create(new, batch_size=2000)
        Territory.objects.bulk_update(changed, UNIT_FIELDS, batch_size=2000)
        retired_codes = [code for code, territory in existing.items() if territory.is_current and code not in units]
        retired_count = (
            Territory.objects.filter(code__in=retired_codes).update(is_current=False) if retired_codes else 0
        )

        edition = CodifierEdition.objects.create(
            edition_date=edition_date,
            source=source.name,
            unit_count=len(units),
            created=len(new),
            updated=len(changed),
            retired=retired_count,
        )
        record_event(
            actor=None,
            action="territories.codifier_loaded",
            object_type="codifier_edition",
            object_id=str(edition.pk),
            after={
                "edition_date": edition_date,
                "source": source.name,
                "unit_count": len(units),
                "created": len(new),
                "updated": len(changed),
                "retired": retired_count,
            },
        )
    logger.info("Loaded KATOTTG edition %s: %s units", edition_date, len(units))
    return LoadSummary(edition)

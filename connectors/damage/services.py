"""Every write about damaged assets: each row of the register's export recorded once, audited, with its payload."""

from pathlib import Path
from typing import Any

from django.db import transaction

from accounts.models import User
from audit.services import record_event
from connectors.damage.exceptions import InvalidAsset
from connectors.damage.importing import Importer, ImportReport, Progress, Provenance, RowOutcome, run_import
from connectors.damage.models import DamagedAsset
from connectors.damage.source import COLUMNS, AssetFacts, DamageSource, FileDamageSource, read_asset
from connectors.services import keep_raw
from projects.models import Project
from territories.models import Territory

SYSTEM = "damage"
KIND = "asset"


def _state(asset: DamagedAsset) -> dict[str, Any]:
    """Return what an asset's audit event records of it."""
    return {
        "katottg": asset.territory_id,
        "address": asset.address,
        "object_type": asset.object_type,
        "damage_category": asset.damage_category,
        "damaged_on": asset.damaged_on,
        "estimated_loss_uah": asset.estimated_loss_uah,
        "owner_is_private": asset.owner_is_private,
        "project_codes": sorted(project.code for project in asset.projects.all()),
    }


def _projects(codes: tuple[str, ...], *, field: str) -> list[Project]:
    """Return the projects with these codes, or refuse the first code no project has."""
    projects = {project.code: project for project in Project.objects.filter(code__in=codes)}
    for code in codes:
        if code not in projects:
            raise InvalidAsset(f"{code} is not the code of a DREAM project", field=field)
    return [projects[code] for code in codes]


def record_damaged_asset(
    facts: AssetFacts, *, provenance: Provenance, actor: User | None = None
) -> tuple[DamagedAsset, RowOutcome]:
    """Record an asset as the register gives it; the same facts again change nothing and record no event.

    The row is kept as received (its provenance) in the same transaction. A changed asset is updated and its audit
    event holds the values before and after; the event is not public when a private person owns the asset.
    """
    with transaction.atomic():
        territory = Territory.objects.filter(code=facts.katottg).first()
        if territory is None:
            raise InvalidAsset(f"{facts.katottg} is not a KATOTTG code in the codifier", field="katottg")
        projects = _projects(facts.project_codes, field="project_codes")

        asset = DamagedAsset.objects.select_for_update().filter(register_id=facts.register_id).first()
        before = None if asset is None else _state(asset)
        after: dict[str, Any] = {
            "katottg": territory.code,
            "address": facts.address,
            "object_type": facts.object_type,
            "damage_category": facts.damage_category,
            "damaged_on": facts.damaged_on,
            "estimated_loss_uah": facts.estimated_loss_uah,
            "owner_is_private": facts.owner_is_private,
            "project_codes": sorted(facts.project_codes),
        }
        keep_raw(system=SYSTEM, kind=KIND, external_id=facts.register_id, body=provenance.text, url=provenance.url)
        if asset is not None and before == after:
            return asset, RowOutcome.UNCHANGED

        private = facts.owner_is_private or (asset is not None and asset.owner_is_private)
        event = record_event(
            actor=actor,
            action="damage.asset_changed" if asset else "damage.asset_recorded",
            object_type="damaged_asset",
            object_id=facts.register_id,
            before=before,
            after={**after, "source": provenance.url},
            is_public=not private,
        )
        outcome = RowOutcome.UPDATED if asset else RowOutcome.CREATED
        asset = asset or DamagedAsset(register_id=facts.register_id)
        asset.territory = territory
        asset.address = facts.address
        asset.object_type = facts.object_type
        asset.damage_category = facts.damage_category
        asset.damaged_on = facts.damaged_on
        asset.estimated_loss_uah = facts.estimated_loss_uah
        asset.owner_is_private = facts.owner_is_private
        asset.source_file = provenance.source
        asset.source_row = provenance.position
        asset.updated_at = event.occurred_at
        asset.save()
        asset.projects.set(projects)
    return asset, outcome


def _write(facts: AssetFacts, provenance: Provenance) -> RowOutcome:
    return record_damaged_asset(facts, provenance=provenance)[1]


DAMAGE_IMPORTER = Importer(
    system=SYSTEM, kind=KIND, columns=COLUMNS, identity_column="register_id", read=read_asset, write=_write
)


def import_damage(source: DamageSource, *, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Import the damage register's records from a source; with ``dry_run`` check them and write nothing."""
    return run_import(source, DAMAGE_IMPORTER, dry_run=dry_run, progress=progress)


def import_damage_file(path: Path, *, export_format: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import an export file of the damage register."""
    return import_damage(FileDamageSource(path, export_format=export_format), dry_run=dry_run)

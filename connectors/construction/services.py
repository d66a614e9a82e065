"""Every write about ЄДЕССБ's documents: each row of its export recorded once, audited, with its payload."""

from pathlib import Path
from typing import Any

from django.db import transaction

from accounts.models import User
from audit.services import record_event
from connectors.construction.exceptions import InvalidConstructionDocument
from connectors.construction.models import ConstructionDocument
from connectors.construction.source import (
    COLUMNS,
    ConstructionSource,
    DocumentFacts,
    FileConstructionSource,
    read_document,
)
from connectors.damage.importing import Importer, ImportReport, Progress, Provenance, RowOutcome, run_import
from connectors.damage.models import DamagedAsset
from connectors.services import keep_raw
from projects.models import Project
from territories.models import Territory

SYSTEM = "construction"
KIND = "document"
# The fields a document keeps exactly as its row gives them.
FIELDS_AS_GIVEN = (
    "kind",
    "consequence_class",
    "object_name",
    "address",
    "issued_on",
    "valid_until",
    "commissioned_on",
    "issuing_authority",
    "issuing_authority_edrpou",
)


def _state(document: ConstructionDocument) -> dict[str, Any]:
    """Return what a document's audit event records of it."""
    return {
        "kind": document.kind,
        "consequence_class": document.consequence_class,
        "object_name": document.object_name,
        "katottg": document.territory_id,
        "address": document.address,
        "issued_on": document.issued_on,
        "valid_until": document.valid_until,
        "commissioned_on": document.commissioned_on,
        "issuing_authority": document.issuing_authority,
        "issuing_authority_edrpou": document.issuing_authority_edrpou,
        "project_code": document.project.code if document.project else "",
        "damaged_asset_register_id": document.damaged_asset.register_id if document.damaged_asset else "",
    }


def record_construction_document(
    facts: DocumentFacts, *, provenance: Provenance, actor: User | None = None
) -> tuple[ConstructionDocument, RowOutcome]:
    """Record a document as ЄДЕССБ gives it; the same facts again change nothing and record no event.

    The row is kept as received (its provenance) in the same transaction. A changed document is updated and its
    audit event holds the values before and after; the event is not public when the works restore an asset a private
    person owns.
    """
    with transaction.atomic():
        territory = Territory.objects.filter(code=facts.katottg).first()
        if territory is None:
            raise InvalidConstructionDocument(
                f"{facts.katottg} is not a KATOTTG code in the codifier", field="katottg"
            )
        project = None
        if facts.project_code:
            project = Project.objects.filter(code=facts.project_code).first()
            if project is None:
                raise InvalidConstructionDocument(
                    f"{facts.project_code} is not the code of a DREAM project", field="project_code"
                )
        asset = None
        if facts.damaged_asset_register_id:
            asset = DamagedAsset.objects.filter(register_id=facts.damaged_asset_register_id).first()
            if asset is None:
                raise InvalidConstructionDocument(
                    f"{facts.damaged_asset_register_id} is not the identifier of a damaged asset imported from the "
                    "damage register; import the register's file first",
                    field="damaged_asset_register_id",
                )

        document = (
            ConstructionDocument.objects.select_for_update(of=("self",))
            .select_related("project", "damaged_asset")
            .filter(registration_number=facts.registration_number)
            .first()
        )
        before = None if document is None else _state(document)
        after: dict[str, Any] = {
            "kind": facts.kind,
            "consequence_class": facts.consequence_class,
            "object_name": facts.object_name,
            "katottg": territory.code,
            "address": facts.address,
            "issued_on": facts.issued_on,
            "valid_until": facts.valid_until,
            "commissioned_on": facts.commissioned_on,
            "issuing_authority": facts.issuing_authority,
            "issuing_authority_edrpou": facts.issuing_authority_edrpou,
            "project_code": facts.project_code,
            "damaged_asset_register_id": facts.damaged_asset_register_id,
        }
        keep_raw(
            system=SYSTEM,
            kind=KIND,
            external_id=facts.registration_number,
            body=provenance.text,
            url=provenance.url,
        )
        if document is not None and before == after:
            return document, RowOutcome.UNCHANGED

        private = any(
            restored is not None and restored.owner_is_private
            for restored in (asset, document.damaged_asset if document else None)
        )
        event = record_event(
            actor=actor,
            action="construction.document_changed" if document else "construction.document_recorded",
            object_type="construction_document",
            object_id=facts.registration_number,
            before=before,
            after={**after, "source": provenance.url},
            is_public=not private,
        )
        outcome = RowOutcome.UPDATED if document else RowOutcome.CREATED
        document = document or ConstructionDocument(registration_number=facts.registration_number)
        for name in FIELDS_AS_GIVEN:
            setattr(document, name, getattr(facts, name))
        document.territory = territory
        document.project = project
        document.damaged_asset = asset
        document.source_file = provenance.source
        document.source_row = provenance.position
        document.updated_at = event.occurred_at
        document.save()
    return document, outcome


def _write(facts: DocumentFacts, provenance: Provenance) -> RowOutcome:
    return record_construction_document(facts, provenance=provenance)[1]


CONSTRUCTION_IMPORTER = Importer(
    system=SYSTEM,
    kind=KIND,
    columns=COLUMNS,
    identity_column="registration_number",
    read=read_document,
    write=_write,
)


def import_construction(
    source: ConstructionSource, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import ЄДЕССБ's records from a source; with ``dry_run`` check them and write nothing."""
    return run_import(source, CONSTRUCTION_IMPORTER, dry_run=dry_run, progress=progress)


def import_construction_file(path: Path, *, export_format: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import an export file of ЄДЕССБ."""
    return import_construction(FileConstructionSource(path, export_format=export_format), dry_run=dry_run)

"""Importing ЄДЕССБ's export: permits and certificates recorded once each, bad rows quarantined, the rest imported."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEvent
from connectors.construction.codes import DocumentKind
from connectors.construction.models import ConstructionDocument
from connectors.construction.services import import_construction_file
from connectors.construction.source import COLUMNS
from connectors.damage.exceptions import UnreadableExport
from connectors.damage.services import import_damage_file
from connectors.models import Quarantined, RawDocument
from tests.connectors.construction.conftest import document_row, three_documents
from tests.connectors.damage.conftest import asset_row
from tests.connectors.damage.files import write_csv, write_export
from tests.factories import BUCHA_CITY

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int, int]:
    return (
        ConstructionDocument.objects.count(),
        AuditEvent.objects.count(),
        RawDocument.objects.filter(system="construction").count(),
        Quarantined.objects.filter(system="construction").count(),
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_each_format_imports_every_row_with_its_provenance(tmp_path, suffix, project):
    import_damage_file(write_csv(tmp_path / "damage.csv", [asset_row()]))
    rows = three_documents(project_code=project.code, damaged_asset_register_id="DA-2023-000101")
    path = write_export(tmp_path / f"construction{suffix}", rows)

    report = import_construction_file(path)

    assert report.counts() == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "refused": 0}
    certificate = ConstructionDocument.objects.get(registration_number="ІУ123231115432")
    assert certificate.kind == DocumentKind.COMMISSIONING_CERTIFICATE
    assert certificate.consequence_class == "CC3"
    assert certificate.territory_id == BUCHA_CITY
    assert certificate.issued_on == date(2023, 11, 16)
    assert certificate.commissioned_on == date(2023, 11, 15)
    assert certificate.valid_until is None
    assert certificate.issuing_authority_edrpou == "44245840"
    assert certificate.project == project
    assert certificate.damaged_asset.register_id == "DA-2023-000101"
    first_row = 1 if suffix == ".json" else 2
    assert (certificate.source_file, certificate.source_row) == (f"construction{suffix}", first_row + 1)
    raw = RawDocument.objects.get(system="construction", kind="document", external_id="ІУ123231115432")
    assert raw.url == f"construction{suffix}#row {first_row + 1}"
    event = AuditEvent.objects.get(object_type="construction_document", object_id="ІУ123231115432")
    assert event.action == "construction.document_recorded"
    assert event.after["project_code"] == project.code


def test_ukrainian_column_names_and_codelist_names_are_read(tmp_path):
    row = document_row(kind="Дозвіл на виконання будівельних робіт", consequence_class="сс 2")
    ukrainian = {column.name_uk: row[column.key] for column in COLUMNS.columns}
    path = write_csv(tmp_path / "construction.csv", [ukrainian], delimiter=";", bom=True)

    report = import_construction_file(path)

    assert report.created == 1
    document = ConstructionDocument.objects.get()
    assert (document.kind, document.consequence_class) == ("construction_permit", "CC2")


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("ІУ013230712345", "ІУ013230712345"),
        ("ІУ 0132 3071 2345", "ІУ013230712345"),
        ("іу-013230712345", "ІУ013230712345"),
        ("IY013230712345", "ІУ013230712345"),
        ("ЗР013230712345", "ЗР013230712345"),
    ],
)
def test_registration_numbers_are_kept_in_one_form(tmp_path, written, kept):
    import_construction_file(write_csv(tmp_path / "construction.csv", [document_row(registration_number=written)]))

    assert ConstructionDocument.objects.get().registration_number == kept


FUTURE = (timezone.localdate() + timedelta(days=2)).isoformat()

BAD_CELLS = [
    ({"registration_number": ""}, "column registration_number: a value is required"),
    (
        {"registration_number": "ІУ0132307"},
        (
            "column registration_number: ІУ0132307 is not an ЄДЕССБ registration number: two Cyrillic letters and 12 "
            "digits, such as ІУ013230712345"
        ),
    ),
    (
        {"kind": "licence"},
        (
            "column kind: licence is not a code of this column; use one of construction_notice, construction_permit, "
            "readiness_declaration, commissioning_certificate (or its Ukrainian name)"
        ),
    ),
    (
        {"consequence_class": "CC4"},
        "column consequence_class: CC4 is not a class of consequences; write CC1, CC2 or CC3",
    ),
    (
        {"consequence_class": "CC1"},
        "column consequence_class: a сертифікат про прийняття в експлуатацію is for CC2 or CC3 works, not CC1",
    ),
    ({"object_name": ""}, "column object_name: a value is required"),
    ({"katottg": "UA12345"}, "column katottg: UA12345 is not a KATOTTG code in the codifier"),
    ({"katottg": "UA99999999999999999"}, "column katottg: UA99999999999999999 is not a KATOTTG code in the codifier"),
    ({"issued_on": "2023-13-01"}, "column issued_on: 2023-13-01 is not a date; write YYYY-MM-DD or DD.MM.YYYY"),
    ({"issued_on": FUTURE}, f"column issued_on: {FUTURE} is in the future"),
    (
        {"kind": "construction_permit", "commissioned_on": "", "valid_until": "2023-01-01"},
        "column valid_until: 2023-01-01 is before the document was issued, on 2023-11-16",
    ),
    (
        {"kind": "construction_permit"},
        (
            "column commissioned_on: only a declaration of readiness or a commissioning certificate has a "
            "commissioning date"
        ),
    ),
    ({"issuing_authority": ""}, "column issuing_authority: a value is required"),
    (
        {"issuing_authority_edrpou": "44245841"},
        "column issuing_authority_edrpou: 44245841 is not an EDRPOU code: eight digits with a valid check digit",
    ),
    (
        {"project_code": "DREAM-UA-010125-DEADBEEF"},
        "column project_code: DREAM-UA-010125-DEADBEEF is not the code of a DREAM project",
    ),
    (
        {"damaged_asset_register_id": "DA-404"},
        (
            "column damaged_asset_register_id: DA-404 is not the identifier of a damaged asset imported from the "
            "damage register; import the register's file first"
        ),
    ),
]


@pytest.mark.parametrize(("changes", "message"), BAD_CELLS)
def test_a_bad_cell_refuses_its_row_naming_row_and_column_and_the_rest_imports(tmp_path, changes, message):
    path = write_csv(tmp_path / "construction.csv", three_documents(**changes))

    report = import_construction_file(path)

    assert report.refused == [f"row 3, {message}"]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert sorted(ConstructionDocument.objects.values_list("registration_number", flat=True)) == [
        "ІУ013230712345",
        "ЗР013240101010",
    ]
    held = Quarantined.objects.get(system="construction", kind="document")
    assert (held.external_id, held.reason) == ("construction.csv#3", f"row 3, {message}")


def test_importing_the_same_file_twice_changes_nothing_and_records_no_event(tmp_path, project):
    path = write_csv(tmp_path / "construction.csv", three_documents(project_code=project.code))
    import_construction_file(path)
    written = _written()

    report = import_construction_file(path)

    assert report.counts() == {"rows": 3, "created": 0, "updated": 0, "unchanged": 3, "refused": 0}
    assert _written() == written


def test_a_changed_row_updates_its_document_with_the_values_before_and_after(tmp_path, project):
    import_construction_file(write_csv(tmp_path / "construction.csv", three_documents()))

    changed = three_documents(project_code=project.code, commissioned_on="2023-11-14")
    report = import_construction_file(write_csv(tmp_path / "construction-2.csv", changed))

    assert report.counts() == {"rows": 3, "created": 0, "updated": 1, "unchanged": 2, "refused": 0}
    certificate = ConstructionDocument.objects.get(registration_number="ІУ123231115432")
    assert certificate.project == project
    assert certificate.commissioned_on == date(2023, 11, 14)
    event = AuditEvent.objects.filter(object_id="ІУ123231115432").latest("position")
    assert event.action == "construction.document_changed"
    assert (event.before["project_code"], event.after["project_code"]) == ("", project.code)
    assert (event.before["commissioned_on"], event.after["commissioned_on"]) == ("2023-11-15", "2023-11-14")


def test_works_on_a_private_owners_home_record_a_private_event(tmp_path):
    import_damage_file(
        write_csv(tmp_path / "damage.csv", [asset_row(object_type="private_house", owner_is_private="")])
    )

    import_construction_file(
        write_csv(tmp_path / "construction.csv", [document_row(damaged_asset_register_id="DA-2023-000101")])
    )

    assert AuditEvent.objects.get(object_type="construction_document").is_public is False


def test_a_dry_run_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "construction.csv", three_documents(katottg="UA12345"))
    written = _written()

    report = import_construction_file(path, dry_run=True)

    assert report.counts() == {"rows": 3, "created": 2, "updated": 0, "unchanged": 0, "refused": 1}
    assert _written() == written


def test_a_file_without_a_required_column_is_refused_as_a_whole_and_writes_nothing(tmp_path):
    rows = [{key: value for key, value in row.items() if key != "issued_on"} for row in three_documents()]
    path = write_csv(tmp_path / "construction.csv", rows)
    written = _written()

    with pytest.raises(UnreadableExport) as refused:
        import_construction_file(path)

    assert (
        refused.value.message == "construction.csv: the header lacks the required column(s) 'Дата видачі' (issued_on)."
    )
    assert _written() == written


def test_the_command_imports_and_exits_with_1_on_a_refused_row(tmp_path):
    path = write_csv(tmp_path / "construction.csv", three_documents(consequence_class="CC9"))
    out = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("import", "construction", str(path), "--quiet", stdout=out)

    assert failed.value.returncode == 1
    assert out.getvalue().splitlines()[:3] == [
        "dream import construction construction.csv",
        "  rows                 3",
        "  created              2",
    ]
    assert (
        "  refused: row 3, column consequence_class: CC9 is not a class of consequences; write CC1, CC2 or CC3"
        in out.getvalue()
    )


def test_the_command_exits_with_0_on_a_clean_file(tmp_path):
    path = write_export(tmp_path / "construction.xlsx", three_documents())

    call_command("import", "construction", str(path), "--quiet", stdout=StringIO())

    assert ConstructionDocument.objects.count() == 3

"""Importing the damage register's export: rows recorded once each, bad rows quarantined, the rest imported."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from connectors.damage.codes import DamageCategory, ObjectType
from connectors.damage.exceptions import UnreadableExport
from connectors.damage.models import DamagedAsset
from connectors.damage.services import import_damage_file
from connectors.damage.source import COLUMNS
from connectors.models import Quarantined, RawDocument
from tests.connectors.damage.conftest import LVIV_CITY, asset_row, three_assets
from tests.connectors.damage.files import write_csv, write_export
from tests.factories import BUCHA_CITY

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int, int]:
    return (
        DamagedAsset.objects.count(),
        AuditEvent.objects.count(),
        RawDocument.objects.filter(system="damage").count(),
        Quarantined.objects.filter(system="damage").count(),
    )


def _in_ukrainian(row):
    return {column.name_uk: row[column.key] for column in COLUMNS.columns if column.key in row}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_each_format_imports_every_row_with_its_provenance(tmp_path, suffix, project):
    rows = three_assets(project_codes=project.code)
    path = write_export(tmp_path / f"damage{suffix}", rows)

    report = import_damage_file(path)

    assert report.counts() == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "refused": 0}
    bridge = DamagedAsset.objects.get(register_id="DA-2023-000102")
    assert bridge.territory_id == LVIV_CITY
    assert bridge.object_type == ObjectType.BRIDGE
    assert bridge.damage_category == DamageCategory.DAMAGED
    assert bridge.damaged_on == date(2022, 3, 5)
    assert bridge.estimated_loss_uah == Decimal("1250000.50")
    assert bridge.owner_is_private is False
    assert [linked.code for linked in bridge.projects.all()] == [project.code]
    first_row = 1 if suffix == ".json" else 2
    assert (bridge.source_file, bridge.source_row) == (f"damage{suffix}", first_row + 1)
    raw = RawDocument.objects.get(system="damage", kind="asset", external_id="DA-2023-000102")
    assert raw.url == f"damage{suffix}#row {first_row + 1}"
    assert '"register_id":"DA-2023-000102"' in raw.body
    event = AuditEvent.objects.get(object_type="damaged_asset", object_id="DA-2023-000102")
    assert event.action == "damage.asset_recorded"
    assert event.before is None
    assert event.after["estimated_loss_uah"] == "1250000.50"
    assert event.after["project_codes"] == [project.code]


def test_ukrainian_column_names_and_codelist_names_are_read(tmp_path):
    row = asset_row(object_type="Міст, шляхопровід", damage_category="Знищено", damaged_on="05.03.2022")
    path = write_csv(tmp_path / "damage.csv", [_in_ukrainian(row)], delimiter=";", bom=True)

    report = import_damage_file(path)

    assert report.created == 1
    asset = DamagedAsset.objects.get()
    assert (asset.object_type, asset.damage_category, asset.damaged_on) == ("bridge", "destroyed", date(2022, 3, 5))


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1250000,50", Decimal("1250000.50")),
        ("1250000.5", Decimal("1250000.50")),
        ("1 250 000,50", Decimal("1250000.50")),
        ("1\u00a0250\u00a0000,50", Decimal("1250000.50")),
        ("0", Decimal("0.00")),
        ("", None),
        (1250000.5, Decimal("1250000.50")),
        (0.1, Decimal("0.10")),
        (12345678901.23, Decimal("12345678901.23")),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_the_loss_is_read_exactly(tmp_path, suffix, written, amount):
    path = write_export(tmp_path / f"damage{suffix}", [asset_row(estimated_loss_uah=written)])

    import_damage_file(path)

    assert DamagedAsset.objects.get().estimated_loss_uah == amount


@pytest.mark.parametrize(
    ("object_type", "flag", "private"),
    [
        ("private_house", "", True),
        ("private_house", "ні", False),
        ("apartment_building", "", False),
        ("apartment_building", "так", True),
        ("school", "yes", True),
        ("school", "0", False),
    ],
)
def test_a_private_house_is_privately_owned_unless_the_register_says_otherwise(tmp_path, object_type, flag, private):
    path = write_csv(tmp_path / "damage.csv", [asset_row(object_type=object_type, owner_is_private=flag)])

    import_damage_file(path)

    assert DamagedAsset.objects.get().owner_is_private is private


FUTURE = (timezone.localdate() + timedelta(days=2)).isoformat()
OBJECT_TYPES = ", ".join(ObjectType.values)

# One bad cell each, and the message that names it (the column as the file names it).
BAD_CELLS = [
    ({"register_id": ""}, "column register_id: a value is required"),
    (
        {"register_id": "DA 2023"},
        "column register_id: DA 2023 is not a register identifier: at most 64 characters, no spaces",
    ),
    ({"katottg": "UA12345"}, "column katottg: UA12345 is not a KATOTTG code in the codifier"),
    ({"katottg": "UA99999999999999999"}, "column katottg: UA99999999999999999 is not a KATOTTG code in the codifier"),
    ({"katottg": ""}, "column katottg: a value is required"),
    (
        {"object_type": "castle"},
        f"column object_type: castle is not a code of this column; use one of {OBJECT_TYPES} (or its Ukrainian name)",
    ),
    (
        {"damage_category": "burnt"},
        (
            "column damage_category: burnt is not a code of this column; use one of damaged, destroyed "
            "(or its Ukrainian name)"
        ),
    ),
    ({"damaged_on": "31.02.2023"}, "column damaged_on: 31.02.2023 is not a date; write YYYY-MM-DD or DD.MM.YYYY"),
    ({"damaged_on": "вчора"}, "column damaged_on: вчора is not a date; write YYYY-MM-DD or DD.MM.YYYY"),
    ({"damaged_on": FUTURE}, f"column damaged_on: {FUTURE} is in the future"),
    (
        {"damaged_on": "2013-12-31"},
        "column damaged_on: 2013-12-31 is before 2014-02-20, when the armed aggression against Ukraine began",
    ),
    (
        {"estimated_loss_uah": "1,250,000.50"},
        (
            "column estimated_loss_uah: 1,250,000.50 is not an amount in hryvnias; write digits with a comma or a dot "
            "before at most two decimals, such as 1250000,50"
        ),
    ),
    (
        {"estimated_loss_uah": "12,345"},
        (
            "column estimated_loss_uah: 12,345 is not an amount in hryvnias; write digits with a comma or a dot "
            "before at most two decimals, such as 1250000,50"
        ),
    ),
    ({"estimated_loss_uah": "-5"}, "column estimated_loss_uah: -5 is negative; an amount is zero or more"),
    (
        {"estimated_loss_uah": "10000000000000000"},
        "column estimated_loss_uah: 10000000000000000 is too large for an amount in hryvnias",
    ),
    (
        {"project_codes": "DREAM-UA-010125-DEADBEEF"},
        "column project_codes: DREAM-UA-010125-DEADBEEF is not the code of a DREAM project",
    ),
    ({"owner_is_private": "maybe"}, "column owner_is_private: maybe is not yes or no; write так or ні (yes or no)"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_CELLS)
def test_a_bad_cell_refuses_its_row_naming_row_and_column_and_the_rest_imports(tmp_path, changes, message):
    path = write_csv(tmp_path / "damage.csv", three_assets(**changes))

    report = import_damage_file(path)

    assert report.refused == [f"row 3, {message}"]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert sorted(DamagedAsset.objects.values_list("register_id", flat=True)) == ["DA-2023-000101", "DA-2023-000103"]
    held = Quarantined.objects.get(system="damage", kind="asset")
    assert (held.external_id, held.url, held.reason) == ("damage.csv#3", "damage.csv#row 3", f"row 3, {message}")
    assert '"register_id":' in held.body


def test_a_bad_cell_is_named_by_the_column_as_the_file_names_it(tmp_path):
    rows = [_in_ukrainian(asset_row(katottg="UA12345"))]
    path = write_csv(tmp_path / "damage.csv", rows)

    report = import_damage_file(path)

    assert report.refused == ["row 2, column Код КАТОТТГ: UA12345 is not a KATOTTG code in the codifier"]


def test_a_register_id_given_twice_in_a_file_refuses_the_second_row(tmp_path):
    rows = [asset_row(), asset_row(address="інша адреса")]
    path = write_csv(tmp_path / "damage.csv", rows)

    report = import_damage_file(path)

    assert report.refused == ["row 3, column register_id: DA-2023-000101 is already on row 2 of this file"]
    assert DamagedAsset.objects.get().address == "вул. Вокзальна, 12"


def test_a_row_longer_than_its_header_is_refused(tmp_path):
    path = write_csv(tmp_path / "damage.csv", three_assets())
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], lines[2] + ",surplus", lines[3]]) + "\n", encoding="utf-8")

    report = import_damage_file(path)

    assert report.refused == [
        "row 3: the row has 10 cells but the header names 9 columns; is a delimiter inside a cell that is not quoted?"
    ]


def test_importing_the_same_file_twice_changes_nothing_and_records_no_event(tmp_path, project):
    path = write_csv(tmp_path / "damage.csv", three_assets(project_codes=project.code, katottg="UA12345"))
    import_damage_file(path)
    written = _written()

    report = import_damage_file(path)

    assert report.counts() == {"rows": 3, "created": 0, "updated": 0, "unchanged": 2, "refused": 1}
    assert _written() == written
    assert Quarantined.objects.get().attempts == 2


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_the_same_data_in_another_format_changes_nothing(tmp_path, suffix):
    import_damage_file(write_csv(tmp_path / "damage.csv", three_assets()))
    events = AuditEvent.objects.count()

    report = import_damage_file(write_export(tmp_path / f"damage{suffix}", three_assets()))

    assert report.unchanged == 3
    assert AuditEvent.objects.count() == events


def test_a_changed_row_updates_its_asset_with_the_values_before_and_after(tmp_path, project):
    import_damage_file(write_csv(tmp_path / "damage.csv", three_assets()))

    changed = three_assets(damage_category="destroyed", estimated_loss_uah="2000000", project_codes=project.code)
    report = import_damage_file(write_csv(tmp_path / "damage-2.csv", changed))

    assert report.counts() == {"rows": 3, "created": 0, "updated": 1, "unchanged": 2, "refused": 0}
    bridge = DamagedAsset.objects.get(register_id="DA-2023-000102")
    assert bridge.damage_category == "destroyed"
    assert bridge.estimated_loss_uah == Decimal("2000000.00")
    assert (bridge.source_file, bridge.source_row) == ("damage-2.csv", 3)
    event = AuditEvent.objects.filter(object_id="DA-2023-000102").latest("position")
    assert event.action == "damage.asset_changed"
    assert event.before["damage_category"] == "damaged"
    assert event.before["estimated_loss_uah"] == "1250000.50"
    assert event.before["project_codes"] == []
    assert event.after["damage_category"] == "destroyed"
    assert event.after["estimated_loss_uah"] == "2000000.00"
    assert event.after["project_codes"] == [project.code]
    assert RawDocument.objects.filter(external_id="DA-2023-000102").count() == 2


def test_a_row_fixed_later_resolves_its_quarantine(tmp_path):
    path = write_csv(tmp_path / "damage.csv", three_assets(katottg="UA12345"))
    import_damage_file(path)

    write_csv(path, three_assets())
    report = import_damage_file(path)

    assert report.created == 1
    assert Quarantined.objects.get().resolved_at is not None


def test_the_event_of_a_private_owners_asset_is_not_public(tmp_path):
    import_damage_file(
        write_csv(tmp_path / "damage.csv", [asset_row(object_type="private_house", owner_is_private="")])
    )

    assert AuditEvent.objects.get(object_type="damaged_asset").is_public is False


def test_a_dry_run_reports_what_would_be_done_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "damage.csv", three_assets(katottg="UA99999999999999999"))
    written = _written()

    report = import_damage_file(path, dry_run=True)

    assert report.counts() == {"rows": 3, "created": 2, "updated": 0, "unchanged": 0, "refused": 1}
    assert _written() == written


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [{key: value for key, value in asset_row().items() if key != "katottg"}],
            "damage.csv: the header lacks the required column(s) 'Код КАТОТТГ' (katottg).",
        ),
        (
            [{**asset_row(), "Код КАТОТТГ": BUCHA_CITY}],
            "damage.csv: the columns 'katottg' and 'Код КАТОТТГ' both give katottg; keep one.",
        ),
    ],
)
def test_a_file_without_a_required_column_is_refused_as_a_whole_and_writes_nothing(tmp_path, rows, message):
    path = write_csv(tmp_path / "damage.csv", rows)
    written = _written()

    with pytest.raises(UnreadableExport) as refused:
        import_damage_file(path)

    assert refused.value.message == message
    assert _written() == written


def test_a_file_that_breaks_half_way_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "damage.csv", three_assets())
    path.write_bytes(path.read_bytes() + "DA-9,Київ\n".encode("cp1251"))
    written = _written()

    with pytest.raises(UnreadableExport, match="is not UTF-8 text"):
        import_damage_file(path)

    assert _written() == written

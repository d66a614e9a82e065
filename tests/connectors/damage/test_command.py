"""``dream import damage|construction FILE``: the summary printed, the refused rows named, and the exit code."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from connectors.damage.models import DamagedAsset
from tests.connectors.damage.conftest import asset_row, three_assets
from tests.connectors.damage.files import write_csv, write_export

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, "--quiet", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_a_clean_file_imports_and_prints_the_counts(tmp_path, suffix):
    path = write_export(tmp_path / f"damage{suffix}", three_assets())

    output = _run("damage", str(path))

    assert output.splitlines() == [
        f"dream import damage damage{suffix}",
        "  rows                 3",
        "  created              3",
        "  updated              0",
        "  unchanged            0",
        "  refused              0",
    ]
    assert DamagedAsset.objects.count() == 3


def test_a_refused_row_is_printed_and_the_command_exits_with_1(tmp_path):
    path = write_csv(tmp_path / "damage.csv", three_assets(katottg="UA12345"))
    out = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("import", "damage", str(path), "--quiet", stdout=out)

    assert failed.value.returncode == 1
    assert (
        str(failed.value)
        == "1 row(s) of damage.csv were refused and wait in the quarantine (dream admin: Connectors)."
    )
    assert "  refused: row 3, column katottg: UA12345 is not a KATOTTG code in the codifier" in out.getvalue()
    assert DamagedAsset.objects.count() == 2


def test_an_unreadable_file_exits_with_1_and_a_message(tmp_path):
    path = tmp_path / "damage.json"
    path.write_text('{"register_id": "DA-1"}', encoding="utf-8")

    with pytest.raises(CommandError) as failed:
        _run("damage", str(path))

    assert failed.value.returncode == 1
    assert str(failed.value) == "damage.json: the JSON file must be a list of objects, one a row."


def test_the_format_option_overrides_the_extension(tmp_path):
    path = write_export(tmp_path / "damage.json", three_assets())
    path = path.rename(tmp_path / "damage.export")

    _run("damage", str(path), "--format", "json")

    assert DamagedAsset.objects.count() == 3


def test_a_dry_run_prints_what_would_be_done_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "damage.csv", three_assets())
    events = AuditEvent.objects.count()

    output = _run("damage", str(path), "--dry-run")

    assert output.splitlines()[:3] == [
        "dream import damage damage.csv (dry run: nothing written)",
        "  rows                 3",
        "  created              3",
    ]
    assert DamagedAsset.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_dry_run_with_a_bad_row_exits_with_1(tmp_path):
    path = write_csv(tmp_path / "damage.csv", [asset_row(damage_category="burnt")])

    with pytest.raises(CommandError) as failed:
        _run("damage", str(path), "--dry-run")

    assert str(failed.value) == "1 row(s) of damage.csv were refused."


def test_the_progress_bar_does_not_disturb_the_summary(tmp_path):
    path = write_csv(tmp_path / "damage.csv", three_assets())
    out = StringIO()

    call_command("import", "damage", str(path), stdout=out)

    assert "  created              3" in out.getvalue()

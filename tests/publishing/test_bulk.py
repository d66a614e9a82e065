"""Bulk open data: valid packages, a manifest that matches its files, reruns that rewrite only what changed."""

import csv
import hashlib
import json

import openpyxl
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from projects.codes import AccessLevel
from projects.models import Project
from projects.services import update_passport
from publishing.bulk import publish
from publishing.flat import TABLES
from publishing.standards import oc4ids_package_validator, oc4ids_project_validator, schema_problems
from tests.factories import attach, project_in


@pytest.fixture
def published(cast, tmp_path):
    projects = [
        project_in(cast, "initiated"),
        project_in(cast, "applied"),
        project_in(cast, "implementation"),
        project_in(cast, "commissioned"),
        project_in(cast, "refused", initiator=cast.lviv),
    ]
    attach(projects[1], cast.bucha_editor, title="Відкритий кошторис")
    attach(projects[1], cast.bucha_editor, access_level=AccessLevel.RESTRICTED, title="Закритий висновок експертизи")
    attach(projects[2], cast.bucha_editor, access_level=AccessLevel.LIMITED, title="Обмежений акт обстеження")
    out = tmp_path / "publish"
    return out, publish(out), projects


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_the_project_package_validates_against_the_official_package_schema(published):
    out, _, projects = published
    document = json.loads((out / "oc4ids/projects.json").read_bytes())

    assert schema_problems(oc4ids_package_validator(), document) == []
    assert {project["identifiers"][0]["id"] for project in document["projects"]} == {p.code for p in projects}


def test_every_json_lines_project_validates_and_matches_the_package(published):
    out, _, _ = published
    lines = [json.loads(line) for line in (out / "oc4ids/projects.jsonl").read_text(encoding="utf-8").splitlines()]
    package = json.loads((out / "oc4ids/projects.json").read_bytes())

    assert all(schema_problems(oc4ids_project_validator(), project) == [] for project in lines)
    assert lines == package["projects"]


def test_the_manifest_counts_sizes_and_hashes_match_the_files(published):
    out, _, projects = published
    manifest = _manifest(out)

    assert manifest["files"], "the manifest lists no file"
    for entry in manifest["files"]:
        content = (out / entry["path"]).read_bytes()
        assert entry["bytes"] == len(content), entry["path"]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest(), entry["path"]
    rows = {entry["path"]: entry["rows"] for entry in manifest["files"]}
    assert rows["oc4ids/projects.json"] == rows["oc4ids/projects.jsonl"] == len(projects)
    newest = max(Project.objects.values_list("updated_at", flat=True))
    assert manifest["datasets"]["oc4ids"]["fingerprint"]["newestChange"] == newest.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("table", [table.name for table in TABLES])
def test_flat_tables_have_bilingual_headers_and_the_rows_the_manifest_counts(published, table):
    out, _, _ = published
    rows = {entry["path"]: entry["rows"] for entry in _manifest(out)["files"]}

    with (out / f"oc4ids/{table}.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, *body = list(csv.reader(handle))
    assert all(" / " in title for title in header)
    assert header[0] == "Код проєкту / Project code"
    assert len(body) == rows[f"oc4ids/{table}.csv"]
    assert pq.read_table(out / f"oc4ids/{table}.parquet").num_rows == len(body)
    workbook = openpyxl.load_workbook(out / "oc4ids/projects.xlsx", read_only=True)
    try:
        assert sum(1 for _ in workbook[table].iter_rows(min_row=2, values_only=True)) == len(body)
    finally:
        workbook.close()


def test_amounts_stay_numbers_in_the_parquet_tables(published):
    out, _, projects = published
    budget = pq.read_table(out / "oc4ids/projects.parquet").to_pylist()

    by_code = {row["project_code"]: row["budget_amount"] for row in budget}
    assert by_code[projects[2].code] == float(projects[2].estimated_cost_uah)


def test_limited_and_restricted_documents_reach_no_published_byte(published, cast):
    out, _, _ = published
    secrets = [
        "Закритий висновок експертизи",
        "Обмежений акт обстеження",
        cast.bucha_editor.username,
        cast.kyiv_approver.username,
    ]

    for path in out.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".jsonl", ".csv"}:
            text = path.read_text(encoding="utf-8-sig")
            assert not [secret for secret in secrets if secret in text], path.name
    assert "Відкритий кошторис" in (out / "oc4ids/projects.jsonl").read_text(encoding="utf-8")


def test_a_rerun_without_changes_rewrites_nothing(published):
    out, first, _ = published
    before = {path: path.stat().st_mtime_ns for path in out.rglob("*.csv")}

    again = publish(out)

    assert again.written == []
    assert sorted(again.unchanged) == sorted(first.written)
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*.csv")} == before


def test_a_rerun_after_a_change_rewrites_the_dataset(published, cast):
    out, _, projects = published
    update_passport(actor=cast.bucha_editor, project=projects[0], title_uk="Нова назва проєкту")

    again = publish(out)

    assert "oc4ids/projects.json" in again.written
    assert "Нова назва проєкту" in (out / "oc4ids/projects.jsonl").read_text(encoding="utf-8")


def test_the_publish_command_reports_each_file(published, capsys):
    out, _, _ = published
    call_command("publish", "--out", str(out), "--force")

    output = capsys.readouterr().out
    assert "oc4ids/projects.json" in output
    assert "written" in output

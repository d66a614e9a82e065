"""Reading export files: the three formats, both delimiters, with or without a BOM, and files that cannot be read."""

from datetime import datetime

import pytest

from connectors.damage.exceptions import UnreadableExport
from connectors.damage.exports import Column, Columns, ExportFile
from tests.connectors.damage.files import write_csv, write_export, write_json, write_xlsx

# Openpyxl writes and reads naive date-times, as a spreadsheet has no time zone.
MIDNIGHT = datetime.fromisoformat("2022-03-05T00:00:00")
ROWS = [{"name": "Школа №3", "amount": "10,50"}, {"name": "Міст", "amount": "7"}]


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", False), (",", True), (";", True)])
def test_csv_is_read_with_either_delimiter_with_or_without_a_bom(tmp_path, delimiter, bom):
    path = write_csv(tmp_path / "export.csv", ROWS, delimiter=delimiter, bom=bom)

    records = list(ExportFile(path).records())

    assert [record.row for record in records] == ROWS
    assert [record.position for record in records] == [2, 3]


def test_csv_with_one_column_is_read(tmp_path):
    path = write_csv(tmp_path / "export.csv", [{"name": "Школа"}, {"name": "Міст"}])

    assert [record.row for record in ExportFile(path).records()] == [{"name": "Школа"}, {"name": "Міст"}]


def test_blank_rows_are_skipped_but_counted_in_the_row_numbers(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("name,amount\nШкола,1\n,\n\nМіст,2\n", encoding="utf-8")

    assert [record.position for record in ExportFile(path).records()] == [2, 5]


def test_xlsx_is_read_with_dates_as_dates(tmp_path):
    path = write_xlsx(tmp_path / "export.xlsx", [{"name": "Школа", "day": MIDNIGHT}])

    (record,) = ExportFile(path).records()

    assert record.position == 2
    assert record.row == {"name": "Школа", "day": MIDNIGHT}
    assert record.text == '{"name":"Школа","day":"2022-03-05T00:00:00"}'


def test_json_is_read_as_a_list_of_objects_numbered_from_one(tmp_path):
    path = write_json(tmp_path / "export.json", [{"name": "Школа", "amount": 10.5}, {"name": "Міст"}])

    records = list(ExportFile(path).records())

    assert [(record.position, record.row) for record in records] == [
        (1, {"name": "Школа", "amount": 10.5}),
        (2, {"name": "Міст"}),
    ]
    assert records[0].text == '{"name":"Школа","amount":10.5}'


def test_the_format_named_wins_over_the_extension(tmp_path):
    path = write_json(tmp_path / "export.txt", ROWS)

    assert [record.row for record in ExportFile(path, export_format="json").records()] == ROWS


def test_a_row_longer_than_the_header_is_marked(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("name,amount\nШкола,1,зайве\n", encoding="utf-8")

    (record,) = ExportFile(path).records()

    assert record.problem == (
        "the row has 3 cells but the header names 2 columns; is a delimiter inside a cell that is not quoted?"
    )


def test_an_item_that_is_not_an_object_is_marked(tmp_path):
    path = write_json(tmp_path / "export.json", [{"name": "Школа"}, "Міст"])

    records = list(ExportFile(path).records())

    assert records[1].problem == "the item is str, not an object of columns"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("export.csv", b"", "export.csv: the file is empty; its first row must name the columns."),
        (
            "export.csv",
            "назва\nШкола\n".encode("cp1251"),
            "export.csv: the file is not UTF-8 text; save it as CSV UTF-8.",
        ),
        ("export.csv", b"name,,amount\n1,2,3\n", "export.csv: column 2 of the header has no name."),
        ("export.csv", b"name,name\n1,2\n", "export.csv: the header names the column 'name' twice."),
        ("export.xlsx", b"not a workbook", "export.xlsx: the file is not an XLSX workbook"),
        ("export.json", b'{"name": 1}', "export.json: the JSON file must be a list of objects, one a row."),
        ("export.json", b"[{", "export.json: the file is not JSON"),
        ("export.txt", b"name\n", "export.txt: cannot tell the format from the extension; name it with --format"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(UnreadableExport) as refused:
        list(ExportFile(path).records())

    assert refused.value.message.startswith(message)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(UnreadableExport, match=r"missing\.csv: no such file\."):
        list(ExportFile(tmp_path / "missing.csv").records())


COLUMNS = Columns(Column("katottg", "Код КАТОТТГ", required=True), Column("address", "Адреса"))


@pytest.mark.parametrize("header", ["katottg", "Код КАТОТТГ", "  код   катоттг ", "KATOTTG"])
def test_a_column_is_found_by_either_name_in_any_case(header):
    assert COLUMNS.find("export.csv", [header, "unknown"]) == {"katottg": header}


def test_a_missing_required_column_is_named_in_both_languages():
    with pytest.raises(UnreadableExport) as refused:
        COLUMNS.find("export.csv", ["Адреса"])

    assert refused.value.message == "export.csv: the header lacks the required column(s) 'Код КАТОТТГ' (katottg)."


def test_a_column_given_twice_by_its_two_names_is_refused():
    with pytest.raises(UnreadableExport) as refused:
        COLUMNS.find("export.csv", ["katottg", "Код КАТОТТГ"])

    assert refused.value.message == "export.csv: the columns 'katottg' and 'Код КАТОТТГ' both give katottg; keep one."


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_each_format_reads_the_same_rows(tmp_path, suffix):
    path = write_export(tmp_path / f"export{suffix}", ROWS)

    assert [record.row for record in ExportFile(path).records()] == ROWS

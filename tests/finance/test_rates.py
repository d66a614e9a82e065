"""Loading the National Bank's official rates from its JSON, XML and CSV files: idempotent, audited, bad rows named."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from finance.exceptions import InvalidRatesFile
from finance.models import ExchangeRate
from finance.rates import load_rates, read_rates

pytestmark = pytest.mark.django_db

# As bank.gov.ua/NBUStatService/v1/statdirectory/exchange?json serves it.
NBU_JSON = """[
{"r030":840,"txt":"Долар США","rate":41.2345,"cc":"USD","exchangedate":"03.12.2026"},
{"r030":978,"txt":"Євро","rate":48.0512,"cc":"EUR","exchangedate":"03.12.2026"},
{"r030":392,"txt":"Єна","rate":0.27431,"cc":"JPY","exchangedate":"03.12.2026"}
]"""

# As the same address serves it without ?json.
NBU_XML = """<?xml version="1.0" encoding="utf-8"?>
<exchange>
 <currency>
  <r030>840</r030><txt>Долар США</txt><rate>41.3</rate><cc>USD</cc><exchangedate>04.12.2026</exchangedate>
 </currency>
 <currency>
  <r030>978</r030><txt>Євро</txt><rate>48.1</rate><cc>EUR</cc><exchangedate>04.12.2026</exchangedate>
 </currency>
</exchange>"""


def _rates():
    return {(item.currency, item.on): item.uah_per_unit for item in ExchangeRate.objects.all()}


def test_the_json_of_the_national_bank_loads_exactly_as_published(tmp_path):
    path = tmp_path / "exchange.json"
    path.write_text(NBU_JSON, encoding="utf-8")

    report = load_rates(path)

    assert (report.created, report.changed, report.unchanged, report.refused) == (3, 0, 0, [])
    assert _rates() == {
        ("USD", date(2026, 12, 3)): Decimal("41.234500"),
        ("EUR", date(2026, 12, 3)): Decimal("48.051200"),
        ("JPY", date(2026, 12, 3)): Decimal("0.274310"),
    }
    event = AuditEvent.objects.get(action="exchange_rates.loaded")
    assert event.after["created"] == 3
    assert event.after["first_day"] == "2026-12-03"


def test_loading_the_same_file_twice_changes_nothing_and_records_nothing(tmp_path):
    path = tmp_path / "exchange.json"
    path.write_text(NBU_JSON, encoding="utf-8")
    load_rates(path)
    events = AuditEvent.objects.count()

    again = load_rates(path)

    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.count() == events


def test_a_corrected_rate_replaces_the_one_held_and_the_event_says_what_changed(tmp_path):
    path = tmp_path / "exchange.json"
    path.write_text(NBU_JSON, encoding="utf-8")
    load_rates(path)
    path.write_text(NBU_JSON.replace("41.2345", "41.2399"), encoding="utf-8")

    report = load_rates(path)

    assert (report.created, report.changed, report.unchanged) == (0, 1, 2)
    assert _rates()[("USD", date(2026, 12, 3))] == Decimal("41.239900")
    event = AuditEvent.objects.filter(action="exchange_rates.loaded").last()
    assert event.after["corrections"] == [
        {"currency": "USD", "on": "2026-12-03", "before": "41.234500", "after": "41.239900"}
    ]


def test_the_xml_of_the_national_bank_loads():
    read = read_rates(NBU_XML.encode(), name="exchange.xml")

    assert [(row.currency, row.on, row.uah_per_unit) for row in read.rows] == [
        ("USD", date(2026, 12, 4), Decimal("41.3")),
        ("EUR", date(2026, 12, 4), Decimal("48.1")),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cc,rate,exchangedate\nUSD,41.2345,03.12.2026\n", ("USD", date(2026, 12, 3), Decimal("41.2345"))),
        (
            "Дата;Код літерний;Кількість одиниць;Офіційний курс гривні, грн\n03.12.2026;JPY;100;27,431\n",
            ("JPY", date(2026, 12, 3), Decimal("0.27431")),
        ),
    ],
)
def test_a_csv_with_the_json_names_or_the_sites_headings_loads(text, expected):
    read = read_rates(text.encode(), name="rates.csv")

    assert [(row.currency, row.on, row.uah_per_unit) for row in read.rows] == [expected]


def test_bad_rows_are_named_and_the_others_load_and_the_command_fails(tmp_path):
    path = tmp_path / "exchange.json"
    path.write_text(
        '[{"cc":"USD","rate":41.2,"exchangedate":"03.12.2026"},'
        '{"cc":"EUR","rate":"n/a","exchangedate":"03.12.2026"},'
        '{"cc":"GB","rate":50,"exchangedate":"03.12.2026"},'
        '{"cc":"CHF","rate":-1,"exchangedate":"03.12.2026"},'
        '{"cc":"PLN","rate":10.1,"exchangedate":"2026/12/03"},'
        "7]",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match=r"5 row\(s\) of exchange.json were refused; the other rates were loaded."):
        call_command("rates", "load", str(path))

    assert _rates() == {("USD", date(2026, 12, 3)): Decimal("41.200000")}
    assert load_rates(path).refused == [
        "item 6: not an object with cc, rate and exchangedate",
        "item 2: the rate 'n/a' of EUR is not a number",
        "item 3: the currency code 'GB' is not three Latin letters",
        "item 4: the rate -1 of CHF is not above zero",
        "item 5: the date '2026/12/03' is neither DD.MM.YYYY nor YYYY-MM-DD",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("exchange.json", b"{not json", "The file is not JSON"),
        ("exchange.json", b'{"cc": "USD"}', "The JSON file must hold a list of rates"),
        ("exchange.xml", b"<exchange><oops></exchange>", "The file is not well-formed XML"),
        ("exchange.xml", b"<exchange/>", "The XML file holds no <currency> element"),
        ("rates.csv", b"code,value\nUSD,1\n", "The CSV file has no column cc, exchangedate, rate"),
        ("rates.pdf", b"%PDF", "rates.pdf is not a JSON, XML or CSV file"),
    ],
)
def test_a_file_in_no_format_of_the_national_bank_is_refused(name, content, message):
    with pytest.raises(InvalidRatesFile, match=message):
        read_rates(content, name=name)


def test_the_command_reports_what_it_loaded(tmp_path, capsys):
    path = tmp_path / "exchange.xml"
    path.write_text(NBU_XML, encoding="utf-8")

    call_command("rates", "load", str(path))

    out = capsys.readouterr().out
    assert "dream rates load exchange.xml" in out
    assert "created              2" in out

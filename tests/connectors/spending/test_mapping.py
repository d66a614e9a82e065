"""How a transaction's amount, recipient and dates read: exactly, and refusing what cannot be read."""

from decimal import Decimal

import pytest

from connectors.exceptions import Unmappable
from connectors.spending.mapping import amount_of, is_private, map_transaction
from tests.connectors.spending.portal import transaction


@pytest.mark.parametrize(
    ("fields", "amount"),
    [
        ({"amount_cop": 1941541316534, "amount": Decimal("19415413165.34")}, Decimal("19415413165.34")),
        ({"amount_cop": 1941541316534, "amount": None}, Decimal("19415413165.34")),
        ({"amount_cop": 1}, Decimal("0.01")),
        ({"amount_cop": 10, "amount": Decimal("0.1")}, Decimal("0.10")),
        ({"amount_cop": "250000"}, Decimal("2500.00")),
        ({"amount_cop": 123456789012345678}, Decimal("1234567890123456.78")),
        ({"amount": Decimal("1234.5")}, Decimal("1234.50")),
        ({"amount": 7}, Decimal("7.00")),
    ],
)
def test_the_amount_is_read_from_kopecks_exactly(fields, amount):
    assert str(amount_of(fields)) == str(amount)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({}, "The transaction has neither amount_cop nor amount."),
        ({"amount_cop": 12.5}, "amount_cop 12.5 is not a whole number of kopecks."),
        ({"amount_cop": Decimal("12.5")}, "amount_cop Decimal('12.5') is not a whole number of kopecks."),
        ({"amount_cop": True}, "amount_cop True is not a whole number of kopecks."),
        ({"amount_cop": "many"}, "amount_cop 'many' is not a whole number of kopecks."),
        ({"amount": Decimal("1.005")}, "amount Decimal('1.005') is not a sum in hryvnias and kopecks."),
        ({"amount_cop": 100, "amount": Decimal("1.01")}, "amount 1.01 and amount_cop 100 disagree."),
    ],
)
def test_an_amount_that_cannot_be_read_exactly_is_refused(fields, reason):
    with pytest.raises(Unmappable) as refused:
        amount_of(fields)

    assert refused.value.message == reason


@pytest.mark.parametrize(
    ("code", "private"),
    [
        ("00013480", False),
        ("2934805617", True),
        ("xxxxxxxxxx", True),
        ("", True),
        ("0001348", True),
        ("0001348A", True),
    ],
)
def test_a_recipient_is_private_unless_its_code_is_an_edrpou(code, private):
    assert is_private(code) is private


def test_a_transaction_in_another_currency_is_refused():
    with pytest.raises(Unmappable, match="in 'USD'"):
        map_transaction(transaction(1, "2023-05-10", currency="USD"))


def test_a_transaction_without_an_id_is_refused():
    with pytest.raises(Unmappable, match="has no id"):
        map_transaction(transaction(1, "2023-05-10", id=None))

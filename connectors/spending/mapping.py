"""How a treasury transaction from spending.gov.ua reads as a payment."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.exceptions import Unmappable
from contracting.services import PaymentFacts

SOURCE = "spending"
CURRENCY = "UAH"

# A legal entity's EDRPOU code has eight digits; a private person's RNOKPP has ten, and the portal masks some codes.
LEGAL_ENTITY_CODE = re.compile(r"\d{8}")
CENTS = Decimal("0.01")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    raise Unmappable(f"{value!r} is not a text or a number.")


def _kopecks(value: Any) -> Decimal:
    """Return a whole number of kopecks as hryvnias, exactly."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise Unmappable(f"amount_cop {value!r} is not a whole number of kopecks.")
    try:
        kopecks = Decimal(value)
    except InvalidOperation as error:
        raise Unmappable(f"amount_cop {value!r} is not a whole number of kopecks.") from error
    if not kopecks.is_finite() or kopecks != kopecks.to_integral_value():
        raise Unmappable(f"amount_cop {value!r} is not a whole number of kopecks.")
    return kopecks.scaleb(-2).quantize(CENTS)


def _hryvnias(value: Any) -> Decimal:
    """Return an amount in hryvnias as the document wrote it, which must be whole kopecks."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise Unmappable(f"amount {value!r} is not a number.")
    try:
        amount = Decimal(value)
    except InvalidOperation as error:
        raise Unmappable(f"amount {value!r} is not a number.") from error
    if not amount.is_finite() or amount != amount.quantize(CENTS):
        raise Unmappable(f"amount {value!r} is not a sum in hryvnias and kopecks.")
    return amount.quantize(CENTS)


def amount_of(row: dict[str, Any]) -> Decimal:
    """Return the amount in hryvnias from the kopecks when given, checked against the amount in hryvnias."""
    kopecks = row.get("amount_cop")
    hryvnias = row.get("amount")
    if kopecks is None and hryvnias is None:
        raise Unmappable("The transaction has neither amount_cop nor amount.")
    if kopecks is None:
        return _hryvnias(hryvnias)
    amount = _kopecks(kopecks)
    if hryvnias is not None and _hryvnias(hryvnias) != amount:
        raise Unmappable(f"amount {hryvnias} and amount_cop {kopecks} disagree.")
    return amount


def _date(value: Any, key: str) -> date:
    text = _text(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError as error:
        raise Unmappable(f"{key} {value!r} is not a date in the form YYYY-MM-DD.") from error


def is_private(code: str) -> bool:
    """Tell whether a recipient's code is not a legal entity's: a private person's, a masked one, or none at all."""
    return not LEGAL_ENTITY_CODE.fullmatch(code)


def transaction_id(row: Any) -> str:
    """Return a transaction's identifier in the portal, or refuse a row that has none."""
    if not isinstance(row, dict):
        raise Unmappable(f"A transaction must be a JSON object, not {type(row).__name__}.")
    identifier = _text(row.get("id"))
    if not identifier:
        raise Unmappable("The transaction has no id.")
    return identifier


def map_transaction(row: dict[str, Any]) -> PaymentFacts:
    """Read one transaction as payment facts; its numbers must have been parsed as Decimal, never as float.

    A recipient whose code is not an EDRPOU code is a private person: the facts say so, and its name, code and the
    payment's purpose (which often names the person) are left out.
    """
    recipient_code = _text(row.get("recipt_edrpou"))
    private = is_private(recipient_code)
    currency = _text(row.get("currency")) or CURRENCY
    if currency != CURRENCY:
        raise Unmappable(f"The transaction is in {currency!r}; the treasury's transactions are in {CURRENCY}.")
    return PaymentFacts(
        source=SOURCE,
        external_id=transaction_id(row),
        amount=amount_of(row),
        currency=CURRENCY,
        paid_on=_date(row.get("trans_date"), "trans_date"),
        payer_edrpou=_text(row.get("payer_edrpou")),
        payer_name=_text(row.get("payer_name")),
        recipient_edrpou="" if private else recipient_code,
        recipient_name="" if private else _text(row.get("recipt_name")),
        recipient_is_private=private,
        contract_id=_text(row.get("contractId")),
        purpose="" if private else _text(row.get("payment_details")),
    )

"""Prozorro documents read into the domain: tenders and contracts as OCDS 1.1 releases, plans as plan facts.

Every function here is pure: a document in, a release or facts out, or ``Unmappable`` with a reason an operator can
act on. Nested parts that are malformed (a document without an address, an item without a unit) are left out of the
release; what identifies the document or states its money (the tender id, the dates of its versions, its values)
must be right, or the whole document goes to the quarantine.

Natural persons (a sole trader, ФОП, files their own tax number of ten digits where a company files its EDRPOU code
of eight; a bidder without any code is treated as one too) are published with neither name nor identifier: the
release passes through ``publishing.ocds_privacy.without_personal_data`` before it is recorded. Contact points and
signers are people as well, and are never carried over.
"""

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from connectors.exceptions import Unmappable
from contracting.codes import TENDER_ID
from publishing.ocds_privacy import without_personal_data

EDRPOU = re.compile(r"\d{8}")
INDIVIDUAL_TAX_NUMBER = re.compile(r"\d{10}")
DREAM_PROJECT_CODE = re.compile(r"DREAM-UA-\d{6}-[0-9A-F]{8}")
KATOTTG = re.compile(r"UA\d{17}")
# Words in a name that say the organisation is a natural person in business on their own (ФОП, ФО-П).
SOLE_TRADER = re.compile(r"\b(ФОП|ФО-П|FOP)\b|фізична особа", re.IGNORECASE)
KATOTTG_SCHEMES = frozenset({"КАТОТТГ", "KATOTTG", "UA-CATOTTG"})
EDR_SCHEMES = frozenset({"UA-EDR", "UA-IPN"})

# Prozorro's classification scheme names, and the names the OCDS itemClassificationScheme codelist uses.
CLASSIFICATION_SCHEMES = {"ДК021": "CPV", "CPV": "CPV", "ДКПП": "UA-DKPP", "ДК003": "UA-DK003", "ДК015": "UA-DK015"}

# Prozorro's tender, award, contract and bid statuses, and the OCDS codes they map to.
AWARD_STATUSES = frozenset({"pending", "active", "cancelled", "unsuccessful"})
CONTRACT_STATUSES = {
    "pending": "pending",
    "active": "active",
    "cancelled": "cancelled",
    "terminated": "terminated",
    "merged": "cancelled",
}
BID_STATUSES = {
    "pending": "pending",
    "active": "valid",
    "unsuccessful": "disqualified",
    "invalid": "disqualified",
    "invalid.pre-qualification": "disqualified",
    "deleted": "withdrawn",
}
PROCUREMENT_METHODS = frozenset({"open", "selective", "limited", "direct"})
CATEGORIES = frozenset({"goods", "works", "services"})


def tender_status(status: str) -> str | None:
    """Return the OCDS tenderStatus of a Prozorro tender (or lot) status, None when it has none."""
    if status.startswith("draft"):
        return "planning"
    if status.startswith("active"):
        return "active"
    if status in {"complete", "cancelled", "unsuccessful"}:
        return status
    return None


# -- Reading values -------------------------------------------------------------------------------------------


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    """Set a key only when the value says something, so a release has no empty fields."""
    if value not in (None, "", [], {}):
        target[key] = value


def parse_datetime(value: Any) -> datetime | None:
    """Return a Prozorro time as an aware datetime; one without an offset is UTC, as Prozorro writes those."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _datetime(value: Any) -> str | None:
    moment = parse_datetime(value)
    return None if moment is None else moment.isoformat()


def _required_datetime(document: dict[str, Any], key: str, what: str) -> str:
    text = _datetime(document.get(key))
    if text is None:
        raise Unmappable(f"The {what}'s {key} {document.get(key)!r} is not a date and time.", field=key)
    return text


def _period(value: Any) -> dict[str, Any]:
    period: dict[str, Any] = {}
    for key in ("startDate", "endDate"):
        _put(period, key, _datetime(_object(value).get(key)))
    return period


def _number(value: Any, where: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Unmappable(f"The amount at {where} is {value!r}, not a number.", field=where)
    return value


def _value(value: Any, where: str) -> dict[str, Any] | None:
    """Return an OCDS Value, None when the document gives none, or refuse an amount or currency that is wrong."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Unmappable(f"The value at {where} is {value!r}, not an object with an amount.", field=where)
    if value.get("amount") is None:
        return None
    amount = _number(value["amount"], f"{where}.amount")
    currency = value.get("currency")
    if not isinstance(currency, str) or len(currency) != 3:  # noqa: PLR2004 - ISO 4217 codes.
        raise Unmappable(f"The currency at {where} is {currency!r}, not an ISO 4217 code.", field=f"{where}.currency")
    return {"amount": amount, "currency": currency}


def decimal_amount(value: float) -> Decimal:
    """Return an amount as an exact decimal of two places."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


# -- Organisations ----------------------------------------------------------------------------------------------


def edrpou_of(organisation: dict[str, Any]) -> str:
    """Return the EDRPOU code of a Prozorro organisation, or nothing if it files none."""
    identifier = _object(organisation.get("identifier"))
    code = _text(identifier.get("id"))
    return code if identifier.get("scheme") in EDR_SCHEMES and EDRPOU.fullmatch(code) else ""


def is_private_person(organisation: dict[str, Any]) -> bool:
    """Tell whether a Prozorro organisation is a natural person: a ten-digit tax number, a ФОП, or no code at all."""
    identifier = _object(organisation.get("identifier"))
    code = _text(identifier.get("id"))
    if not code or INDIVIDUAL_TAX_NUMBER.fullmatch(code):
        return True
    names = f"{_text(organisation.get('name'))} {_text(identifier.get('legalName'))}"
    return bool(SOLE_TRADER.search(names))


def party_id(organisation: dict[str, Any]) -> str:
    """Return the OCDS party id of a Prozorro organisation: its scheme and code, else a digest of its name."""
    identifier = _object(organisation.get("identifier"))
    scheme, code = _text(identifier.get("scheme")), _text(identifier.get("id"))
    if code:
        return f"{scheme or 'UA-EDR'}-{code}"
    name = _text(organisation.get("name")) or _text(identifier.get("legalName"))
    return "unidentified-" + hashlib.sha256(name.encode()).hexdigest()[:16]


def _address(value: Any) -> dict[str, Any]:
    address: dict[str, Any] = {}
    for key in ("streetAddress", "locality", "region", "postalCode", "countryName"):
        _put(address, key, _text(_object(value).get(key)))
    return address


class _Parties:
    """The parties of one release, each once, with every role it plays."""

    def __init__(self) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        self.natural_persons: set[str] = set()

    def add(self, organisation: dict[str, Any], role: str) -> dict[str, str]:
        """Add an organisation in a role, and return the reference to it."""
        identifier = party_id(organisation)
        party = self.by_id.get(identifier)
        if party is None:
            party = {"id": identifier, "name": _text(organisation.get("name")), "roles": []}
            source = _object(organisation.get("identifier"))
            ocds_identifier: dict[str, Any] = {}
            for key in ("scheme", "id", "legalName", "uri"):
                _put(ocds_identifier, key, _text(source.get(key)))
            _put(party, "identifier", ocds_identifier)
            _put(party, "address", _address(organisation.get("address")))
            scale = _text(organisation.get("scale"))
            if scale and scale != "not specified":
                party["details"] = {"scale": scale}
            if not party["name"]:
                party["name"] = ocds_identifier.get("legalName", "")
            self.by_id[identifier] = party
            if role != "procuringEntity" and is_private_person(organisation):
                self.natural_persons.add(identifier)
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": identifier, "name": party["name"]}

    def list(self) -> list[dict[str, Any]]:
        """Return the parties in the order they were met."""
        return list(self.by_id.values())


# -- Parts of tenders and contracts ----------------------------------------------------------------------------


def _classification(value: Any) -> dict[str, Any]:
    source = _object(value)
    classification: dict[str, Any] = {}
    scheme = _text(source.get("scheme"))
    _put(classification, "scheme", CLASSIFICATION_SCHEMES.get(scheme, scheme))
    _put(classification, "id", _text(source.get("id")))
    _put(classification, "description", _text(source.get("description")))
    return classification


def _items(value: Any, where: str) -> list[dict[str, Any]]:
    items = []
    for index, source in enumerate(_objects(value)):
        item: dict[str, Any] = {"id": _text(source.get("id")) or str(index + 1)}
        _put(item, "description", _text(source.get("description")))
        _put(item, "classification", _classification(source.get("classification")))
        _put(
            item,
            "additionalClassifications",
            [c for c in map(_classification, _objects(source.get("additionalClassifications"))) if c],
        )
        quantity = source.get("quantity")
        if quantity is not None:
            item["quantity"] = _number(quantity, f"{where}[{index}].quantity")
        unit_source = _object(source.get("unit"))
        unit: dict[str, Any] = {}
        _put(unit, "name", _text(unit_source.get("name")))
        if _text(unit_source.get("code")):
            unit["scheme"] = "UNCEFACT"
            unit["id"] = _text(unit_source.get("code"))
        _put(unit, "value", _value(unit_source.get("value"), f"{where}[{index}].unit.value"))
        _put(item, "unit", unit)
        _put(item, "relatedLot", _text(source.get("relatedLot")))
        _put(item, "deliveryAddress", _address(source.get("deliveryAddress")))
        _put(item, "deliveryDate", _period(source.get("deliveryDate")))
        items.append(item)
    return items


def _documents(value: Any) -> list[dict[str, Any]]:
    """Return the public documents; those Prozorro marks otherwise are not published."""
    documents = []
    for source in _objects(value):
        if source.get("confidentiality", "public") != "public" or not _text(source.get("id")):
            continue
        document: dict[str, Any] = {"id": _text(source["id"])}
        for key in ("documentType", "title", "description", "url", "format", "language"):
            _put(document, key, _text(source.get(key)))
        for key in ("datePublished", "dateModified"):
            _put(document, key, _datetime(source.get(key)))
        documents.append(document)
    # Prozorro lists every version of a document under the same id; the last one listed is the one in force.
    return list({document["id"]: document for document in documents}.values())


def _lots(value: Any) -> list[dict[str, Any]]:
    lots = []
    for index, source in enumerate(_objects(value)):
        lot: dict[str, Any] = {"id": _text(source.get("id")) or str(index + 1)}
        _put(lot, "title", _text(source.get("title")))
        _put(lot, "description", _text(source.get("description")))
        _put(lot, "status", tender_status(_text(source.get("status"))))
        _put(lot, "value", _value(source.get("value"), f"lots[{index}].value"))
        lots.append(lot)
    return lots


def _bids(value: Any, parties: _Parties) -> list[dict[str, Any]]:
    """Return the bids as details of the bids extension: one per lot a bid is for, each with its value."""
    details = []
    for index, source in enumerate(_objects(value)):
        status = BID_STATUSES.get(_text(source.get("status")))
        bid_id = _text(source.get("id"))
        if status is None or not bid_id:
            continue
        tenderers = [parties.add(tenderer, "tenderer") for tenderer in _objects(source.get("tenderers"))]
        common: dict[str, Any] = {"status": status, "tenderers": tenderers}
        _put(common, "date", _datetime(source.get("date")))
        lot_values = _objects(source.get("lotValues"))
        if not lot_values:
            detail = {"id": bid_id, **common}
            _put(detail, "value", _value(source.get("value"), f"bids[{index}].value"))
            details.append(detail)
        for position, lot_value in enumerate(lot_values):
            lot = _text(lot_value.get("relatedLot"))
            detail = {"id": f"{bid_id}-{lot}" if lot else bid_id, **common}
            _put(detail, "value", _value(lot_value.get("value"), f"bids[{index}].lotValues[{position}].value"))
            _put(detail, "relatedLots", [lot] if lot else [])
            details.append(detail)
    return details


def _awards(value: Any, parties: _Parties) -> list[dict[str, Any]]:
    awards = []
    for index, source in enumerate(_objects(value)):
        award_id = _text(source.get("id"))
        if not award_id:
            continue
        award: dict[str, Any] = {"id": award_id}
        _put(award, "title", _text(source.get("title")))
        status = _text(source.get("status"))
        _put(award, "status", status if status in AWARD_STATUSES else None)
        _put(award, "date", _datetime(source.get("date")))
        _put(award, "value", _value(source.get("value"), f"awards[{index}].value"))
        _put(award, "suppliers", [parties.add(supplier, "supplier") for supplier in _objects(source.get("suppliers"))])
        _put(award, "relatedLots", [_text(source["lotID"])] if _text(source.get("lotID")) else [])
        _put(award, "relatedBid", _text(source.get("bid_id")))
        _put(award, "contractPeriod", _period(source.get("period")))
        _put(award, "documents", _documents(source.get("documents")))
        awards.append(award)
    return awards


def _amendments(value: Any) -> list[dict[str, Any]]:
    amendments = []
    for source in _objects(value):
        if source.get("status") not in (None, "active") or not _text(source.get("id")):
            continue
        amendment: dict[str, Any] = {"id": _text(source["id"])}
        _put(amendment, "date", _datetime(source.get("dateSigned")) or _datetime(source.get("date")))
        _put(amendment, "rationale", _text(source.get("rationale")))
        kinds = [kind for kind in source.get("rationaleTypes") or [] if isinstance(kind, str)]
        _put(amendment, "description", ", ".join(kinds))
        amendments.append(amendment)
    return amendments


@dataclass(frozen=True)
class Transaction:
    """A payment under a contract, as Prozorro's contract implementation reports it."""

    transaction_id: str
    amount: int | float
    currency: str
    paid_at: datetime
    payer: dict[str, Any]
    payee: dict[str, Any]


def transactions_of(contract: dict[str, Any]) -> list[Transaction]:
    """Return the payments of a Prozorro contract's implementation; refuse one without an amount or a date."""
    found = []
    for index, source in enumerate(_objects(_object(contract.get("implementation")).get("transactions"))):
        where = f"implementation.transactions[{index}]"
        value = _value(source.get("value"), f"{where}.value")
        paid_at = parse_datetime(source.get("date"))
        identifier = source.get("id")
        if value is None or paid_at is None or not isinstance(identifier, str | int) or not str(identifier).strip():
            raise Unmappable(f"The payment at {where} lacks an id, an amount or a date.", field=where)
        found.append(
            Transaction(
                str(identifier).strip(),
                value["amount"],
                value["currency"],
                paid_at,
                _object(source.get("payer")),
                _object(source.get("payee")),
            )
        )
    return found


def _implementation(contract: dict[str, Any], parties: _Parties) -> dict[str, Any]:
    transactions = []
    for transaction in transactions_of(contract):
        ocds: dict[str, Any] = {
            "id": transaction.transaction_id,
            "date": transaction.paid_at.isoformat(),
            "value": {"amount": transaction.amount, "currency": transaction.currency},
        }
        if transaction.payer:
            ocds["payer"] = parties.add(transaction.payer, "payer")
        if transaction.payee:
            ocds["payee"] = parties.add(transaction.payee, "payee")
        transactions.append(ocds)
    return {"transactions": transactions} if transactions else {}


def _contract(source: dict[str, Any], where: str, parties: _Parties | None = None) -> dict[str, Any]:
    contract: dict[str, Any] = {"id": _text(source.get("id"))}
    _put(contract, "awardID", _text(source.get("awardID")))
    _put(contract, "title", _text(source.get("title")))
    _put(contract, "description", _text(source.get("description")))
    _put(contract, "status", CONTRACT_STATUSES.get(_text(source.get("status"))))
    _put(contract, "value", _value(source.get("value"), f"{where}.value"))
    _put(contract, "dateSigned", _datetime(source.get("dateSigned")))
    _put(contract, "period", _period(source.get("period")))
    _put(contract, "items", _items(source.get("items"), f"{where}.items"))
    _put(contract, "documents", _documents(source.get("documents")))
    _put(contract, "amendments", _amendments(source.get("changes")))
    if parties is not None:
        _put(contract, "implementation", _implementation(source, parties))
    return contract


def amount_paid(contract: dict[str, Any]) -> tuple[Decimal, str] | None:
    """Return what a contract says was paid under it in all, None when it says nothing or nothing was paid."""
    value = _value(contract.get("amountPaid"), "amountPaid")
    if value is None or value["amount"] <= 0:
        return None
    return decimal_amount(value["amount"]), value["currency"]


# -- Releases ---------------------------------------------------------------------------------------------------


def ocid_of(tender_id: str) -> str:
    """Return the ocid of the contracting process of a Prozorro tender id."""
    return f"{settings.DREAM_OCDS_PREFIX}{tender_id}"


def _tender_id(document: dict[str, Any]) -> str:
    tender_id = document.get("tenderID")
    if not isinstance(tender_id, str) or not TENDER_ID.fullmatch(tender_id):
        raise Unmappable(
            f"The tender's tenderID {tender_id!r} is not a Prozorro tender id such as UA-2024-05-13-001234-a.",
            field="tenderID",
        )
    return tender_id


def _data(document: Any, what: str) -> dict[str, Any]:
    """Return the object under "data" of a Prozorro answer, or refuse an answer without one."""
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise Unmappable(f"The answer holds no {what} object under 'data'.", field="data")
    return data


def _release(ocid: str, release_id: str, date: str, tags: list[str], parties: _Parties) -> dict[str, Any]:
    return {
        "ocid": ocid,
        "id": release_id,
        "date": date,
        "tag": tags,
        "initiationType": "tender",
        "language": "uk",
        "parties": parties.list(),
    }


def tender_id_of(answer: Any) -> str:
    """Return the public tender id of a Prozorro tender answer, or refuse one without a valid id."""
    return _tender_id(_data(answer, "tender"))


def tender_release(answer: Any) -> dict[str, Any]:
    """Map a Prozorro tender (the answer of ``GET /tenders/{id}``) to an OCDS release of its contracting process.

    The release's id is the ocid and the tender's dateModified, so each version of the tender is a release of its own
    and the same version always maps to the same release.
    """
    document = _data(answer, "tender")
    tender_id = _tender_id(document)
    ocid = ocid_of(tender_id)
    modified = _required_datetime(document, "dateModified", "tender")
    status = _text(document.get("status"))
    parties = _Parties()

    procuring = _object(document.get("procuringEntity"))
    if not procuring:
        raise Unmappable("The tender names no procuringEntity.", field="procuringEntity")
    buyer = parties.add(procuring, "procuringEntity")
    parties.add(procuring, "buyer")

    tender: dict[str, Any] = {"id": _text(document.get("id")) or tender_id}
    _put(tender, "title", _text(document.get("title")))
    _put(tender, "description", _text(document.get("description")))
    _put(tender, "status", tender_status(status))
    _put(tender, "value", _value(document.get("value"), "value"))
    method = _text(document.get("procurementMethod"))
    _put(tender, "procurementMethod", method if method in PROCUREMENT_METHODS else None)
    _put(tender, "procurementMethodDetails", _text(document.get("procurementMethodType")))
    category = _text(document.get("mainProcurementCategory"))
    _put(tender, "mainProcurementCategory", category if category in CATEGORIES else None)
    _put(tender, "submissionMethod", [_text(document["submissionMethod"])] if document.get("submissionMethod") else [])
    for key in ("tenderPeriod", "enquiryPeriod", "awardPeriod"):
        _put(tender, key, _period(document.get(key)))
    _put(tender, "items", _items(document.get("items"), "items"))
    _put(tender, "lots", _lots(document.get("lots")))
    _put(tender, "documents", _documents(document.get("documents")))
    tender["procuringEntity"] = buyer

    bids = _bids(document.get("bids"), parties)
    awards = _awards(document.get("awards"), parties)
    contracts = [
        _contract(source, f"contracts[{index}]")
        for index, source in enumerate(_objects(document.get("contracts")))
        if _text(source.get("id"))
    ]
    tenderers = {detail_tenderer["id"]: detail_tenderer for bid in bids for detail_tenderer in bid["tenderers"]}
    _put(tender, "tenderers", list(tenderers.values()))
    if bids:
        tender["numberOfTenderers"] = len(tenderers)

    if status == "cancelled":
        tags = ["tenderCancellation"]
    else:
        tags = ["tender", *(["award"] if awards else []), *(["contract"] if contracts else [])]
    release = _release(ocid, f"{ocid}-{modified}", modified, tags, parties)
    release["buyer"] = buyer
    release["tender"] = tender
    _put(release, "bids", {"details": bids} if bids else None)
    _put(release, "awards", awards)
    _put(release, "contracts", contracts)
    return without_personal_data(release, natural_persons=parties.natural_persons)


def contract_tender(answer: Any) -> str:
    """Return the internal id of the tender a Prozorro contract was awarded in, or refuse a contract without one."""
    document = _data(answer, "contract")
    tender = document.get("tender_id")
    if not isinstance(tender, str) or not tender:
        raise Unmappable("The contract names no tender_id, so its contracting process is unknown.", field="tender_id")
    return tender


def contract_release(answer: Any, tender_id: str) -> dict[str, Any]:
    """Map a Prozorro contract (the answer of ``GET /contracts/{id}``) to a release of its tender's process.

    The tags say what the version tells: a termination, an amendment, payments made, or the contract itself.
    """
    document = _data(answer, "contract")
    contract_id = _text(document.get("id"))
    if not contract_id:
        raise Unmappable("The contract has no id.", field="id")
    if not TENDER_ID.fullmatch(tender_id):
        raise Unmappable(f"The contract's tender has the id {tender_id!r}, not a Prozorro tender id.", field="tender")
    ocid = ocid_of(tender_id)
    modified = _required_datetime(document, "dateModified", "contract")
    parties = _Parties()

    buyer_source = _object(document.get("buyer")) or _object(document.get("procuringEntity"))
    buyer = parties.add(buyer_source, "buyer") if buyer_source else None
    suppliers = [parties.add(supplier, "supplier") for supplier in _objects(document.get("suppliers"))]
    contract = _contract(document, "contract", parties)
    amount_paid = _value(document.get("amountPaid"), "amountPaid")
    _put(contract, "amountPaid", amount_paid)
    _put(contract, "suppliers", suppliers)
    _put(contract, "contractID", _text(document.get("contractID")))

    status = _text(document.get("status"))
    if status == "terminated":
        tags = ["contractTermination"]
    else:
        tags = ["contractAmendment" if contract.get("amendments") else "contract"]
    if contract.get("implementation"):
        tags.append("implementation")
    release = _release(ocid, f"{ocid}-contract-{contract_id}-{modified}", modified, tags, parties)
    _put(release, "buyer", buyer)
    release["contracts"] = [contract]
    return without_personal_data(release, natural_persons=parties.natural_persons)


# -- Plans ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFacts:
    """What a Prozorro plan says, read from its own format."""

    prozorro_id: str
    plan_id: str
    status: str
    date_modified: datetime
    buyer_edrpou: str
    buyer_name: str
    budget_amount: Decimal | None
    budget_currency: str
    katottg_codes: list[str]
    project_title: str
    project_uri: str
    project_code: str
    tender_prozorro_id: str


def _katottg_codes(budget: dict[str, Any]) -> list[str]:
    codes = []
    for line in _objects(budget.get("breakdown")):
        for detail in _objects(_object(line.get("address")).get("addressDetails")):
            code = _text(detail.get("id"))
            if _text(detail.get("scheme")) in KATOTTG_SCHEMES and KATOTTG.fullmatch(code) and code not in codes:
                codes.append(code)
    return codes


def dream_project_code(*texts: str) -> str:
    """Return the first DREAM project code found in the texts, or nothing."""
    for text in texts:
        found = DREAM_PROJECT_CODE.search(text)
        if found:
            return found.group(0)
    return ""


def plan_facts(answer: Any) -> PlanFacts:
    """Read a Prozorro plan (the answer of ``GET /plans/{id}``): its buyer, budget, places, project and tender."""
    document = _data(answer, "plan")
    prozorro_id = _text(document.get("id"))
    plan_id = _text(document.get("planID"))
    if not prozorro_id or not plan_id:
        raise Unmappable("The plan lacks its id or its planID.", field="planID")
    modified = parse_datetime(document.get("dateModified"))
    if modified is None:
        raise Unmappable(f"The plan's dateModified {document.get('dateModified')!r} is not a date and time.")

    buyers = _objects(document.get("buyers"))
    buyer = buyers[0] if buyers else _object(document.get("procuringEntity"))
    budget = _object(document.get("budget"))
    amount = budget.get("amount")
    currency = _text(budget.get("currency"))
    value = _value({"amount": amount, "currency": currency}, "budget") if amount is not None else None
    project = _object(document.get("project"))
    title, uri = _text(project.get("title")), _text(project.get("uri"))
    code = dream_project_code(
        uri, title, _text(budget.get("description")), _text(document.get("description")), _text(project.get("id"))
    )
    return PlanFacts(
        prozorro_id=prozorro_id,
        plan_id=plan_id,
        status=_text(document.get("status")),
        date_modified=modified,
        buyer_edrpou=edrpou_of(buyer),
        buyer_name=_text(buyer.get("name")),
        budget_amount=None if value is None else decimal_amount(value["amount"]),
        budget_currency="" if value is None else value["currency"],
        katottg_codes=_katottg_codes(budget),
        project_title=title,
        project_uri=uri,
        project_code=code,
        tender_prozorro_id=_text(document.get("tender_id")),
    )


def tender_plan_ids(answer: Any) -> list[str]:
    """Return the internal ids of the plans a Prozorro tender says it carries out."""
    return [_text(plan.get("id")) for plan in _objects(_data(answer, "tender").get("plans")) if _text(plan.get("id"))]

"""Every write to contracting: OCDS releases recorded as they arrive, and processes linked to their projects."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import ocdsmerge_rs
import orjson
from django.conf import settings
from django.db import transaction

from accounts.models import User
from audit.services import record_event
from contracting.codes import RELEASE_TAGS, TENDER_ID, PaymentSource, ReleaseSource
from contracting.exceptions import AlreadyLinked, InvalidPayment, InvalidRelease, UnrelatedProcess
from contracting.models import ContractingProcess, Payment, ProcessContract, Release
from contracting.queries import get_process_for_update
from projects.authority import editor_organisation
from projects.queries import get_project_for_update

EDRPOU = re.compile(r"\d{8}")
CURRENCY = re.compile(r"[A-Z]{3}")
MAX_AMOUNT = Decimal("1e16")


class Outcome(StrEnum):
    """What recording a release did."""

    CREATED = "created"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RecordedRelease:
    """A release as now recorded, and whether recording it changed anything."""

    release: Release
    outcome: Outcome


@dataclass(frozen=True)
class _CheckedRelease:
    """A release that has what every release must have, with those fields read."""

    document: dict[str, Any]
    ocid: str
    tender_id: str
    release_id: str
    date: datetime
    tags: list[str]


@dataclass(frozen=True)
class _Summary:
    """What the list of processes shows, read from the compiled record."""

    title: str
    status: str
    procuring_entity_edrpou: str
    procuring_entity_name: str
    value_amount: Decimal | None
    value_currency: str


def _check_release(release: Any) -> _CheckedRelease:
    """Return the release with its identifying fields read, or refuse it naming the field that is wrong."""
    if not isinstance(release, dict):
        raise InvalidRelease(f"An OCDS release is a JSON object, not {type(release).__name__}.", field="release")
    try:
        document: dict[str, Any] = orjson.loads(orjson.dumps(release))
    except orjson.JSONEncodeError as error:
        raise InvalidRelease(f"The release cannot be written as JSON: {error}.", field="release") from error

    prefix = settings.DREAM_OCDS_PREFIX
    ocid = document.get("ocid")
    if not isinstance(ocid, str) or not ocid.startswith(prefix):
        raise InvalidRelease(f"The release's ocid {ocid!r} does not start with the prefix {prefix!r}.", field="ocid")
    tender_id = ocid.removeprefix(prefix)
    if not TENDER_ID.fullmatch(tender_id):
        raise InvalidRelease(
            f"The ocid {ocid!r} must be {prefix} and a Prozorro tender id, such as {prefix}UA-2024-05-13-001234-a.",
            field="ocid",
        )

    release_id = document.get("id")
    if not isinstance(release_id, str) or not release_id.strip():
        raise InvalidRelease(
            f"The release needs an id: a non-empty string, unique within {ocid}; it has {release_id!r}.", field="id"
        )

    text = document.get("date")
    try:
        date = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        date = None
    if date is None or date.tzinfo is None:
        raise InvalidRelease(
            f"The release's date {text!r} must be a date and time with its offset, such as 2024-05-13T10:21:07+03:00.",
            field="date",
        )

    tags = document.get("tag")
    if not isinstance(tags, list) or not tags or not all(isinstance(tag, str) for tag in tags):
        raise InvalidRelease(
            f"The release needs a tag: a non-empty list of OCDS release tags, such as ['tender']; it has {tags!r}.",
            field="tag",
        )
    unknown = [tag for tag in tags if tag not in RELEASE_TAGS]
    if unknown:
        raise InvalidRelease(
            f"{unknown[0]!r} is not an OCDS release tag; use one of {', '.join(sorted(RELEASE_TAGS))}.", field="tag"
        )
    return _CheckedRelease(document, ocid, tender_id, release_id, date, tags)


def _compiled(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge a process's releases into its compiled release, for the summary the domain keeps."""
    # The summary reads only fields that merge the same with or without the schema's merge rules (none is omitted
    # or merged as a whole list), so the domain compiles without the schema files, which only publishing needs.
    # Releases are ordered by their date as written, as the reference implementation orders them.
    ordered = sorted(documents, key=lambda document: document["date"])
    compiled: dict[str, Any] = ocdsmerge_rs.Merger().create_compiled_release(ordered)
    return compiled


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _money(value: Any) -> tuple[Decimal | None, str]:
    """Return an OCDS Value's amount and currency, or nothing if either is missing or malformed."""
    amount, currency = _object(value).get("amount"), _object(value).get("currency")
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not isinstance(currency, str):
        return None, ""
    try:
        exact = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None, ""
    if not exact.is_finite() or abs(exact) >= MAX_AMOUNT or len(currency) != 3:  # noqa: PLR2004 - ISO 4217 codes.
        return None, ""
    return exact, currency


def _contracts_total(contracts: list[dict[str, Any]]) -> tuple[Decimal | None, str]:
    """Return the total value of the contracts not cancelled, if they share one currency."""
    values = [_money(contract.get("value")) for contract in contracts if contract.get("status") != "cancelled"]
    currencies = {currency for amount, currency in values if amount is not None}
    if len(currencies) != 1 or any(amount is None for amount, _ in values):
        return None, ""
    return sum((amount for amount, _ in values if amount is not None), Decimal(0)), currencies.pop()


def _procuring_entity(compiled: dict[str, Any]) -> tuple[str, str]:
    """Return the EDRPOU code (if it has one) and name of the process's procuring entity, or of its buyer."""
    parties = _objects(compiled.get("parties"))
    party = next((party for party in parties if "procuringEntity" in (party.get("roles") or [])), None)
    if party is None:
        reference = _object(_object(compiled.get("tender")).get("procuringEntity")) or _object(compiled.get("buyer"))
        party = next((party for party in parties if party.get("id") == reference.get("id")), reference)
    identifier = _object(party.get("identifier"))
    if identifier.get("scheme") == "UA-EDR":
        code = _text(identifier.get("id"))
    else:
        code = _text(party.get("id")).removeprefix("UA-EDR-")
    edrpou = code if EDRPOU.fullmatch(code) else ""
    return edrpou, _text(party.get("name")) or _text(identifier.get("legalName"))


def _summary(compiled: dict[str, Any]) -> _Summary:
    tender = _object(compiled.get("tender"))
    contracts = _objects(compiled.get("contracts"))
    title = _text(tender.get("title")) or next((_text(c["title"]) for c in contracts if _text(c.get("title"))), "")
    amount, currency = _money(tender.get("value"))
    if amount is None:
        amount, currency = _contracts_total(contracts)
    edrpou, name = _procuring_entity(compiled)
    return _Summary(title, _text(tender.get("status")), edrpou, name, amount, currency)


def _check_source(source: str) -> None:
    if source not in ReleaseSource.values:
        raise InvalidRelease(
            f"{source!r} is not a source of releases; use one of {', '.join(ReleaseSource.values)}.", field="source"
        )


def record_release(
    release: dict[str, Any], *, source: str, project_code: str | None = None, actor: User | None = None
) -> RecordedRelease:
    """Record an OCDS release of a contracting process; the same release again changes nothing.

    A release whose ocid is new starts a contracting process. A release with an id the process already holds
    replaces the one held, if it differs. Either way the process's summary is read again from its compiled record,
    and the change is an audit event. With a project code, the process is linked to that project, as the source
    states it (a Prozorro plan names the DREAM project it serves).
    """
    checked = _check_release(release)
    _check_source(source)

    with transaction.atomic():
        project = get_project_for_update(project_code) if project_code else None
        process = (
            ContractingProcess.objects.select_for_update(of=("self",))
            .select_related("project")
            .filter(ocid=checked.ocid)
            .first()
        )
        held = [] if process is None else list(process.releases.all())
        existing = next((row for row in held if row.release_id == checked.release_id), None)
        relink = project is not None and (process is None or process.project_id != project.pk)
        link_before = {"project": process.project.code if process and process.project else None}

        if existing is not None and existing.document == checked.document:
            if relink and process is not None and project is not None:
                record_event(
                    actor=actor,
                    action="contracting.process_linked",
                    object_type="contracting_process",
                    object_id=checked.ocid,
                    before=link_before,
                    after={"project": project.code, "source": source},
                )
                ContractingProcess.objects.filter(pk=process.pk).update(project=project)
            return RecordedRelease(existing, Outcome.UNCHANGED)

        others = [row.document for row in held if row is not existing]
        compiled = _compiled([*others, checked.document])
        summary = _summary(compiled)
        after: dict[str, Any] = {
            "release": checked.release_id,
            "date": checked.document["date"],
            "tags": checked.tags,
            "source": source,
        }
        if relink and project is not None:
            after["project"] = project.code
        event = record_event(
            actor=actor,
            action="contracting.release_replaced" if existing else "contracting.release_recorded",
            object_type="contracting_process",
            object_id=checked.ocid,
            before=None if existing is None else {"release": existing.release_id, "tags": existing.tag_list},
            after=after,
        )

        if process is None:
            process = ContractingProcess(ocid=checked.ocid, tender_id=checked.tender_id)
        if relink:
            process.project = project
        process.title = summary.title
        process.status = summary.status
        process.procuring_entity_edrpou = summary.procuring_entity_edrpou
        process.procuring_entity_name = summary.procuring_entity_name
        process.value_amount = summary.value_amount
        process.value_currency = summary.value_currency
        process.source = source
        process.updated_at = event.occurred_at
        process.save()

        _index_contracts(process, compiled)
        row = existing or Release(process=process, release_id=checked.release_id)
        row.date = checked.date
        row.tags = " ".join(checked.tags)
        row.document = checked.document
        row.recorded_at = event.occurred_at
        row.save()
    return RecordedRelease(row, Outcome.REPLACED if existing else Outcome.CREATED)


def link_process_to_project(*, actor: User, ocid: str, project_code: str) -> ContractingProcess:
    """Link a contracting process to the project it serves, for an editor of the project's initiator.

    The process must have been procured by an organisation with a role in the project, and not be linked to another
    project already.
    """
    with transaction.atomic():
        project = get_project_for_update(project_code)
        acting_for = editor_organisation(actor, project)
        process = get_process_for_update(ocid)
        if process.project_id == project.pk:
            return process
        if process.project_id is not None:
            linked = process.project.code if process.project else ""
            raise AlreadyLinked(
                f"Contracting process {ocid} serves project {linked}; its initiator must unlink it first."
            )
        parties = set(project.parties.values_list("organisation__edrpou", flat=True))
        if process.procuring_entity_edrpou not in parties:
            procurer = process.procuring_entity_edrpou or "an organisation without an EDRPOU code"
            raise UnrelatedProcess(
                f"Contracting process {ocid} was procured by {procurer}, which has no role in project "
                f"{project.code}; only a process procured by one of the project's parties can serve it."
            )

        record_event(
            actor=actor,
            actor_organisation=acting_for.edrpou,
            action="contracting.process_linked",
            object_type="contracting_process",
            object_id=ocid,
            before={"project": None},
            after={"project": project.code},
        )
        ContractingProcess.objects.filter(pk=process.pk).update(project=project)
        process.project = project
    return process


@dataclass(frozen=True)
class PaymentFacts:
    """What a source says about one payment, already read from its own format."""

    source: str
    external_id: str
    amount: Decimal
    currency: str
    paid_on: date
    payer_edrpou: str = ""
    payer_name: str = ""
    recipient_edrpou: str = ""
    recipient_name: str = ""
    recipient_is_private: bool = False
    contract_id: str = ""
    purpose: str = ""


def _check_payment(facts: PaymentFacts) -> dict[str, Any]:
    """Return the payment's fields as they are kept, or refuse it naming the field that is wrong."""
    if facts.source not in PaymentSource.values:
        raise InvalidPayment(
            f"{facts.source!r} is not a source of payments; use one of {', '.join(PaymentSource.values)}.",
            field="source",
        )
    if not facts.external_id.strip():
        raise InvalidPayment("A payment needs its identifier in its source.", field="external_id")
    if not facts.amount.is_finite() or facts.amount <= 0 or facts.amount >= MAX_AMOUNT:
        raise InvalidPayment(f"A payment's amount must be positive and finite, not {facts.amount}.", field="amount")
    if facts.amount != facts.amount.quantize(Decimal("0.01")):
        raise InvalidPayment(f"The amount {facts.amount} has more than two decimal places.", field="amount")
    if not CURRENCY.fullmatch(facts.currency):
        raise InvalidPayment(
            f"{facts.currency!r} is not an ISO 4217 currency code of three Latin capitals, such as UAH.",
            field="currency",
        )
    for field, longest in (("external_id", 128), ("contract_id", 64)):
        if len(getattr(facts, field)) > longest:
            raise InvalidPayment(f"A payment's {field} has at most {longest} characters.", field=field)
    # A private recipient's code (an RNOKPP, or a masked one) is never kept, so it is not checked either.
    checked = ("payer_edrpou",) if facts.recipient_is_private else ("payer_edrpou", "recipient_edrpou")
    for field in checked:
        code = getattr(facts, field)
        if code and not EDRPOU.fullmatch(code):
            raise InvalidPayment(f"{code!r} is not an EDRPOU code of eight digits.", field=field)
    private = facts.recipient_is_private
    return {
        "contract_id": facts.contract_id.strip(),
        "payer_edrpou": facts.payer_edrpou,
        "payer_name": facts.payer_name.strip(),
        # A private person's identity is not kept: the raw payload holds it, and it is never published.
        "recipient_edrpou": "" if private else facts.recipient_edrpou,
        "recipient_name": "" if private else facts.recipient_name.strip(),
        "recipient_is_private": private,
        "amount": facts.amount.quantize(Decimal("0.01")),
        "currency": facts.currency,
        "paid_on": facts.paid_on,
        "purpose": facts.purpose.strip(),
    }


def record_payment(facts: PaymentFacts, *, actor: User | None = None) -> tuple[Payment, Outcome]:
    """Record a payment as its source reports it; the same facts again change nothing.

    A payment that names a Prozorro contract is tied to that contract's process when a release of the process
    holds the contract.
    """
    fields = _check_payment(facts)
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update().filter(source=facts.source, external_id=facts.external_id).first()
        )
        before = None if payment is None else {key: getattr(payment, key) for key in fields}
        same_contract = payment is not None and payment.contract_id == fields["contract_id"]
        process_id = payment.process_id if payment is not None and same_contract else None
        if fields["contract_id"] and process_id is None:
            process_id = _process_of_contract(fields["contract_id"])
        if before == fields and (payment is None or payment.process_id == process_id):
            assert payment is not None  # noqa: S101 - before equals fields only for a payment already held.
            return payment, Outcome.UNCHANGED
        event = record_event(
            actor=actor,
            action="contracting.payment_changed" if payment else "contracting.payment_recorded",
            object_type="payment",
            object_id=f"{facts.source}:{facts.external_id}",
            before=before,
            after=fields,
        )
        outcome = Outcome.REPLACED if payment else Outcome.CREATED
        payment = payment or Payment(source=facts.source, external_id=facts.external_id)
        for key, value in fields.items():
            setattr(payment, key, value)
        payment.process_id = process_id
        payment.recorded_at = event.occurred_at
        payment.save()
    return payment, outcome


def _process_of_contract(contract_id: str) -> int | None:
    """Return the process that holds a contract with this id, if one does."""
    return ProcessContract.objects.filter(contract_id=contract_id).values_list("process_id", flat=True).first()


def _index_contracts(process: ContractingProcess, compiled: dict[str, Any]) -> None:
    """Keep the process's contracts findable by id, and tie the payments already waiting for them."""
    for contract in _objects(compiled.get("contracts")):
        contract_id = _text(contract.get("id"))
        if not contract_id:
            continue
        amount, currency = _money(contract.get("value"))
        ProcessContract.objects.update_or_create(
            contract_id=contract_id,
            defaults={
                "process": process,
                "status": _text(contract.get("status")),
                "value_amount": amount,
                "value_currency": currency,
            },
        )
        Payment.objects.filter(contract_id=contract_id, process=None).update(process=process)

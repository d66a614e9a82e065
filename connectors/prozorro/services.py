"""Every write the Prozorro connector makes: a fetched document kept, mapped and recorded, and plans linked.

Each ``record_*`` function takes one document as fetched, keeps its body (provenance), maps it and records it through
the domain's services, and notes the version it mapped; it raises ``DreamError`` (``Unmappable`` above all) when the
document cannot be mapped, for the caller to quarantine. Call them inside a transaction: the sync wraps a whole feed
page and its cursor in one.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from django.db import transaction

from audit.services import record_event
from connectors.exceptions import SourceUnavailable
from connectors.http import Fetched
from connectors.prozorro import mapping
from connectors.prozorro.client import ProzorroClient
from connectors.prozorro.exceptions import InvalidTenderId, TenderNotFound
from connectors.prozorro.models import DocumentKind, MappedVersion, PlanRecord
from connectors.services import keep_raw
from contracting.codes import TENDER_ID
from contracting.models import ContractingProcess
from contracting.services import Outcome, PaymentFacts, record_payment, record_release
from projects.models import Project

SYSTEM = "prozorro"
SOURCE = "prozorro"
# A tender's internal id in the Prozorro API: the 32 hexadecimal characters of its address there.
INTERNAL_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Recorded:
    """What recording one document did, and the public tender id it belongs to (when it is a tender or contract)."""

    outcome: Outcome
    tender_id: str = ""


def _date_modified(fetched: Fetched) -> str:
    data = fetched.data.get("data") if isinstance(fetched.data, dict) else None
    modified = data.get("dateModified") if isinstance(data, dict) else None
    return modified if isinstance(modified, str) else ""


def note_version(*, kind: str, prozorro_id: str, date_modified: str, tender_id: str = "") -> None:
    """Note the version of a document now mapped, so the same version is not fetched again."""
    MappedVersion.objects.bulk_create(
        [MappedVersion(kind=kind, prozorro_id=prozorro_id, date_modified=date_modified, tender_id=tender_id)],
        update_conflicts=True,
        unique_fields=["kind", "prozorro_id"],
        update_fields=["date_modified", "tender_id"],
    )


def known_versions(kind: str, prozorro_ids: list[str]) -> dict[str, MappedVersion]:
    """Return the versions already mapped of these documents, by internal id."""
    rows = MappedVersion.objects.filter(kind=kind, prozorro_id__in=prozorro_ids)
    return {row.prozorro_id: row for row in rows}


def plan_projects(*, tender_ids: list[str], plan_ids: list[str]) -> dict[str, str]:
    """Return the DREAM project codes of the plans that name these tenders or that these plans are, by plan and tender.

    The keys are the internal ids of tenders (for plans that say which tender they led to) and of plans.
    """
    plans = PlanRecord.objects.filter(project__isnull=False).select_related("project")
    found: dict[str, str] = {}
    for plan in plans.filter(tender_prozorro_id__in=tender_ids) if tender_ids else []:
        assert plan.project is not None  # noqa: S101 - filtered on above.
        found[plan.tender_prozorro_id] = plan.project.code
    for plan in plans.filter(prozorro_id__in=plan_ids) if plan_ids else []:
        assert plan.project is not None  # noqa: S101 - filtered on above.
        found[plan.prozorro_id] = plan.project.code
    return found


def record_tender(fetched: Fetched, *, prozorro_id: str, project_code: str | None = None) -> Recorded:
    """Keep, map and record one version of a tender, linked to the project its plan names when there is one.

    ``prozorro_id`` is the id the tender was fetched by, which the feeds list it under.
    """
    release = mapping.tender_release(fetched.data)
    tender_id = release["ocid"].removeprefix(mapping.ocid_of(""))
    with transaction.atomic():
        keep_raw(system=SYSTEM, kind=DocumentKind.TENDER, external_id=prozorro_id, body=fetched.body, url=fetched.url)
        recorded = record_release(release, source=SOURCE, project_code=project_code)
        note_version(
            kind=DocumentKind.TENDER,
            prozorro_id=prozorro_id,
            date_modified=_date_modified(fetched),
            tender_id=tender_id,
        )
    return Recorded(recorded.outcome, tender_id)


def _organisation_facts(organisation: dict[str, Any]) -> tuple[str, str]:
    return mapping.edrpou_of(organisation), str(organisation.get("name") or "")


def _record_payments(document: dict[str, Any], contract_id: str) -> None:
    """Record the payments a contract reports: its transactions, else what a terminated contract says was paid."""
    transactions = mapping.transactions_of(document)
    for transaction_facts in transactions:
        payer_edrpou, payer_name = _organisation_facts(transaction_facts.payer)
        private = mapping.is_private_person(transaction_facts.payee)
        recipient_edrpou, recipient_name = _organisation_facts(transaction_facts.payee)
        if transaction_facts.amount <= 0:
            continue
        record_payment(
            PaymentFacts(
                source=SOURCE,
                external_id=transaction_facts.transaction_id,
                amount=mapping.decimal_amount(transaction_facts.amount),
                currency=transaction_facts.currency,
                paid_on=transaction_facts.paid_at.date(),
                payer_edrpou=payer_edrpou,
                payer_name=payer_name,
                recipient_edrpou=recipient_edrpou,
                recipient_name=recipient_name,
                recipient_is_private=private,
                contract_id=contract_id,
            )
        )

    amount_paid = mapping.amount_paid(document)
    modified = mapping.parse_datetime(document.get("dateModified"))
    if transactions or document.get("status") != "terminated" or amount_paid is None or modified is None:
        return
    buyer = document["buyer"] if isinstance(document.get("buyer"), dict) else {}
    suppliers = [supplier for supplier in document.get("suppliers") or [] if isinstance(supplier, dict)]
    supplier = suppliers[0] if suppliers else {}
    payer_edrpou, payer_name = _organisation_facts(buyer)
    recipient_edrpou, recipient_name = _organisation_facts(supplier)
    amount, currency = amount_paid
    record_payment(
        PaymentFacts(
            source=SOURCE,
            external_id=f"{contract_id}-amountPaid",
            amount=amount,
            currency=currency,
            paid_on=modified.date(),
            payer_edrpou=payer_edrpou,
            payer_name=payer_name,
            recipient_edrpou=recipient_edrpou,
            recipient_name=recipient_name,
            recipient_is_private=mapping.is_private_person(supplier),
            contract_id=contract_id,
            purpose="Paid under the contract in all, as its buyer reported when it was terminated.",
        )
    )


def record_contract(fetched: Fetched, *, prozorro_id: str, tender_id: str) -> Recorded:
    """Keep, map and record one version of a contract as a release of its tender's process, and its payments."""
    with transaction.atomic():
        keep_raw(
            system=SYSTEM, kind=DocumentKind.CONTRACT, external_id=prozorro_id, body=fetched.body, url=fetched.url
        )
        release = mapping.contract_release(fetched.data, tender_id)
        recorded = record_release(release, source=SOURCE)
        _record_payments(fetched.data["data"], release["contracts"][0]["id"])
        note_version(
            kind=DocumentKind.CONTRACT,
            prozorro_id=prozorro_id,
            date_modified=_date_modified(fetched),
            tender_id=tender_id,
        )
    return Recorded(recorded.outcome, tender_id)


def _plan_fields(facts: mapping.PlanFacts, project: Project | None) -> dict[str, Any]:
    return {
        "plan_id": facts.plan_id,
        "status": facts.status,
        "date_modified": facts.date_modified,
        "buyer_edrpou": facts.buyer_edrpou,
        "buyer_name": facts.buyer_name,
        "budget_amount": facts.budget_amount,
        "budget_currency": facts.budget_currency,
        "katottg_codes": " ".join(facts.katottg_codes),
        "project_title": facts.project_title,
        "project_uri": facts.project_uri,
        "project_code": facts.project_code,
        "project_id": project.pk if project is not None else None,
        "tender_prozorro_id": facts.tender_prozorro_id,
    }


def _comparable(fields: dict[str, Any]) -> dict[str, Any]:
    """Return the fields as the audit log writes them: times in UTC and amounts as text."""
    comparable = {}
    for key, value in fields.items():
        if isinstance(value, datetime):
            comparable[key] = value.astimezone(UTC).isoformat()
        elif isinstance(value, Decimal):
            comparable[key] = str(value)
        else:
            comparable[key] = value
    return comparable


def record_plan(fetched: Fetched, *, prozorro_id: str) -> Recorded:
    """Keep, read and upsert one version of a plan; link it, and the process of its tender, to the project it names."""
    facts = mapping.plan_facts(fetched.data)
    project = Project.objects.filter(code=facts.project_code).first() if facts.project_code else None
    fields = _plan_fields(facts, project)

    with transaction.atomic():
        raw = keep_raw(
            system=SYSTEM, kind=DocumentKind.PLAN, external_id=prozorro_id, body=fetched.body, url=fetched.url
        )
        plan = PlanRecord.objects.select_for_update().filter(prozorro_id=prozorro_id).first()
        before = None if plan is None else _comparable({key: getattr(plan, key) for key in fields})
        after = _comparable(fields)
        if before == after and plan is not None and plan.raw_id == raw.pk:
            outcome = Outcome.UNCHANGED
        else:
            event = record_event(
                actor=None,
                action="prozorro.plan_changed" if plan else "prozorro.plan_recorded",
                object_type="procurement_plan",
                object_id=facts.plan_id,
                before=before,
                after=after,
            )
            outcome = Outcome.REPLACED if plan else Outcome.CREATED
            plan = plan or PlanRecord(prozorro_id=prozorro_id)
            for key, value in fields.items():
                setattr(plan, key, value)
            plan.raw = raw
            plan.updated_at = event.occurred_at
            plan.save()
        if project is not None and facts.tender_prozorro_id:
            _link_tender_process(facts.tender_prozorro_id, project)
        note_version(kind=DocumentKind.PLAN, prozorro_id=prozorro_id, date_modified=_date_modified(fetched))
    return Recorded(outcome)


def _link_tender_process(tender_prozorro_id: str, project: Project) -> None:
    """Link the process of a tender already recorded to a project, by recording its latest release with the code."""
    version = MappedVersion.objects.filter(kind=DocumentKind.TENDER, prozorro_id=tender_prozorro_id).first()
    if version is None or not version.tender_id:
        return
    process = ContractingProcess.objects.filter(ocid=mapping.ocid_of(version.tender_id)).first()
    if process is None or process.project_id == project.pk:
        return
    latest = process.releases.order_by("-date", "-id").first()
    if latest is not None:
        record_release(latest.document, source=SOURCE, project_code=project.code)


def ensure_tender(tender: str, *, client: ProzorroClient) -> str:
    """Return the ocid of a tender's contracting process, fetching and recording the tender if it is not held yet.

    The tender is named by its public id (UA-YYYY-MM-DD-NNNNNN-x), which finds only a tender already held, or by its
    internal id in the Prozorro API, which fetches it from Prozorro when it is not held.
    """
    tender = tender.strip()
    if TENDER_ID.fullmatch(tender):
        ocid = mapping.ocid_of(tender)
        if ContractingProcess.objects.filter(ocid=ocid).exists():
            return ocid
        raise TenderNotFound(
            f"Tender {tender} is not held here yet. Give its internal id in the Prozorro API instead (the 32 "
            "characters at the end of its address there, such as 38bca89f7ba4477d97f553d576fd6994), so that it can "
            "be fetched from Prozorro.",
            field="tender_id",
        )
    if not INTERNAL_ID.fullmatch(tender):
        raise InvalidTenderId(
            f"{tender!r} is neither a Prozorro tender id such as UA-2024-05-13-001234-a nor a tender's internal id "
            "in the Prozorro API (32 hexadecimal characters).",
            field="tender_id",
        )

    held = known_versions(DocumentKind.TENDER, [tender]).get(tender)
    if held is not None and held.tender_id:
        return mapping.ocid_of(held.tender_id)
    try:
        fetched = client.document(DocumentKind.TENDER, tender)
    except SourceUnavailable as error:
        if error.answered == HTTPStatus.NOT_FOUND:
            raise TenderNotFound(f"Prozorro has no tender with the id {tender}.", field="tender_id") from error
        raise
    recorded = record_tender(fetched, prozorro_id=tender)
    return mapping.ocid_of(recorded.tender_id)

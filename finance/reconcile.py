"""The reconciliation of a project's money chain: its status, and each contradiction with the evidence for it."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef

from connectors.damage.models import DamagedAsset
from contracting.models import ProcessContract
from finance.chain import VOID_CONTRACT_STATUSES, ChainFacts, MoneyChain, chain_from
from finance.models import Commitment, CommitmentStatus
from projects.models import Project


class ChainStatus:
    """Where a project's money chain stands."""

    NO_MONEY_YET = "no_money_yet"
    CONSISTENT = "consistent"
    CONTRADICTIONS = "contradictions"


class Code:
    """The kinds of contradiction a money chain can hold."""

    DISBURSED_OVER_COMMITTED = "disbursed_over_committed"
    CONTRACTED_OVER_AVAILABLE = "contracted_over_available"
    PAID_OVER_CONTRACTED = "paid_over_contracted"
    PAYMENT_WITHOUT_CONTRACT = "payment_without_contract"
    CONTRACT_WITHOUT_PROJECT = "contract_without_project"
    ASSET_FUNDED_TWICE = "asset_funded_twice"
    TRANCHE_BEFORE_MILESTONE = "tranche_before_milestone"


@dataclass(frozen=True)
class Contradiction:
    """Two facts of the chain that cannot both be right, with what shows it."""

    code: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reconciliation:
    """A project's money-chain status and its contradictions, in the order of the chain."""

    project_code: str
    status: str
    contradictions: list[Contradiction]
    chain: MoneyChain


def _money(value: Decimal, currency: str) -> str:
    return f"{value:.2f} {currency}"


def _disbursed_over_committed(facts: ChainFacts) -> list[Contradiction]:
    """Compare each commitment with the tranches released under it, in their own currency: rates cannot blur it."""
    released: dict[int, Decimal] = defaultdict(Decimal)
    tranches: dict[int, list[int]] = defaultdict(list)
    for tranche in facts.tranches:
        if tranche.released_on is not None:
            released[tranche.commitment_id] += tranche.amount
            tranches[tranche.commitment_id].append(tranche.pk)
    found = []
    for commitment in facts.commitments:
        committed = commitment.amount if commitment.status == CommitmentStatus.CONFIRMED else Decimal(0)
        disbursed = released.get(commitment.pk, Decimal(0))
        if disbursed > committed:
            found.append(
                Contradiction(
                    code=Code.DISBURSED_OVER_COMMITTED,
                    message=(
                        f"Tranches of {_money(disbursed, commitment.currency)} were released under commitment "
                        f"{commitment.agreement_reference}, which commits {_money(committed, commitment.currency)} "
                        f"({commitment.status})."
                    ),
                    evidence={
                        "commitment": commitment.pk,
                        "agreement_reference": commitment.agreement_reference,
                        "commitment_status": commitment.status,
                        "currency": commitment.currency,
                        "committed": committed,
                        "disbursed": disbursed,
                        "excess": disbursed - committed,
                        "tranches": tranches[commitment.pk],
                    },
                )
            )
    return found


def _contracted_over_available(chain: MoneyChain) -> list[Contradiction]:
    """Compare the project's contracts with the money committed to it, both in hryvnias."""
    contracted = chain.step("contracted").total.uah
    committed = chain.step("committed").total.uah
    if contracted <= committed:
        return []
    return [
        Contradiction(
            code=Code.CONTRACTED_OVER_AVAILABLE,
            message=(
                f"Contracts worth {_money(contracted, 'UAH')} were signed for project {chain.project_code}, but only "
                f"{_money(committed, 'UAH')} is committed to it."
            ),
            evidence={
                "contracted_uah": contracted,
                "committed_uah": committed,
                "excess_uah": contracted - committed,
                "contracts": [item.reference.removeprefix("contract ") for item in chain.step("contracted").amounts],
            },
        )
    ]


def _paid_over_contracted(facts: ChainFacts) -> list[Contradiction]:
    """Compare each contract with the payments made against it, in the contract's currency."""
    paid: dict[str, Decimal] = defaultdict(Decimal)
    payments: dict[str, list[str]] = defaultdict(list)
    for payment in facts.payments:
        if payment.contract_id:
            paid[payment.contract_id] += payment.amount
            payments[payment.contract_id].append(f"{payment.source}:{payment.external_id}")
    found = []
    for contract in facts.contracts:
        value = Decimal(0) if contract.status in VOID_CONTRACT_STATUSES else contract.value_amount or Decimal(0)
        total = paid.get(contract.contract_id, Decimal(0))
        if total > value:
            currency = contract.value_currency or "UAH"
            found.append(
                Contradiction(
                    code=Code.PAID_OVER_CONTRACTED,
                    message=(
                        f"Payments of {_money(total, currency)} were made against contract {contract.contract_id} "
                        f"({contract.process.ocid}), which is worth {_money(value, currency)} ({contract.status})."
                    ),
                    evidence={
                        "contract": contract.contract_id,
                        "ocid": contract.process.ocid,
                        "contract_status": contract.status,
                        "currency": currency,
                        "contracted": value,
                        "paid": total,
                        "excess": total - value,
                        "payments": payments[contract.contract_id],
                    },
                )
            )
    return found


def _payments_without_contract(facts: ChainFacts) -> list[Contradiction]:
    """Name each payment of the project's processes that names no contract held for them."""
    known = {contract.contract_id for contract in facts.contracts}
    return [
        Contradiction(
            code=Code.PAYMENT_WITHOUT_CONTRACT,
            message=(
                f"Payment {payment.source}:{payment.external_id} of {_money(payment.amount, payment.currency)} on "
                f"{payment.paid_on.isoformat()} "
                + (
                    f"names contract {payment.contract_id}, which no process of the project holds."
                    if payment.contract_id
                    else "names no contract."
                )
            ),
            evidence={
                "payment": f"{payment.source}:{payment.external_id}",
                "amount": payment.amount,
                "currency": payment.currency,
                "paid_on": payment.paid_on,
                "contract": payment.contract_id,
                "payer_edrpou": payment.payer_edrpou,
            },
        )
        for payment in facts.payments
        if payment.contract_id not in known
    ]


def _contracts_without_project(project: Project) -> list[Contradiction]:
    """Name the contracts the project's initiator signed that no project claims: one of them may belong here."""
    contracts = (
        ProcessContract.objects.filter(
            process__project__isnull=True, process__procuring_entity_edrpou=project.initiator.edrpou
        )
        .exclude(status__in=VOID_CONTRACT_STATUSES)
        .select_related("process")
        .order_by("process__ocid", "contract_id")
    )
    return [
        Contradiction(
            code=Code.CONTRACT_WITHOUT_PROJECT,
            message=(
                f"Contract {contract.contract_id} ({contract.process.ocid}) of {project.initiator.name_uk}, the "
                f"initiator, is linked to no project; link it to this one if it serves it."
            ),
            evidence={
                "contract": contract.contract_id,
                "ocid": contract.process.ocid,
                "procuring_entity_edrpou": project.initiator.edrpou,
                "value": contract.value_amount,
                "currency": contract.value_currency,
            },
        )
        for contract in contracts
    ]


def _assets_funded_twice(facts: ChainFacts) -> list[Contradiction]:
    """Name the damaged assets this project and another both restore, each with confirmed commitments."""
    project = facts.project
    funded = Commitment.objects.filter(pledge__project=OuterRef("project"), status=CommitmentStatus.CONFIRMED)
    others: dict[str, list[str]] = defaultdict(list)
    assets: dict[str, DamagedAsset] = {}
    links = (
        DamagedAsset.projects.through.objects.filter(damagedasset__projects=project)
        .exclude(project=project)
        .filter(Exists(funded))
        .filter(Exists(Commitment.objects.filter(pledge__project=project, status=CommitmentStatus.CONFIRMED)))
        .select_related("damagedasset", "project")
        .order_by("damagedasset__register_id", "project__code")
    )
    for link in links:
        assets[link.damagedasset.register_id] = link.damagedasset
        others[link.damagedasset.register_id].append(link.project.code)
    return [
        Contradiction(
            code=Code.ASSET_FUNDED_TWICE,
            message=(
                f"Damaged asset {register_id} is restored by project {project.code} and by "
                f"{', '.join(codes)}, and money is committed to each."
            ),
            evidence={
                "asset": register_id,
                "object_type": assets[register_id].object_type,
                "territory": assets[register_id].territory_id,
                "projects": sorted([project.code, *codes]),
            },
        )
        for register_id, codes in others.items()
    ]


def _tranches_before_milestone(facts: ChainFacts) -> list[Contradiction]:
    """Name the tranches released before the milestone they waited for was met."""
    found = []
    for tranche in facts.tranches:
        if not tranche.milestone or tranche.released_on is None:
            continue
        met = tranche.milestone_met_on
        if met is not None and met <= tranche.released_on:
            continue
        when = f"met only on {met.isoformat()}" if met is not None else "not met yet"
        found.append(
            Contradiction(
                code=Code.TRANCHE_BEFORE_MILESTONE,
                message=(
                    f"Tranche {tranche.pk} of {_money(tranche.amount, tranche.currency)} was released on "
                    f"{tranche.released_on.isoformat()}; its milestone «{tranche.milestone}» was {when}."
                ),
                evidence={
                    "tranche": tranche.pk,
                    "agreement_reference": tranche.commitment.agreement_reference,
                    "amount": tranche.amount,
                    "currency": tranche.currency,
                    "released_on": tranche.released_on,
                    "milestone": tranche.milestone,
                    "milestone_met_on": met,
                },
            )
        )
    return found


def reconcile(project: Project) -> Reconciliation:
    """Reconcile a project's money chain and say where it stands, in a fixed number of queries."""
    facts = ChainFacts.read(project)
    chain = chain_from(facts)
    contradictions = [
        *_disbursed_over_committed(facts),
        *_contracted_over_available(chain),
        *_paid_over_contracted(facts),
        *_payments_without_contract(facts),
        *_contracts_without_project(project),
        *_assets_funded_twice(facts),
        *_tranches_before_milestone(facts),
    ]
    if contradictions:
        status = ChainStatus.CONTRADICTIONS
    elif chain.is_empty:
        status = ChainStatus.NO_MONEY_YET
    else:
        status = ChainStatus.CONSISTENT
    return Reconciliation(project_code=project.code, status=status, contradictions=contradictions, chain=chain)

"""The money chain of a project, computed from what is held and never stored.

Pledged, committed, disbursed, contracted and paid: each in its original currencies and in hryvnias at the official
rate of each amount's own day.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Q
from django.utils import timezone

from contracting.models import Payment, ProcessContract
from finance.models import Commitment, CommitmentStatus, Pledge, Tranche
from finance.rates import Conversion, RateBook
from projects.models import Project

STEPS = ("pledged", "committed", "disbursed", "contracted", "paid")
COVERAGE_PLACES = Decimal("0.0001")
# Contracts whose money never became an obligation.
VOID_CONTRACT_STATUSES = frozenset({"cancelled"})


@dataclass(frozen=True)
class ChainAmount:
    """One amount of the chain: what it is, its day, its original value and its value in hryvnias."""

    step: str
    reference: str
    amount: Decimal
    currency: str
    on: date | None
    uah: Decimal | None
    rate: Decimal | None
    rate_on: date | None
    message: str = ""
    source_category: str = ""
    party: str = ""

    @property
    def converted(self) -> bool:
        """Tell whether the amount has a value in hryvnias."""
        return self.uah is not None


@dataclass(frozen=True)
class Total:
    """A sum of amounts: per original currency, in hryvnias, and the amounts that could not be converted."""

    original: dict[str, Decimal]
    uah: Decimal
    unconverted: tuple[ChainAmount, ...] = ()

    @classmethod
    def of(cls, amounts: list[ChainAmount]) -> "Total":
        """Add amounts up."""
        original: dict[str, Decimal] = defaultdict(Decimal)
        for item in amounts:
            original[item.currency] += item.amount
        return cls(
            original=dict(sorted(original.items())),
            uah=sum((item.uah for item in amounts if item.uah is not None), Decimal("0.00")),
            unconverted=tuple(item for item in amounts if item.uah is None),
        )


@dataclass(frozen=True)
class ChainStep:
    """One step of the chain: its total, its coverage of the estimated cost, and its amounts by source and party.

    Contracts and payments belong to no funding source or financing party, so those steps have no breakdowns.
    """

    name: str
    total: Total
    coverage: Decimal | None
    by_source: dict[str, Total]
    by_party: dict[str, Total]
    amounts: tuple[ChainAmount, ...]


@dataclass(frozen=True)
class MoneyChain:
    """A project's money from pledges to payments, with its funding gap, computed when asked."""

    project_code: str
    estimated_cost_uah: Decimal
    steps: tuple[ChainStep, ...]
    funding_gap_uah: Decimal
    parties: dict[str, str]
    messages: tuple[str, ...] = ()

    def step(self, name: str) -> ChainStep:
        """Return a step by its name."""
        return next(step for step in self.steps if step.name == name)

    @property
    def is_empty(self) -> bool:
        """Tell whether nothing at all has moved yet: no pledge, commitment, tranche, contract or payment."""
        return not any(step.amounts for step in self.steps)


@dataclass
class ChainFacts:
    """The rows a project's chain and its reconciliation are computed from, read in a fixed number of queries."""

    project: Project
    pledges: list[Pledge]
    commitments: list[Commitment]
    tranches: list[Tranche]
    contracts: Sequence[ProcessContract]
    payments: list[Payment]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, project: Project) -> "ChainFacts":
        """Read a project's pledges, commitments, tranches, contracts and payments: five queries."""
        pledges = list(Pledge.objects.filter(project=project).select_related("donor").order_by("pledged_on", "id"))
        by_id = {item.pk: item for item in pledges}
        commitments = list(Commitment.objects.filter(pledge__project=project).order_by("committed_on", "id"))
        for commitment in commitments:
            commitment.pledge = by_id[commitment.pledge_id]
        commitment_by_id = {item.pk: item for item in commitments}
        tranches = list(Tranche.objects.filter(commitment__pledge__project=project).order_by("released_on", "id"))
        for tranche in tranches:
            tranche.commitment = commitment_by_id[tranche.commitment_id]
        contracts = list(
            ProcessContract.objects.filter(process__project=project)
            .select_related("process")
            .annotate(
                first_contract_release=Min(
                    "process__releases__date", filter=Q(process__releases__tags__contains="contract")
                ),
                latest_release=Max("process__releases__date"),
            )
            .order_by("process__ocid", "contract_id")
        )
        payments = list(Payment.objects.filter(process__project=project).order_by("paid_on", "id"))
        return cls(
            project=project,
            pledges=pledges,
            commitments=commitments,
            tranches=tranches,
            contracts=contracts,
            payments=payments,
        )


def contract_day(contract: ProcessContract) -> date | None:
    """Return the day a contract's amount converts at: its first contract release, else its process's latest."""
    moment = getattr(contract, "first_contract_release", None) or getattr(contract, "latest_release", None)
    return timezone.localtime(moment).date() if moment is not None else None


def _amount(
    book: RateBook, step: str, reference: str, money: tuple[Decimal, str, date | None], **kw: str
) -> ChainAmount:
    value, currency, on = money
    conversion: Conversion = book.convert(value, currency, on)
    return ChainAmount(
        step=step,
        reference=reference,
        amount=value,
        currency=currency,
        on=on,
        uah=conversion.uah,
        rate=conversion.rate,
        rate_on=conversion.rate_on,
        message=conversion.message,
        **kw,
    )


def _coverage(value: Decimal, cost: Decimal) -> Decimal | None:
    return (value / cost).quantize(COVERAGE_PLACES) if cost > 0 else None


def _grouped(amounts: list[ChainAmount], key: str) -> dict[str, Total]:
    groups: dict[str, list[ChainAmount]] = defaultdict(list)
    for item in amounts:
        groups[getattr(item, key)].append(item)
    return {name: Total.of(items) for name, items in sorted(groups.items())}


def chain_from(facts: ChainFacts) -> MoneyChain:
    """Compute the chain from facts already read; one more query reads the rates it needs."""
    project = facts.project
    messages: list[str] = []
    contracts = []
    for contract in facts.contracts:
        if contract.status in VOID_CONTRACT_STATUSES:
            continue
        if contract.value_amount is None:
            messages.append(
                f"Contract {contract.contract_id} of {contract.process.ocid} states no value; not counted."
            )
            continue
        contracts.append(contract)

    days = [
        *(item.pledged_on for item in facts.pledges),
        *(item.committed_on for item in facts.commitments),
        *(item.released_on for item in facts.tranches if item.released_on is not None),
        *(day for item in contracts if (day := contract_day(item)) is not None),
        *(item.paid_on for item in facts.payments),
    ]
    currencies = {
        *(item.currency for item in facts.pledges),
        *(item.currency for item in facts.tranches),
        *(item.value_currency or "UAH" for item in contracts),
        *(item.currency for item in facts.payments),
    }
    book = RateBook(currencies, max(days) if days else None, since=min(days) if days else None)

    def origin(pledge: Pledge) -> dict[str, str]:
        return {"source_category": pledge.source_category, "party": pledge.donor.edrpou}

    amounts: dict[str, list[ChainAmount]] = {
        "pledged": [
            _amount(
                book, "pledged", f"pledge {item.pk}", (item.amount, item.currency, item.pledged_on), **origin(item)
            )
            for item in facts.pledges
        ],
        "committed": [
            _amount(
                book,
                "committed",
                f"commitment {item.pk} ({item.agreement_reference})",
                (item.amount, item.currency, item.committed_on),
                **origin(item.pledge),
            )
            for item in facts.commitments
            if item.status == CommitmentStatus.CONFIRMED
        ],
        "disbursed": [
            _amount(
                book,
                "disbursed",
                f"tranche {item.pk}",
                (item.amount, item.currency, item.released_on),
                **origin(item.commitment.pledge),
            )
            for item in facts.tranches
            if item.released_on is not None
        ],
        "contracted": [
            _amount(
                book,
                "contracted",
                f"contract {item.contract_id}",
                (item.value_amount or Decimal(0), item.value_currency or "UAH", contract_day(item)),
            )
            for item in contracts
        ],
        "paid": [
            _amount(
                book, "paid", f"payment {item.source}:{item.external_id}", (item.amount, item.currency, item.paid_on)
            )
            for item in facts.payments
        ],
    }

    cost = project.estimated_cost_uah
    steps = []
    for name in STEPS:
        items = amounts[name]
        total = Total.of(items)
        breakdowns = name in {"pledged", "committed", "disbursed"}
        steps.append(
            ChainStep(
                name=name,
                total=total,
                coverage=_coverage(total.uah, cost),
                by_source=_grouped(items, "source_category") if breakdowns else {},
                by_party=_grouped(items, "party") if breakdowns else {},
                amounts=tuple(items),
            )
        )
        messages.extend(f"{item.reference}: {item.message}" for item in items if item.message)

    committed = next(step for step in steps if step.name == "committed").total.uah
    return MoneyChain(
        project_code=project.code,
        estimated_cost_uah=cost,
        steps=tuple(steps),
        funding_gap_uah=cost - committed,
        parties={item.donor.edrpou: item.donor.name_uk for item in facts.pledges},
        messages=tuple(messages),
    )


def money_chain(project: Project) -> MoneyChain:
    """Compute a project's money chain in a fixed number of queries, whatever the number of its amounts."""
    return chain_from(ChainFacts.read(project))

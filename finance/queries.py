"""Reads of money across many projects: what the public figures and dashboards add up."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from contracting.models import Payment
from finance.models import Commitment, CommitmentStatus
from finance.rates import RateBook
from projects.models import Project


@dataclass(frozen=True)
class MoneyTotals:
    """Money committed to and paid for a set of projects, in hryvnias at each amount's day, and what did not convert.

    ``unconverted`` counts the amounts held in a currency with no official rate on or before their day; they are left
    out of the sums rather than guessed.
    """

    committed_uah: Decimal
    paid_uah: Decimal
    committed_by_source: dict[str, Decimal]
    unconverted: int


def _convert(rows: Iterable[tuple[str, Decimal, str, date]]) -> tuple[dict[str, Decimal], int]:
    """Add amounts up in hryvnias by a key, with one query for the rates they need."""
    held = list(rows)
    days = [day for *_, day in held]
    book = RateBook({currency for _, _, currency, _ in held}, max(days, default=None), since=min(days, default=None))
    sums: dict[str, Decimal] = defaultdict(Decimal)
    unconverted = 0
    for key, amount, currency, day in held:
        uah = book.convert(amount, currency, day).uah
        if uah is None:
            unconverted += 1
        else:
            sums[key] += uah
    return dict(sums), unconverted


def money_totals(projects: QuerySet[Project]) -> MoneyTotals:
    """Add up the confirmed commitments and the payments of the projects, in hryvnias: four queries."""
    ids = projects.order_by().values("id")
    committed, unconverted_commitments = _convert(
        Commitment.objects.filter(pledge__project__in=ids, status=CommitmentStatus.CONFIRMED).values_list(
            "pledge__source_category", "amount", "currency", "committed_on"
        )
    )
    paid, unconverted_payments = _convert(
        (
            ("paid", amount, currency, day)
            for amount, currency, day in Payment.objects.filter(process__project__in=ids).values_list(
                "amount", "currency", "paid_on"
            )
        )
    )
    return MoneyTotals(
        committed_uah=sum(committed.values(), Decimal("0.00")),
        paid_uah=paid.get("paid", Decimal("0.00")),
        committed_by_source=dict(sorted(committed.items(), key=lambda item: -item[1])),
        unconverted=unconverted_commitments + unconverted_payments,
    )

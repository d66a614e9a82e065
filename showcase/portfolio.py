"""A donor's portfolio: each pledge and where its money stands along the project's money chain."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy

from accounts.models import User
from finance.chain import STEPS, MoneyChain, money_chain
from finance.models import Commitment, CommitmentStatus, Pledge, Tranche
from finance.rates import RateBook
from parties.models import Organisation, Role
from showcase.exceptions import NotADonor

ZERO = Decimal("0.00")
STAGE_LABELS = {
    "pledged": gettext_lazy("pledged"),
    "committed": gettext_lazy("committed"),
    "disbursed": gettext_lazy("disbursed"),
    "contracted": gettext_lazy("contracted"),
    "paid": gettext_lazy("paid"),
}


@dataclass(frozen=True)
class PortfolioRow:
    """One pledge of the donor: its own steps in its currency and in hryvnias, and its project's later steps."""

    pledge: Pledge
    pledged_uah: Decimal | None
    committed: Decimal
    committed_uah: Decimal
    proposed: Decimal
    disbursed: Decimal
    disbursed_uah: Decimal
    project_contracted_uah: Decimal
    project_paid_uah: Decimal
    project_gap_uah: Decimal
    stage: str
    messages: tuple[str, ...]

    @property
    def stage_label(self) -> str:
        """Return the stage in the reader's language."""
        return str(STAGE_LABELS[self.stage])


def donor_for(user: User, edrpou: str = "") -> Organisation:
    """Return the donor organisation the user acts for: the one named, or their only one."""
    donors = list(
        Organisation.objects.filter(memberships__user=user, memberships__role=Role.DONOR).distinct().order_by("edrpou")
    )
    if edrpou:
        found = next((donor for donor in donors if donor.edrpou == edrpou), None)
        if found is None:
            raise NotADonor(f"You do not act as a donor for the organisation with EDRPOU {edrpou}.", field="donor")
        return found
    if not donors:
        raise NotADonor("The portfolio belongs to donor organisations; you act for none.")
    if len(donors) > 1:
        names = ", ".join(f"{donor.name_uk} ({donor.edrpou})" for donor in donors)
        raise NotADonor(f"You act for several donors; name one with ?donor=EDRPOU: {names}.", field="donor")
    return donors[0]


def _stage(row_steps: dict[str, Decimal]) -> str:
    """Return the furthest step of the chain with money in it."""
    reached = [name for name in STEPS if row_steps.get(name, ZERO) > 0]
    return reached[-1] if reached else "pledged"


def _uah(book: RateBook, money: tuple[Decimal, str, date | None], what: str, messages: list[str]) -> Decimal:
    """Convert an amount as the chain does; one that cannot be converted adds nothing and says why."""
    conversion = book.convert(*money)
    if conversion.message:
        messages.append(f"{what}: {conversion.message}")
    return conversion.uah if conversion.uah is not None else ZERO


def portfolio(donor: Organisation) -> list[PortfolioRow]:
    """Return the donor's pledges, newest first, each with its commitments, tranches and project's chain.

    The pledges, their commitments and tranches and the rates take four queries; each project's chain (contracts,
    payments and the funding gap) a fixed number more.
    """
    pledges = list(Pledge.objects.filter(donor=donor).select_related("project").order_by("-pledged_on", "-id"))
    commitments = list(Commitment.objects.filter(pledge__donor=donor).order_by("committed_on", "id"))
    tranches = list(
        Tranche.objects.filter(commitment__pledge__donor=donor, released_on__isnull=False).select_related("commitment")
    )
    days: list[date] = [
        *(item.pledged_on for item in pledges),
        *(item.committed_on for item in commitments),
        *(item.released_on for item in tranches if item.released_on is not None),
    ]
    book = RateBook({item.currency for item in pledges}, max(days, default=None))

    by_pledge: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in commitments:
        by_pledge[commitment.pledge_id].append(commitment)
    released: dict[int, list[Tranche]] = defaultdict(list)
    for tranche in tranches:
        released[tranche.commitment.pledge_id].append(tranche)
    chains: dict[int, MoneyChain] = {}

    rows = []
    for pledge in pledges:
        if pledge.project_id not in chains:
            chains[pledge.project_id] = money_chain(pledge.project)
        chain = chains[pledge.project_id]
        messages: list[str] = []
        pledged = book.convert(pledge.amount, pledge.currency, pledge.pledged_on)
        if pledged.message:
            messages.append(f"pledge {pledge.pk}: {pledged.message}")
        confirmed = [item for item in by_pledge[pledge.pk] if item.status == CommitmentStatus.CONFIRMED]
        proposed = [item for item in by_pledge[pledge.pk] if item.status == CommitmentStatus.PROPOSED]
        paid_out = released[pledge.pk]
        committed_uah = sum(
            (
                _uah(book, (item.amount, item.currency, item.committed_on), f"commitment {item.pk}", messages)
                for item in confirmed
            ),
            ZERO,
        )
        disbursed_uah = sum(
            (
                _uah(book, (item.amount, item.currency, item.released_on), f"tranche {item.pk}", messages)
                for item in paid_out
            ),
            ZERO,
        )
        steps = {
            "pledged": pledge.amount,
            "committed": sum((item.amount for item in confirmed), ZERO),
            "disbursed": sum((item.amount for item in paid_out), ZERO),
        }
        # Contracts and payments are the project's, not one donor's: they count once the donor's money is out.
        if steps["disbursed"] > 0:
            steps["contracted"] = chain.step("contracted").total.uah
            steps["paid"] = chain.step("paid").total.uah
        rows.append(
            PortfolioRow(
                pledge=pledge,
                pledged_uah=pledged.uah,
                committed=steps["committed"],
                committed_uah=committed_uah,
                proposed=sum((item.amount for item in proposed), ZERO),
                disbursed=steps["disbursed"],
                disbursed_uah=disbursed_uah,
                project_contracted_uah=chain.step("contracted").total.uah,
                project_paid_uah=chain.step("paid").total.uah,
                project_gap_uah=chain.funding_gap_uah,
                stage=_stage(steps),
                messages=tuple(messages),
            )
        )
    return rows

"""Donors and funded projects the money chain's tests act with."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from accounts.models import User
from contracting.models import ContractingProcess, Payment, ProcessContract, Release
from finance import services
from finance.models import Commitment, ExchangeRate, Pledge, Tranche
from parties.models import Organisation, OrganisationKind, Role
from parties.services import grant_role
from projects.codes import FundingSourceCategory, StatusDetail
from projects.models import Project
from tests.factories import Cast, OrganisationFactory, UserFactory, project_in


@dataclass
class Donors:
    """Two donors, each with a user holding the donor role, and a second editor of Bucha's council."""

    bank: Organisation
    fund: Organisation
    bank_user: User
    fund_user: User
    second_bucha_editor: User


def make_donors(cast: Cast) -> Donors:
    bank = OrganisationFactory(kind=OrganisationKind.DONOR, name_uk="Європейський інвестиційний банк")
    fund = OrganisationFactory(kind=OrganisationKind.DONOR, name_uk="Фонд відновлення")
    bank_user = UserFactory(username="bank-officer")
    grant_role(user=bank_user, organisation=bank, role=Role.DONOR)
    fund_user = UserFactory(username="fund-officer")
    grant_role(user=fund_user, organisation=fund, role=Role.DONOR)
    second = UserFactory(username="bucha-editor-2")
    grant_role(user=second, organisation=cast.bucha, role=Role.COMMUNITY_EDITOR)
    return Donors(bank=bank, fund=fund, bank_user=bank_user, fund_user=fund_user, second_bucha_editor=second)


def funded_project(cast: Cast, *, cost: str = "1000000.00", state: str = StatusDetail.APPROVED) -> Project:
    return project_in(cast, state, cost=Decimal(cost))


def rate(currency: str, on: date, value: str) -> ExchangeRate:
    return ExchangeRate.objects.create(currency=currency, on=on, uah_per_unit=Decimal(value), source="test")


def pledge(
    donors: Donors,
    project: Project,
    amount: str,
    currency: str,
    on: date,
    *,
    donor: str = "bank",
    source: str = FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
) -> Pledge:
    organisation = donors.bank if donor == "bank" else donors.fund
    user = donors.bank_user if donor == "bank" else donors.fund_user
    return services.pledge(
        actor=user,
        project_code=project.code,
        donor_edrpou=organisation.edrpou,
        source_category=source,
        amount=amount,
        currency=currency,
        pledged_on=on,
    )


def donor_user(donors: Donors, pledge_: Pledge) -> User:
    return donors.bank_user if pledge_.donor_id == donors.bank.pk else donors.fund_user


def commit(cast: Cast, donors: Donors, pledge_: Pledge, amount: str, on: date, *, reference: str = "A") -> Commitment:
    commitment = services.propose_commitment(
        actor=donor_user(donors, pledge_),
        pledge_id=pledge_.pk,
        agreement_reference=reference,
        conditions="Співфінансування громади 10 %.",
        amount=amount,
        committed_on=on,
    )
    return services.confirm_commitment(actor=cast.bucha_editor, commitment_id=commitment.pk)


def release(donors: Donors, commitment: Commitment, amount: str, on: date, milestone: str = "") -> Tranche:
    return services.release_tranche(
        actor=donor_user(donors, commitment.pledge),
        commitment_id=commitment.pk,
        amount=amount,
        released_on=on,
        milestone=milestone,
    )


_moments = iter(range(1, 10**9))


def _unique_moment():
    return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=next(_moments))


def process(project: Project | None, ocid: str, *, signed: date | None = None, buyer: str = ""):
    """A contracting process of a project, with one contract release on a day if given."""
    held = ContractingProcess.objects.create(
        ocid=ocid,
        tender_id=ocid.removeprefix("ocds-be6bcu-"),
        project=project,
        procuring_entity_edrpou=buyer,
        source="demo",
        updated_at=_unique_moment(),
    )
    if signed is not None:
        Release.objects.create(
            process=held,
            release_id=f"{ocid}-contract",
            date=datetime(signed.year, signed.month, signed.day, 9, tzinfo=UTC),
            tags="contract",
            document={},
            recorded_at=_unique_moment(),
        )
    return held


def contract(held_process, contract_id: str, amount: str, currency: str = "UAH", status: str = "active"):
    return ProcessContract.objects.create(
        process=held_process,
        contract_id=contract_id,
        status=status,
        value_amount=Decimal(amount),
        value_currency=currency,
    )


def payment(
    held_process, external_id: str, amount: str, paid_on: date, *, contract_id: str = "", currency: str = "UAH"
):
    return Payment.objects.create(
        source="demo",
        external_id=external_id,
        contract_id=contract_id,
        process=held_process,
        payer_edrpou="04054903",
        amount=Decimal(amount),
        currency=currency,
        paid_on=paid_on,
        recorded_at=_unique_moment(),
    )

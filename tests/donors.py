"""Donor organisations and their users, for the tests of conversations, the showcase and the portfolio."""

from dataclasses import dataclass

import pytest

from accounts.models import User
from parties.models import Organisation, OrganisationKind, Role
from parties.services import grant_role
from tests.factories import OrganisationFactory, UserFactory


@dataclass
class Donors:
    """Two donor organisations, a user of each, and a second user of the first."""

    fund: Organisation
    bank: Organisation
    fund_user: User
    fund_colleague: User
    bank_user: User


def member(organisation: Organisation, role: str, username: str, email: str = "") -> User:
    user = UserFactory(username=username, email=email)
    grant_role(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def donors(cast) -> Donors:
    fund = OrganisationFactory(kind=OrganisationKind.DONOR, name_uk="Фонд відбудови громад")
    bank = OrganisationFactory(kind=OrganisationKind.DONOR, name_uk="Європейський банк розвитку")
    return Donors(
        fund=fund,
        bank=bank,
        fund_user=member(fund, Role.DONOR, "fund-officer", "officer@fund.example"),
        fund_colleague=member(fund, Role.DONOR, "fund-colleague", "colleague@fund.example"),
        bank_user=member(bank, Role.DONOR, "bank-officer", "officer@bank.example"),
    )


@pytest.fixture
def everyone(cast, donors) -> dict[str, User]:
    """Every user of the cast and of the donors, by their attribute's name."""
    people = {**vars(cast), **vars(donors)}
    return {name: user for name, user in people.items() if isinstance(user, User)}

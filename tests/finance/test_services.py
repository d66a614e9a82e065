"""The services of the money chain: who may pledge, commit, confirm and disburse, and what each refuses."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from audit.queries import verify_chain
from dream.errors import DreamError
from finance import services
from finance.models import Commitment, CommitmentStatus, Pledge, Tranche
from parties.models import Role
from parties.services import grant_role
from projects.codes import FundingSourceCategory, StatusDetail
from tests.factories import project_in
from tests.finance.helpers import commit, funded_project, make_donors, pledge, release

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def _counts() -> tuple[int, int, int, int]:
    return Pledge.objects.count(), Commitment.objects.count(), Tranche.objects.count(), AuditEvent.objects.count()


def _refused(call, code: str, message: str):
    """Run a call that must be refused with a code and a message, and prove it wrote nothing."""
    before = _counts()
    with pytest.raises(DreamError) as caught:
        call()
    assert caught.value.code == code
    assert message in caught.value.message
    assert _counts() == before
    return caught.value


@pytest.fixture
def donors(cast):
    return make_donors(cast)


@pytest.fixture
def project(cast):
    return funded_project(cast)


# Pledges.


def test_a_donor_user_pledges_and_the_pledge_is_audited_in_public(cast, donors, project):
    made = pledge(donors, project, "250000.00", "eur", DAY)

    made.refresh_from_db()
    assert (made.project, made.donor, made.currency) == (project, donors.bank, "EUR")
    assert made.amount == Decimal("250000.00")
    event = AuditEvent.objects.get(action="pledge.made")
    assert event.is_public
    assert event.object_id == str(made.pk)
    assert event.actor_organisation == donors.bank.edrpou
    assert event.after["amount"] == "250000.00"
    assert event.after["project"] == project.code


def test_a_pledge_in_an_unknown_currency_is_refused_without_a_trace(cast, donors, project):
    error = _refused(
        lambda: pledge(donors, project, "1000.00", "GBP", DAY),
        "unknown_currency",
        "'GBP' is not a currency the money chain keeps; use one of UAH, EUR, USD.",
    )
    assert error.field == "currency"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "The amount must be above zero; 0 is not."),
        ("-5.00", "The amount must be above zero; -5.00 is not."),
        ("10.001", "The amount 10.001 must have at most two decimal places and 16 digits."),
        ("ten", "'ten' is not an amount of money."),
    ],
)
def test_a_pledge_of_a_bad_amount_is_refused(cast, donors, project, amount, message):
    error = _refused(lambda: pledge(donors, project, amount, "UAH", DAY), "invalid_amount", message)
    assert error.field == "amount"


def test_only_a_user_with_the_donor_role_in_that_donor_pledges_for_it(cast, donors, project):
    _refused(
        lambda: services.pledge(
            actor=donors.fund_user,
            project_code=project.code,
            donor_edrpou=donors.bank.edrpou,
            source_category=FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
            amount="100.00",
            currency="UAH",
            pledged_on=DAY,
        ),
        "actor_not_allowed",
        f"Only a user with the donor role in Європейський інвестиційний банк (EDRPOU {donors.bank.edrpou})",
    )


def test_a_project_that_does_not_seek_money_takes_no_pledge(cast, donors):
    early = project_in(cast, StatusDetail.DEFINED)

    _refused(
        lambda: pledge(donors, early, "100.00", "UAH", DAY),
        "project_not_seeking_money",
        f"Project {early.code} is pending:defined; it takes pledges and commitments only once structured",
    )


def test_an_unknown_source_category_is_refused(cast, donors, project):
    _refused(
        lambda: pledge(donors, project, "100.00", "UAH", DAY, source="lottery"),
        "invalid_finance_input",
        "'lottery' is not a funding source category",
    )


# Commitments.


def test_a_commitment_counts_once_another_editor_of_the_owner_confirms_it(cast, donors, project):
    made = pledge(donors, project, "1000.00", "USD", DAY)
    proposed = services.propose_commitment(
        actor=donors.bank_user, pledge_id=made.pk, agreement_reference="FA-77", amount="600.00", committed_on=DAY
    )
    assert proposed.status == CommitmentStatus.PROPOSED
    assert proposed.currency == "USD"

    confirmed = services.confirm_commitment(actor=cast.bucha_editor, commitment_id=proposed.pk)

    confirmed.refresh_from_db()
    assert confirmed.status == CommitmentStatus.CONFIRMED
    assert confirmed.decided_by == cast.bucha_editor
    assert AuditEvent.objects.filter(action="commitment.confirmed", object_id=str(proposed.pk)).count() == 1


def test_a_commitment_above_the_pledge_is_refused(cast, donors, project):
    made = pledge(donors, project, "1000.00", "EUR", DAY)
    services.propose_commitment(
        actor=donors.bank_user, pledge_id=made.pk, agreement_reference="A-1", amount="700.00", committed_on=DAY
    )

    error = _refused(
        lambda: services.propose_commitment(
            actor=donors.bank_user, pledge_id=made.pk, agreement_reference="A-2", amount="300.01", committed_on=DAY
        ),
        "commitment_above_pledge",
        f"Pledge {made.pk} is 1000.00 EUR; with 700.00 EUR already committed or proposed, 300.01 more would exceed "
        "it by 0.01.",
    )
    assert error.status == 409


def test_a_refused_commitment_frees_its_share_of_the_pledge(cast, donors, project):
    made = pledge(donors, project, "1000.00", "EUR", DAY)
    first = services.propose_commitment(
        actor=donors.bank_user, pledge_id=made.pk, agreement_reference="A-1", amount="1000.00", committed_on=DAY
    )
    refused = services.refuse_commitment(actor=cast.bucha_editor, commitment_id=first.pk, reason="Умови неприйнятні.")
    assert (refused.status, refused.reason) == (CommitmentStatus.REFUSED, "Умови неприйнятні.")

    second = services.propose_commitment(
        actor=donors.bank_user, pledge_id=made.pk, agreement_reference="A-2", amount="1000.00", committed_on=DAY
    )
    assert second.status == CommitmentStatus.PROPOSED


def test_the_proposer_cannot_confirm_their_own_commitment(cast, donors, project):
    grant_role(user=cast.bucha_editor, organisation=donors.bank, role=Role.DONOR)
    made = services.pledge(
        actor=cast.bucha_editor,
        project_code=project.code,
        donor_edrpou=donors.bank.edrpou,
        source_category=FundingSourceCategory.INTERNATIONAL_ORGANIZATION,
        amount="100.00",
        currency="UAH",
        pledged_on=DAY,
    )
    proposed = services.propose_commitment(
        actor=cast.bucha_editor, pledge_id=made.pk, agreement_reference="A-1", amount="100.00", committed_on=DAY
    )

    _refused(
        lambda: services.confirm_commitment(actor=cast.bucha_editor, commitment_id=proposed.pk),
        "self_confirmation",
        f"You proposed commitment {proposed.pk}",
    )
    confirmed = services.confirm_commitment(actor=donors.second_bucha_editor, commitment_id=proposed.pk)
    assert confirmed.status == "confirmed"


def test_only_an_editor_of_the_initiator_confirms(cast, donors, project):
    made = pledge(donors, project, "100.00", "UAH", DAY)
    proposed = services.propose_commitment(
        actor=donors.bank_user, pledge_id=made.pk, agreement_reference="A-1", amount="100.00", committed_on=DAY
    )

    for outsider in (cast.lviv_editor, donors.bank_user, cast.kyiv_approver):
        _refused(
            lambda outsider=outsider: services.confirm_commitment(actor=outsider, commitment_id=proposed.pk),
            "actor_not_allowed",
            "Only a community editor of Бучанська міська рада",
        )


def test_a_decided_commitment_is_not_decided_again(cast, donors, project):
    made = pledge(donors, project, "100.00", "UAH", DAY)
    confirmed = commit(cast, donors, made, "100.00", DAY)

    _refused(
        lambda: services.refuse_commitment(actor=cast.bucha_editor, commitment_id=confirmed.pk, reason="Пізно."),
        "commitment_not_open",
        f"Commitment {confirmed.pk} is already confirmed; it cannot be decided again.",
    )


def test_a_refusal_needs_a_reason(cast, donors, project):
    made = pledge(donors, project, "100.00", "UAH", DAY)
    proposed = services.propose_commitment(
        actor=donors.bank_user, pledge_id=made.pk, agreement_reference="A-1", amount="100.00", committed_on=DAY
    )
    _refused(
        lambda: services.refuse_commitment(actor=cast.bucha_editor, commitment_id=proposed.pk, reason=" "),
        "invalid_finance_input",
        "Say why the commitment is refused.",
    )


def test_an_unknown_pledge_is_named(cast, donors):
    _refused(
        lambda: services.propose_commitment(
            actor=donors.bank_user, pledge_id=999999, agreement_reference="A-1", amount="1.00", committed_on=DAY
        ),
        "pledge_not_found",
        "No pledge has the id 999999.",
    )


# Tranches.


def test_a_negative_tranche_is_refused(cast, donors, project):
    confirmed = commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY)

    _refused(
        lambda: release(donors, confirmed, "-10.00", DAY),
        "invalid_amount",
        "The amount must be above zero; -10.00 is not.",
    )


def test_a_tranche_under_a_commitment_not_confirmed_is_refused(cast, donors, project):
    made = pledge(donors, project, "100.00", "UAH", DAY)
    proposed = services.propose_commitment(
        actor=donors.bank_user, pledge_id=made.pk, agreement_reference="A-1", amount="100.00", committed_on=DAY
    )

    _refused(
        lambda: release(donors, proposed, "10.00", DAY),
        "commitment_not_confirmed",
        f"Commitment {proposed.pk} is proposed; money is planned and released only under a commitment",
    )


def test_tranches_above_their_commitment_are_refused(cast, donors, project):
    confirmed = commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY)
    release(donors, confirmed, "60.00", DAY)

    _refused(
        lambda: release(donors, confirmed, "40.01", DAY),
        "tranche_above_commitment",
        f"Commitment {confirmed.pk} is 100.00 UAH; with 60.00 UAH in tranches already, 40.01 more would exceed it",
    )


def test_only_the_donors_user_disburses(cast, donors, project):
    confirmed = commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY)

    _refused(
        lambda: services.release_tranche(
            actor=donors.fund_user, commitment_id=confirmed.pk, amount="10.00", released_on=DAY
        ),
        "actor_not_allowed",
        "Only a user with the donor role in Європейський інвестиційний банк",
    )


def test_a_planned_tranche_is_released_and_its_milestone_attested_by_the_owner(cast, donors, project):
    confirmed = commit(cast, donors, pledge(donors, project, "100.00", "UAH", DAY), "100.00", DAY)
    planned = services.plan_tranche(
        actor=donors.bank_user, commitment_id=confirmed.pk, amount="50.00", planned_on=DAY, milestone="Дах змонтовано"
    )
    assert planned.released_on is None

    met = services.mark_milestone_met(actor=cast.bucha_editor, tranche_id=planned.pk, met_on=date(2026, 4, 1))
    released = services.release_planned_tranche(
        actor=donors.bank_user, tranche_id=planned.pk, released_on=date(2026, 4, 2)
    )

    assert met.milestone_met_on == date(2026, 4, 1)
    assert released.released_on == date(2026, 4, 2)
    assert list(
        AuditEvent.objects.filter(object_type="tranche", object_id=str(planned.pk)).values_list("action", flat=True)
    ) == ["tranche.planned", "tranche.milestone_met", "tranche.released"]
    assert verify_chain().is_whole
    _refused(
        lambda: services.mark_milestone_met(actor=cast.bucha_editor, tranche_id=planned.pk, met_on=DAY),
        "tranche_already_done",
        f"The milestone of tranche {planned.pk} was already met on 2026-04-01.",
    )
    _refused(
        lambda: services.mark_milestone_met(actor=donors.bank_user, tranche_id=planned.pk, met_on=DAY),
        "actor_not_allowed",
        "Only a community editor of Бучанська міська рада",
    )

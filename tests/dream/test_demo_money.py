"""The demonstration's money chains: built through the services, consistent with each project's stage."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction

from contracting.models import Payment, ProcessContract
from dream.demo import builder as demo
from dream.demo.builder import DemoBuilder
from finance.models import Commitment, CommitmentStatus, ExchangeRate, Pledge, Tranche
from finance.reconcile import reconcile
from projects.models import Project

BEFORE_MONEY = {"initiated", "definition", "defined", "appraisal", "appraised", "structuring", "refused", "withdrawn"}
CONFIRMED_FROM = {"applied", "approved", "implementation", "commissioned", "terminated"}
BUILT = {"implementation", "commissioned", "terminated"}


def _build(seed: int, projects: int) -> DemoBuilder:
    builder = DemoBuilder(seed=seed)
    builder.build_cast(communities=8)
    builder.build_projects(projects)
    return builder


# It runs first: the module's build below stays in the database until the module's last test.
@pytest.mark.django_db
def test_the_same_seed_gives_the_same_money():
    savepoint = transaction.savepoint()
    _build(seed=8, projects=30)
    first = list(Pledge.objects.order_by("project__code", "id").values_list("project__code", "amount", "currency"))
    transaction.savepoint_rollback(savepoint)

    _build(seed=8, projects=30)
    second = list(Pledge.objects.order_by("project__code", "id").values_list("project__code", "amount", "currency"))

    assert first == second
    assert first


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Build the demonstration once for the module, in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, transaction.atomic():
        # More contradictions than the demonstration's 5 %, so that both kinds show in a small build.
        patch.setattr(demo, "CONTRADICTION_SHARE", 0.4)
        yield _build(seed=21, projects=90)
        transaction.set_rollback(True)


def _states() -> dict[str, str]:
    return dict(Project.objects.values_list("code", "status_details"))


@pytest.mark.django_db
def test_no_project_before_its_structuring_is_complete_has_money(built):
    states = _states()
    funded = set(Pledge.objects.values_list("project__code", flat=True))

    assert not {code for code in funded if states[code] in BEFORE_MONEY}
    assert funded == {code for code, state in states.items() if state not in BEFORE_MONEY}


@pytest.mark.django_db
def test_commitments_are_confirmed_from_the_application_on_and_never_exceed_their_pledge(built):
    states = _states()
    commitments = Commitment.objects.select_related("pledge__project")

    assert commitments.exists()
    for commitment in commitments:
        state = states[commitment.pledge.project.code]
        expected = CommitmentStatus.CONFIRMED if state in CONFIRMED_FROM else CommitmentStatus.PROPOSED
        assert commitment.status == expected
        assert commitment.amount <= commitment.pledge.amount
        assert commitment.currency == commitment.pledge.currency


@pytest.mark.django_db
def test_money_is_released_only_on_projects_being_built_and_planned_on_approved_ones(built):
    states = _states()
    released: dict[str, Decimal] = defaultdict(Decimal)
    for tranche in Tranche.objects.select_related("commitment__pledge__project"):
        state = states[tranche.commitment.pledge.project.code]
        assert (tranche.released_on is not None) == (state in BUILT)
        assert state in {*BUILT, "approved"}
        if tranche.released_on is not None:
            released[tranche.commitment_id] += tranche.amount
    for commitment in Commitment.objects.filter(pk__in=released):
        assert released[commitment.pk] <= commitment.amount


@pytest.mark.django_db
def test_payments_follow_the_contracts_of_the_projects_being_built(built):
    payments = Payment.objects.select_related("process__project")

    assert payments.exists()
    assert {payment.process.project.status_details for payment in payments} <= BUILT
    assert set(payments.values_list("contract_id", flat=True)) <= set(
        ProcessContract.objects.values_list("contract_id", flat=True)
    )
    assert not payments.filter(recipient_is_private=True).exclude(recipient_name="").exists()


@pytest.mark.django_db
def test_reconciliation_finds_exactly_the_contradictions_seeded(built):
    found = {}
    for project in Project.objects.select_related("initiator"):
        reconciliation = reconcile(project)
        assert not reconciliation.chain.messages, reconciliation.chain.messages
        for contradiction in reconciliation.contradictions:
            assert project.code not in found
            found[project.code] = contradiction.code

    assert found == built.contradictions
    assert set(found.values()) == {"paid_over_contracted", "tranche_before_milestone"}


@pytest.mark.django_db
def test_the_demonstration_rates_cover_every_day_of_its_money(built):
    days = ExchangeRate.objects.filter(currency="EUR").values_list("on", flat=True)
    pledged = Pledge.objects.values_list("pledged_on", flat=True)

    assert min(days) <= min(pledged)
    assert max(days) >= max(pledged)
    assert ExchangeRate.objects.filter(currency="USD").count() == len(days)

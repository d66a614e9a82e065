"""The writes of the money chain: a donor pledges, commits and disburses; the project's owner confirms and attests.

Every service runs in one transaction with its audit event and writes nothing when it refuses. Amounts and parties
of the chain are public: they belong to organisations, never to private persons.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from audit.services import record_event
from finance.exceptions import (
    ActorNotAllowed,
    CommitmentAbovePledge,
    CommitmentNotConfirmed,
    CommitmentNotOpen,
    FinanceNotFound,
    InvalidAmount,
    InvalidFinanceInput,
    NotSeekingMoney,
    SelfConfirmation,
    TrancheAboveCommitment,
    TrancheAlreadyDone,
    UnknownCurrency,
)
from finance.models import Commitment, CommitmentStatus, Pledge, Tranche
from parties.models import Organisation, Role
from parties.queries import get_organisation
from projects.authority import editor_organisation
from projects.codes import Currency, FundingSourceCategory, Status, StatusDetail
from projects.models import Project
from projects.queries import get_project_for_update

# The states in which a project takes money: structured and waiting for funding, approved, or being built.
SEEKING_MONEY_STATES = frozenset(
    {
        (Status.PENDING, StatusDetail.STRUCTURED),
        (Status.PENDING, StatusDetail.APPLIED),
        (Status.PENDING, StatusDetail.APPROVED),
        (Status.ACTIVE, StatusDetail.IMPLEMENTATION),
    }
)
CENT = Decimal("0.01")
LARGEST_AMOUNT = Decimal("1e16")
AGREEMENT_REFERENCE_LENGTH = 128


def check_amount(value: Any, *, field: str = "amount") -> Decimal:
    """Return the amount as a Decimal above zero with at most two decimals, or refuse it naming the field."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise InvalidAmount(f"{value!r} is not an amount of money.", field=field) from error
    if not amount.is_finite() or amount <= 0:
        raise InvalidAmount(f"The amount must be above zero; {value} is not.", field=field)
    if amount != amount.quantize(CENT) or amount >= LARGEST_AMOUNT:
        raise InvalidAmount(f"The amount {value} must have at most two decimal places and 16 digits.", field=field)
    return amount


def check_currency(value: str, *, field: str = "currency") -> str:
    """Return the currency if the money chain keeps it (UAH, EUR, USD), or refuse it naming the field."""
    currency = (value or "").strip().upper()
    if currency not in Currency.values:
        raise UnknownCurrency(
            f"{value!r} is not a currency the money chain keeps; use one of {', '.join(Currency.values)}.", field=field
        )
    return currency


def _require_seeking_money(project: Project) -> None:
    if (project.status, project.status_details) not in SEEKING_MONEY_STATES:
        raise NotSeekingMoney(
            f"Project {project.code} is {project.status}:{project.status_details}; it takes pledges and commitments "
            "only once structured (structured, applied, approved) or while it is being implemented."
        )


def _require_donor_user(actor: User, donor: Organisation) -> None:
    if not actor.memberships.filter(role=Role.DONOR, organisation=donor).exists():
        raise ActorNotAllowed(
            f"Only a user with the donor role in {donor.name_uk} (EDRPOU {donor.edrpou}) may do this for it."
        )


def _pledge_facts(pledge: Pledge) -> dict[str, Any]:
    return {
        "project": pledge.project.code,
        "donor": pledge.donor.edrpou,
        "donor_name": pledge.donor.name_uk,
        "source_category": pledge.source_category,
        "amount": pledge.amount,
        "currency": pledge.currency,
        "pledged_on": pledge.pledged_on,
        "note": pledge.note,
    }


def _commitment_facts(commitment: Commitment) -> dict[str, Any]:
    pledge = commitment.pledge
    return {
        "project": pledge.project.code,
        "donor": pledge.donor.edrpou,
        "pledge": pledge.pk,
        "agreement_reference": commitment.agreement_reference,
        "conditions": commitment.conditions,
        "amount": commitment.amount,
        "currency": commitment.currency,
        "committed_on": commitment.committed_on,
        "status": commitment.status,
        "reason": commitment.reason,
    }


def _tranche_facts(tranche: Tranche) -> dict[str, Any]:
    commitment = tranche.commitment
    return {
        "project": commitment.pledge.project.code,
        "donor": commitment.pledge.donor.edrpou,
        "commitment": commitment.pk,
        "agreement_reference": commitment.agreement_reference,
        "amount": tranche.amount,
        "currency": tranche.currency,
        "planned_on": tranche.planned_on,
        "released_on": tranche.released_on,
        "milestone": tranche.milestone,
        "milestone_met_on": tranche.milestone_met_on,
    }


def _locked_pledge(pledge_id: int) -> Pledge:
    pledge = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("project", "project__initiator", "donor")
        .filter(pk=pledge_id)
        .first()
    )
    if pledge is None:
        raise FinanceNotFound(f"No pledge has the id {pledge_id}.", code="pledge_not_found")
    return pledge


def _locked_commitment(commitment_id: int) -> Commitment:
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("pledge", "pledge__project", "pledge__project__initiator", "pledge__donor")
        .filter(pk=commitment_id)
        .first()
    )
    if commitment is None:
        raise FinanceNotFound(f"No commitment has the id {commitment_id}.", code="commitment_not_found")
    return commitment


def _locked_tranche(tranche_id: int) -> Tranche:
    tranche = (
        Tranche.objects.select_for_update(of=("self",))
        .select_related(
            "commitment",
            "commitment__pledge",
            "commitment__pledge__project",
            "commitment__pledge__project__initiator",
            "commitment__pledge__donor",
        )
        .filter(pk=tranche_id)
        .first()
    )
    if tranche is None:
        raise FinanceNotFound(f"No tranche has the id {tranche_id}.", code="tranche_not_found")
    return tranche


def pledge(
    *,
    actor: User,
    project_code: str,
    donor_edrpou: str,
    source_category: str,
    amount: Any,
    currency: str,
    pledged_on: date,
    note: str = "",
) -> Pledge:
    """Record a donor's pledge to a project that seeks money, made by a user with the donor role for it."""
    currency = check_currency(currency)
    value = check_amount(amount)
    if source_category not in FundingSourceCategory.values:
        raise InvalidFinanceInput(
            f"{source_category!r} is not a funding source category; use one of "
            f"{', '.join(FundingSourceCategory.values)}.",
            field="source_category",
        )

    with transaction.atomic():
        project = get_project_for_update(project_code)
        donor = get_organisation(donor_edrpou, field="donor")
        _require_donor_user(actor, donor)
        _require_seeking_money(project)

        created = Pledge.objects.create(
            project=project,
            donor=donor,
            source_category=source_category,
            amount=value,
            currency=currency,
            pledged_on=pledged_on,
            note=note.strip(),
            created_by=actor,
        )
        record_event(
            actor=actor,
            actor_organisation=donor.edrpou,
            action="pledge.made",
            object_type="pledge",
            object_id=str(created.pk),
            after=_pledge_facts(created),
        )
    return created


def propose_commitment(
    *,
    actor: User,
    pledge_id: int,
    agreement_reference: str,
    conditions: str = "",
    amount: Any,
    committed_on: date,
) -> Commitment:
    """Propose an agreement under a pledge; the pledge's open and confirmed commitments may not exceed it."""
    value = check_amount(amount)
    reference = (agreement_reference or "").strip()
    if not reference or len(reference) > AGREEMENT_REFERENCE_LENGTH:
        raise InvalidFinanceInput(
            f"A commitment needs its agreement's reference, at most {AGREEMENT_REFERENCE_LENGTH} characters.",
            field="agreement_reference",
        )

    with transaction.atomic():
        # Locking the pledge serialises its commitments, so two proposals cannot together pass the pledged amount.
        held = _locked_pledge(pledge_id)
        _require_donor_user(actor, held.donor)
        _require_seeking_money(held.project)
        already = held.commitments.exclude(status=CommitmentStatus.REFUSED).aggregate(total=Sum("amount"))["total"]
        already = (already or Decimal(0)).quantize(CENT)
        if already + value > held.amount:
            raise CommitmentAbovePledge(
                f"Pledge {held.pk} is {held.amount} {held.currency}; with {already} {held.currency} already "
                f"committed or proposed, {value} more would exceed it by {already + value - held.amount}.",
                field="amount",
            )

        commitment = Commitment.objects.create(
            pledge=held,
            agreement_reference=reference,
            conditions=conditions.strip(),
            amount=value,
            currency=held.currency,
            committed_on=committed_on,
            proposed_by=actor,
        )
        record_event(
            actor=actor,
            actor_organisation=held.donor.edrpou,
            action="commitment.proposed",
            object_type="commitment",
            object_id=str(commitment.pk),
            after=_commitment_facts(commitment),
        )
    return commitment


def _decide(actor: User, commitment_id: int) -> tuple[Commitment, Organisation, dict[str, Any]]:
    """Return the open commitment locked, with the organisation the actor decides for, or refuse."""
    commitment = _locked_commitment(commitment_id)
    project = commitment.pledge.project
    owner = editor_organisation(actor, project)
    if commitment.proposed_by_id == actor.pk:
        raise SelfConfirmation(f"You proposed commitment {commitment.pk}; another editor of {owner.name_uk} decides.")
    if commitment.status != CommitmentStatus.PROPOSED:
        raise CommitmentNotOpen(
            f"Commitment {commitment.pk} is already {commitment.status}; it cannot be decided again."
        )
    return commitment, owner, _commitment_facts(commitment)


def confirm_commitment(*, actor: User, commitment_id: int) -> Commitment:
    """Confirm a proposed commitment as an editor of the project's initiator; only then does it count."""
    with transaction.atomic():
        commitment, owner, before = _decide(actor, commitment_id)
        _require_seeking_money(commitment.pledge.project)
        commitment.status = CommitmentStatus.CONFIRMED
        commitment.decided_by = actor
        commitment.decided_at = timezone.now()
        commitment.save(update_fields=["status", "decided_by", "decided_at"])
        record_event(
            actor=actor,
            actor_organisation=owner.edrpou,
            action="commitment.confirmed",
            object_type="commitment",
            object_id=str(commitment.pk),
            before=before,
            after=_commitment_facts(commitment),
        )
    return commitment


def refuse_commitment(*, actor: User, commitment_id: int, reason: str) -> Commitment:
    """Refuse a proposed commitment as an editor of the project's initiator, saying why."""
    if not (reason or "").strip():
        raise InvalidFinanceInput("Say why the commitment is refused.", field="reason")

    with transaction.atomic():
        commitment, owner, before = _decide(actor, commitment_id)
        commitment.status = CommitmentStatus.REFUSED
        commitment.decided_by = actor
        commitment.decided_at = timezone.now()
        commitment.reason = reason.strip()
        commitment.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        record_event(
            actor=actor,
            actor_organisation=owner.edrpou,
            action="commitment.refused",
            object_type="commitment",
            object_id=str(commitment.pk),
            before=before,
            after=_commitment_facts(commitment),
            comment=commitment.reason,
        )
    return commitment


def _add_tranche(
    *,
    actor: User,
    commitment_id: int,
    amount: Any,
    planned_on: date | None,
    released_on: date | None,
    milestone: str,
    action: str,
) -> Tranche:
    value = check_amount(amount)

    with transaction.atomic():
        commitment = _locked_commitment(commitment_id)
        _require_donor_user(actor, commitment.pledge.donor)
        if commitment.status != CommitmentStatus.CONFIRMED:
            raise CommitmentNotConfirmed(
                f"Commitment {commitment.pk} is {commitment.status}; money is planned and released only under a "
                "commitment the project's owner has confirmed."
            )
        already = (commitment.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)).quantize(CENT)
        if already + value > commitment.amount:
            raise TrancheAboveCommitment(
                f"Commitment {commitment.pk} is {commitment.amount} {commitment.currency}; with {already} "
                f"{commitment.currency} in tranches already, {value} more would exceed it by "
                f"{already + value - commitment.amount}.",
                field="amount",
            )

        tranche = Tranche.objects.create(
            commitment=commitment,
            amount=value,
            currency=commitment.currency,
            planned_on=planned_on,
            released_on=released_on,
            milestone=milestone.strip(),
        )
        record_event(
            actor=actor,
            actor_organisation=commitment.pledge.donor.edrpou,
            action=action,
            object_type="tranche",
            object_id=str(tranche.pk),
            after=_tranche_facts(tranche),
        )
    return tranche


def plan_tranche(*, actor: User, commitment_id: int, amount: Any, planned_on: date, milestone: str = "") -> Tranche:
    """Plan a tranche under a confirmed commitment, with the milestone to be met before its release, if any."""
    return _add_tranche(
        actor=actor,
        commitment_id=commitment_id,
        amount=amount,
        planned_on=planned_on,
        released_on=None,
        milestone=milestone,
        action="tranche.planned",
    )


def release_tranche(
    *, actor: User, commitment_id: int, amount: Any, released_on: date, milestone: str = ""
) -> Tranche:
    """Record money the donor released under a confirmed commitment; an unmet milestone shows in reconciliation."""
    return _add_tranche(
        actor=actor,
        commitment_id=commitment_id,
        amount=amount,
        planned_on=None,
        released_on=released_on,
        milestone=milestone,
        action="tranche.released",
    )


def release_planned_tranche(*, actor: User, tranche_id: int, released_on: date) -> Tranche:
    """Record the release of a planned tranche on a day."""
    with transaction.atomic():
        tranche = _locked_tranche(tranche_id)
        _require_donor_user(actor, tranche.commitment.pledge.donor)
        if tranche.released_on is not None:
            raise TrancheAlreadyDone(f"Tranche {tranche.pk} was already released on {tranche.released_on}.")
        before = _tranche_facts(tranche)
        tranche.released_on = released_on
        tranche.save(update_fields=["released_on"])
        record_event(
            actor=actor,
            actor_organisation=tranche.commitment.pledge.donor.edrpou,
            action="tranche.released",
            object_type="tranche",
            object_id=str(tranche.pk),
            before=before,
            after=_tranche_facts(tranche),
        )
    return tranche


def mark_milestone_met(*, actor: User, tranche_id: int, met_on: date) -> Tranche:
    """Attest, as an editor of the project's initiator, that a tranche's milestone was met on a day."""
    with transaction.atomic():
        tranche = _locked_tranche(tranche_id)
        owner = editor_organisation(actor, tranche.commitment.pledge.project)
        if not tranche.milestone:
            raise InvalidFinanceInput(f"Tranche {tranche.pk} has no milestone to meet.", field="tranche")
        if tranche.milestone_met_on is not None:
            raise TrancheAlreadyDone(
                f"The milestone of tranche {tranche.pk} was already met on {tranche.milestone_met_on}."
            )
        before = _tranche_facts(tranche)
        tranche.milestone_met_on = met_on
        tranche.save(update_fields=["milestone_met_on"])
        record_event(
            actor=actor,
            actor_organisation=owner.edrpou,
            action="tranche.milestone_met",
            object_type="tranche",
            object_id=str(tranche.pk),
            before=before,
            after=_tranche_facts(tranche),
        )
    return tranche

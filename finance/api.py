"""The money chain's API: each project's chain and reconciliation, and the writes of donors and project owners."""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Max
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from dream.auth import SIGNED_IN, acting_user
from finance import services
from finance.chain import MoneyChain, Total, money_chain
from finance.exceptions import FinanceNotFound, InvalidFinanceInput
from finance.models import Commitment, ExchangeRate, Pledge, Tranche
from finance.reconcile import reconcile
from finance.schemas import (
    CommitmentIn,
    CommitmentOut,
    MilestoneIn,
    MoneyChainOut,
    PledgeIn,
    PledgeOut,
    RateOut,
    ReconciliationOut,
    RefusalIn,
    ReleaseIn,
    TrancheIn,
    TrancheOut,
)
from projects.exceptions import ProjectNotFound
from projects.models import Project

# Mounted on /projects beside the projects' own router.
project_router = Router()
# Mounted at the root of the API: /pledges, /commitments, /tranches, /rates.
router = Router()


def _project(code: str) -> Project:
    """Return the project with its initiator only: the chain reads the rest itself, in its own few queries."""
    project = Project.objects.select_related("initiator").filter(code=code).first()
    if project is None:
        raise ProjectNotFound(f"No project has the code {code!r}.")
    return project


def _number(value: Any) -> Any:
    """Turn Decimals into JSON numbers and days into ISO text, through lists and objects."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _number(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_number(item) for item in value]
    return value


def _total(total: Total) -> dict[str, Any]:
    return {
        "original": total.original,
        "uah": total.uah,
        "unconverted": [item.reference for item in total.unconverted],
    }


def chain_body(chain: MoneyChain) -> dict[str, Any]:
    """Return the chain as the API gives it."""
    return {
        "project": chain.project_code,
        "estimated_cost_uah": chain.estimated_cost_uah,
        "funding_gap_uah": chain.funding_gap_uah,
        "steps": [
            {
                "name": step.name,
                "total": _total(step.total),
                "coverage": step.coverage,
                "by_source": {name: _total(total) for name, total in step.by_source.items()},
                "by_party": {name: _total(total) for name, total in step.by_party.items()},
                "amounts": [vars(item) for item in step.amounts],
            }
            for step in chain.steps
        ],
        "parties": [{"edrpou": edrpou, "name_uk": name} for edrpou, name in chain.parties.items()],
        "messages": list(chain.messages),
    }


def _pledge(pledge: Pledge) -> dict[str, Any]:
    return {
        **{
            name: getattr(pledge, name)
            for name in ("id", "source_category", "amount", "currency", "pledged_on", "note")
        },
        "project": pledge.project.code,
        "donor": pledge.donor,
    }


def _commitment(commitment: Commitment) -> dict[str, Any]:
    return {**vars(commitment), "pledge": commitment.pledge_id}


def _tranche(tranche: Tranche) -> dict[str, Any]:
    return {**vars(tranche), "commitment": tranche.commitment_id}


@project_router.get("/{code}/money-chain", response=MoneyChainOut, summary="Read a project's money chain")
def read_money_chain(request: HttpRequest, code: str) -> Any:
    """Return pledged, committed, disbursed, contracted and paid, in original currencies and in hryvnias."""
    return chain_body(money_chain(_project(code)))


@project_router.get("/{code}/reconciliation", response=ReconciliationOut, summary="Reconcile a project's money chain")
def read_reconciliation(request: HttpRequest, code: str) -> Any:
    """Return the chain's status and each contradiction with its evidence."""
    result = reconcile(_project(code))
    return {
        "project": result.project_code,
        "status": result.status,
        "funding_gap_uah": result.chain.funding_gap_uah,
        "contradictions": [
            {"code": item.code, "message": item.message, "evidence": _number(item.evidence)}
            for item in result.contradictions
        ],
    }


@project_router.post("/{code}/pledges", response={201: PledgeOut}, auth=SIGNED_IN, summary="Pledge money to a project")
def make_pledge(request: HttpRequest, code: str, payload: PledgeIn) -> Any:
    """Pledge, as a user with the donor role in the donor named, to a project that seeks money."""
    made = services.pledge(
        actor=acting_user(request),
        project_code=code,
        donor_edrpou=payload.donor,
        source_category=payload.source_category,
        amount=payload.amount,
        currency=payload.currency,
        pledged_on=payload.pledged_on,
        note=payload.note,
    )
    return 201, _pledge(made)


@router.post(
    "/pledges/{pledge_id}/commitments",
    response={201: CommitmentOut},
    auth=SIGNED_IN,
    summary="Propose a commitment under a pledge",
)
def propose_commitment(request: HttpRequest, pledge_id: int, payload: CommitmentIn) -> Any:
    """Propose an agreement; the project's owner confirms it before it counts as committed."""
    commitment = services.propose_commitment(
        actor=acting_user(request),
        pledge_id=pledge_id,
        agreement_reference=payload.agreement_reference,
        conditions=payload.conditions,
        amount=payload.amount,
        committed_on=payload.committed_on,
    )
    return 201, _commitment(commitment)


@router.post(
    "/commitments/{commitment_id}/confirm", response=CommitmentOut, auth=SIGNED_IN, summary="Confirm a commitment"
)
def confirm_commitment(request: HttpRequest, commitment_id: int) -> Any:
    """Confirm, as an editor of the project's initiator who did not propose it."""
    return _commitment(services.confirm_commitment(actor=acting_user(request), commitment_id=commitment_id))


@router.post(
    "/commitments/{commitment_id}/refuse", response=CommitmentOut, auth=SIGNED_IN, summary="Refuse a commitment"
)
def refuse_commitment(request: HttpRequest, commitment_id: int, payload: RefusalIn) -> Any:
    """Refuse, as an editor of the project's initiator, saying why."""
    return _commitment(
        services.refuse_commitment(actor=acting_user(request), commitment_id=commitment_id, reason=payload.reason)
    )


@router.post(
    "/commitments/{commitment_id}/tranches",
    response={201: TrancheOut},
    auth=SIGNED_IN,
    summary="Release or plan a tranche",
)
def add_tranche(request: HttpRequest, commitment_id: int, payload: TrancheIn) -> Any:
    """Record a tranche released on a day, or plan one, under a confirmed commitment."""
    actor = acting_user(request)
    if payload.released_on is not None:
        tranche = services.release_tranche(
            actor=actor,
            commitment_id=commitment_id,
            amount=payload.amount,
            released_on=payload.released_on,
            milestone=payload.milestone,
        )
    elif payload.planned_on is not None:
        tranche = services.plan_tranche(
            actor=actor,
            commitment_id=commitment_id,
            amount=payload.amount,
            planned_on=payload.planned_on,
            milestone=payload.milestone,
        )
    else:
        raise InvalidFinanceInput(
            "Give released_on for money released, or planned_on for a plan.", field="released_on"
        )
    return 201, _tranche(tranche)


@router.post(
    "/tranches/{tranche_id}/release", response=TrancheOut, auth=SIGNED_IN, summary="Release a planned tranche"
)
def release_tranche(request: HttpRequest, tranche_id: int, payload: ReleaseIn) -> Any:
    """Record the day a planned tranche was released."""
    return _tranche(
        services.release_planned_tranche(
            actor=acting_user(request), tranche_id=tranche_id, released_on=payload.released_on
        )
    )


@router.post(
    "/tranches/{tranche_id}/milestone-met", response=TrancheOut, auth=SIGNED_IN, summary="Attest a milestone met"
)
def milestone_met(request: HttpRequest, tranche_id: int, payload: MilestoneIn) -> Any:
    """Attest, as an editor of the project's initiator, the day the tranche's milestone was met."""
    return _tranche(
        services.mark_milestone_met(actor=acting_user(request), tranche_id=tranche_id, met_on=payload.met_on)
    )


class RateQuery(Schema):
    """Which rates to read."""

    currency: Annotated[str, Field(description="An ISO 4217 code, such as USD; empty for every currency.")] = ""
    on: Annotated[date | None, Field(description="The day: each currency's rate in force then (its latest).")] = None


@router.get("/rates", response=list[RateOut], summary="Read official exchange rates")
def rates(request: HttpRequest, query: Query[RateQuery]) -> Any:
    """Return each currency's official rate on a day (the latest held on or before it), or its latest rate."""
    held = ExchangeRate.objects.all()
    currency = query.currency.strip().upper()
    if currency:
        held = held.filter(currency=currency)
    if query.on is not None:
        held = held.filter(on__lte=query.on)
    latest = held.values("currency").annotate(latest=Max("on"))
    found = list(
        ExchangeRate.objects.filter(
            on__in={row["latest"] for row in latest}, currency__in={row["currency"] for row in latest}
        ).order_by("currency")
    )
    wanted = {(row["currency"], row["latest"]) for row in latest}
    found = [rate for rate in found if (rate.currency, rate.on) in wanted]
    if currency and not found:
        day = f" on or before {query.on.isoformat()}" if query.on is not None else ""
        raise FinanceNotFound(f"No official rate of {currency} is held{day}.", code="rate_not_found")
    return found

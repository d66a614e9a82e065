"""The funding calls API: calls with their rules, the applications, and the published rankings."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from calls import services
from calls.queries import (
    application_document,
    call_applications,
    call_document,
    get_application,
    get_call,
    list_calls,
    published_ranking,
)
from calls.schemas import ApplicationOut, ApplyIn, BonusIn, CallIn, CallOut, DecisionIn, RankingOut
from dream.auth import SIGNED_IN, acting_user

router = Router()


@router.get("/calls", response=list[CallOut], summary="List funding calls")
def list_(request: HttpRequest) -> Any:
    """Return every call, the latest to open first, with its rules and criteria."""
    return [call_document(call) for call in list_calls()]


@router.post("/calls", response={201: CallOut}, auth=SIGNED_IN, summary="Define a funding call")
def create(request: HttpRequest, payload: CallIn) -> Any:
    """Define a call with its rules and criteria (operators only); it stays a draft unless ``open`` is true."""
    user = acting_user(request)
    with transaction.atomic():
        call = services.create_call(
            actor=user,
            code=payload.code,
            name=payload.name,
            description=payload.description,
            budget_uah=payload.budget_uah,
            opens_at=payload.opens_at,
            closes_at=payload.closes_at,
            project_types=payload.project_types,
            territory_prefixes=payload.territory_prefixes,
            bonus_per_application=payload.bonus_per_application,
            bonus_per_oblast=payload.bonus_per_oblast,
            rules=[services.RuleInput(**item.model_dump()) for item in payload.rules],
            criteria=[services.CriterionInput(**item.model_dump()) for item in payload.criteria],
        )
        if payload.open:
            services.open_call(actor=user, call=call)
    return 201, call_document(get_call(call.code))


@router.get("/calls/{code}", response=CallOut, summary="Read a funding call")
def detail(request: HttpRequest, code: str) -> Any:
    """Return a call with its window, budget, limits, eligibility rules and scoring criteria."""
    return call_document(get_call(code))


@router.get("/calls/{code}/applications", response=list[ApplicationOut], summary="List a call's applications")
def applications(request: HttpRequest, code: str) -> Any:
    """Return every application to the call, in the order they came, with eligibility reasons and scores."""
    return [application_document(application) for application in call_applications(get_call(code))]


@router.post(
    "/calls/{code}/applications", response={201: ApplicationOut}, auth=SIGNED_IN, summary="Apply a project to a call"
)
def apply(request: HttpRequest, code: str, payload: ApplyIn) -> Any:
    """Apply a project the caller edits for; an ineligible one is kept with the reason of every rule."""
    application = services.apply(actor=acting_user(request), call=get_call(code), project_code=payload.project)
    return 201, application_document(call_applications(application.call).get(pk=application.pk))


@router.get("/calls/{code}/ranking", response=RankingOut, summary="Read a call's published ranking")
def ranking(request: HttpRequest, code: str) -> Any:
    """Return the published ranking with every score, its explanation, the bonuses and the decisions."""
    return published_ranking(get_call(code))


@router.post("/calls/{code}/publish", response=RankingOut, auth=SIGNED_IN, summary="Publish a call's ranking")
def publish(request: HttpRequest, code: str) -> Any:
    """Rank a closed call's applications and publish the ranking (the commission, once every one is decided)."""
    services.publish_ranking(actor=acting_user(request), call=get_call(code))
    return published_ranking(get_call(code))


@router.post(
    "/applications/{application_id}/bonus",
    response={201: ApplicationOut},
    auth=SIGNED_IN,
    summary="Add regional bonus points",
)
def bonus(request: HttpRequest, application_id: int, payload: BonusIn) -> Any:
    """Add bonus points from the administration of the project's oblast, within the call's quota."""
    application = get_application(application_id)
    services.give_bonus(
        actor=acting_user(request), application=application, points=payload.points, reason=payload.reason
    )
    return 201, application_document(call_applications(application.call).get(pk=application.pk))


@router.post(
    "/applications/{application_id}/decision",
    response=ApplicationOut,
    auth=SIGNED_IN,
    summary="Record the commission's decision",
)
def decision(request: HttpRequest, application_id: int, payload: DecisionIn) -> Any:
    """Accept, reject or keep in reserve an eligible application of a closed call, with the reason."""
    application = get_application(application_id)
    services.decide(
        actor=acting_user(request), application=application, decision=payload.decision, reason=payload.reason
    )
    return application_document(call_applications(application.call).get(pk=application.pk))

"""Reads of funding calls: one call, one application, and the published ranking as one document."""

from typing import Any

from django.db.models import QuerySet

from calls.codes import ApplicationStatus, CallStatus
from calls.exceptions import ApplicationNotFound, CallNotFound, RankingNotPublished
from calls.models import Application, Call
from calls.ranking import TIE_BREAK


def list_calls() -> QuerySet[Call]:
    """Return every call, drafts too (a call's terms are public from its first draft), the latest to open first."""
    return Call.objects.prefetch_related("rules", "criteria")


def get_call(code: str) -> Call:
    """Return one call with its rules and criteria."""
    call = Call.objects.prefetch_related("rules", "criteria").filter(code=code).first()
    if call is None:
        raise CallNotFound(f"No call has the code {code!r}.")
    return call


def get_application(application_id: int) -> Application:
    """Return one application with its call and project."""
    application = Application.objects.select_related("call", "project", "applicant").filter(pk=application_id).first()
    if application is None:
        raise ApplicationNotFound(f"No application has the number {application_id}.")
    return application


def call_applications(call: Call) -> QuerySet[Application]:
    """Return a call's applications in the order they came, with what their public view shows."""
    return (
        call.applications.select_related("project", "applicant", "decision")
        .prefetch_related("scores__criterion", "bonuses__region")
        .order_by("applied_at", "id")
    )


def call_document(call: Call) -> dict[str, Any]:
    """Return the call as published: its window, budget, limits, rules and criteria."""
    return {
        "code": call.code,
        "name": call.name,
        "description": call.description,
        "budget_uah": call.budget_uah,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "status": call.status,
        "project_types": call.project_types,
        "territory_prefixes": call.territory_prefixes,
        "bonus_per_application": call.bonus_per_application,
        "bonus_per_oblast": call.bonus_per_oblast,
        "published_at": call.published_at,
        "rules": [{"kind": rule.kind, "parameter": rule.parameter} for rule in call.rules.all()],
        "criteria": [
            {
                "kind": item.kind,
                "direction": item.direction,
                "weight": item.weight,
                "min_value": item.min_value,
                "max_value": item.max_value,
            }
            for item in call.criteria.all()
        ],
    }


def application_document(application: Application) -> dict[str, Any]:
    """Return an application as published: the applicant as an organisation, eligibility, scores, bonus, decision."""
    decision = getattr(application, "decision", None)
    return {
        "id": application.pk,
        "call": application.call.code,
        "project": application.project.code,
        "project_title": application.project.title_uk,
        "applicant": {"edrpou": application.applicant.edrpou, "name": application.applicant.name_uk},
        "applied_at": application.applied_at,
        "status": application.status,
        "eligibility": application.eligibility,
        "scores": [
            {"criterion": item.criterion.kind, "value": item.value, "rule": item.rule, "points": item.points}
            for item in application.scores.all()
        ],
        "bonuses": [
            {
                "points": bonus.points,
                "region": {"edrpou": bonus.region.edrpou, "name": bonus.region.name_uk},
                "reason": bonus.reason,
            }
            for bonus in application.bonuses.all()
        ],
        "decision": None if decision is None else {"decision": decision.decision, "reason": decision.reason},
    }


def published_ranking(call: Call) -> dict[str, Any]:
    """Return the call's published ranking with every input it was computed from, so anyone can recompute it."""
    if call.status != CallStatus.PUBLISHED:
        raise RankingNotPublished(f"The ranking of call {call.code} is not published yet; it is {call.status}.")
    applications = {application.pk: application for application in call_applications(call)}
    entries = call.ranking.order_by("position")
    ranking = []
    for entry in entries:
        application = applications[entry.application_id]
        document = application_document(application)
        ranking.append(
            {
                "position": entry.position,
                "application": application.pk,
                "project": document["project"],
                "project_title": document["project_title"],
                "applicant": document["applicant"],
                "applied_at": application.applied_at,
                "scores": document["scores"],
                "automatic_points": entry.automatic_points,
                "bonus_points": entry.bonus_points,
                "bonuses": document["bonuses"],
                "total_points": entry.total_points,
                "decision": entry.decision,
                "decision_reason": document["decision"]["reason"] if document["decision"] else "",
            }
        )
    ineligible = [
        {
            "application": application.pk,
            "project": application.project.code,
            "applicant": {"edrpou": application.applicant.edrpou, "name": application.applicant.name_uk},
            "applied_at": application.applied_at,
            "eligibility": application.eligibility,
        }
        for application in applications.values()
        if application.status == ApplicationStatus.INELIGIBLE
    ]
    terms = call_document(call)
    return {
        "call": terms,
        "criteria": terms["criteria"],
        "tie_break": TIE_BREAK,
        "ranking": ranking,
        "ineligible": ineligible,
    }

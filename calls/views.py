"""The public pages of funding calls: the list, each call's rules and applications, and its ranking."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from calls.codes import CallStatus
from calls.exceptions import CallNotFound, RankingNotPublished
from calls.models import Call
from calls.queries import call_applications, get_call, list_calls, published_ranking
from calls.ranking import TIE_BREAK


def _call(code: str) -> Call:
    try:
        return get_call(code)
    except CallNotFound as error:
        raise Http404(error.message) from error


def call_list(request: HttpRequest) -> HttpResponse:
    """List the calls with their budgets, windows and statuses."""
    return render(request, "calls/call_list.html", {"calls": list_calls()})


def call_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show a call's terms, its eligibility rules and criteria, and every application with its reasons and scores."""
    call = _call(code)
    context = {
        "call": call,
        "applications": call_applications(call),
        "published": call.status == CallStatus.PUBLISHED,
    }
    return render(request, "calls/call_detail.html", context)


def call_ranking(request: HttpRequest, code: str) -> HttpResponse:
    """Show a call's published ranking with every score and its explanation."""
    call = _call(code)
    try:
        document = published_ranking(call)
    except RankingNotPublished as error:
        raise Http404(error.message) from error
    return render(request, "calls/call_ranking.html", {"call": call, "document": document, "tie_break": TIE_BREAK})

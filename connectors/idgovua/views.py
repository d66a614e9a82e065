"""The pages of signing in with id.gov.ua, and of requests to join an organisation."""

import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from connectors.idgovua.client import IdGovUaClient, authorization_url
from connectors.idgovua.exceptions import IdGovUaError, ProviderRefused, SignInCancelled, StateMismatch
from connectors.idgovua.models import MembershipRequest
from connectors.idgovua.queries import pending_requests_for, requests_of
from connectors.idgovua.services import approve_membership_request, refuse_membership_request, sign_in_with_idgovua
from dream.errors import DreamError

logger = logging.getLogger(__name__)

# Where the browser's sign-in in progress waits between leaving for id.gov.ua and coming back.
SESSION_KEY = "idgovua_sign_in"
# How long a person may spend at id.gov.ua before the sign-in they started expires.
STATE_LIFETIME_SECONDS = 15 * 60

# What each failure tells the person, in their language; the API keeps the errors' own English messages.
PAGE_MESSAGES = {
    "idgovua_unavailable": gettext_lazy(
        "id.gov.ua is not answering at the moment. Nothing was saved; try to sign in again later."
    ),
    "sign_in_cancelled": gettext_lazy("The sign-in at id.gov.ua was cancelled. You can start it again at any time."),
    "sign_in_state_mismatch": gettext_lazy(
        "This answer from id.gov.ua does not match a sign-in started in this browser, or it came too late. "
        "Start the sign-in again."
    ),
    "idgovua_refused": gettext_lazy("id.gov.ua did not confirm this sign-in. Start the sign-in again."),
    "invalid_rnokpp": gettext_lazy(
        "id.gov.ua sent no valid tax number (RNOKPP) for you, so the sign-in is refused and nothing was saved. "
        "Sign in with a key or a bank that carries your tax number, or contact the operators of this system."
    ),
    "account_disabled": gettext_lazy("Your account has been switched off. Ask the operators of this system why."),
    "not_an_administrator": gettext_lazy(
        "Only members of the organisation or operators decide who joins it, and nobody decides their own request."
    ),
    "reason_required": gettext_lazy("Say why the request is refused: the person will read it."),
    "membership_request_decided": gettext_lazy("This request was decided already; nothing was changed."),
    "unknown_membership_request": gettext_lazy("There is no such request."),
}


def page_message(error: DreamError) -> str:
    """Return what a page says about an error: its translated words, or its own message."""
    return str(PAGE_MESSAGES.get(error.code, error.message))


def _acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required has already turned anonymous visitors away.
    return user


def callback_url() -> str:
    """Return the address id.gov.ua sends the browser back to, as registered with it."""
    return f"{settings.DREAM_PUBLIC_URL}{reverse('idgovua:callback')}"


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Send the browser to id.gov.ua with a fresh state that only this session knows."""
    if not settings.DREAM_IDGOVUA["client_id"]:
        raise Http404("Sign-in with id.gov.ua is not set up here.")
    state = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = {
        "state": state,
        "next": _safe_next(request, request.GET.get("next", "")),
        "issued_at": time.time(),
    }
    return HttpResponseRedirect(authorization_url(state=state, redirect_uri=callback_url()))


def _check_state(pending: Any, state: str) -> None:
    if not isinstance(pending, dict) or not state:
        raise StateMismatch("No sign-in with id.gov.ua was started in this browser. Start the sign-in again.")
    if not secrets.compare_digest(str(pending.get("state", "")), state):
        raise StateMismatch("The sign-in's state does not match the one this browser was given. Start again.")
    if time.time() - float(pending.get("issued_at", 0)) > STATE_LIFETIME_SECONDS:
        raise StateMismatch("The sign-in took too long and expired. Start the sign-in again.")


def _failed(request: HttpRequest, error: IdGovUaError) -> HttpResponse:
    logger.info("Sign-in with id.gov.ua failed: %s", error.code)
    return render(
        request,
        "idgovua/sign_in_failed.html",
        {"message": page_message(error), "code": error.code},
        status=error.status,
    )


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Take the person back from id.gov.ua: check the state, read who they are, and sign them in."""
    # The state is used once, whatever happens next.
    pending = request.session.pop(SESSION_KEY, None)
    try:
        if request.GET.get("error"):
            raise SignInCancelled("The sign-in at id.gov.ua was cancelled or failed there.")
        _check_state(pending, request.GET.get("state", ""))
        code = request.GET.get("code", "")
        if not code:
            raise ProviderRefused("id.gov.ua sent the browser back without a code. Start the sign-in again.")
        with IdGovUaClient() as client:
            person = client.person(client.exchange_code(code))
        signed_in = sign_in_with_idgovua(person)
    except IdGovUaError as error:
        return _failed(request, error)

    login(request, signed_in.user, backend="django.contrib.auth.backends.ModelBackend")
    if signed_in.membership_request is not None:
        return redirect("idgovua:my_requests")
    return HttpResponseRedirect(pending["next"] if isinstance(pending, dict) else settings.LOGIN_REDIRECT_URL)


@login_required
@require_GET
def my_requests(request: HttpRequest) -> HttpResponse:
    """Show the person their requests to join organisations, and where each stands."""
    return render(request, "idgovua/my_requests.html", {"requests": list(requests_of(_acting_user(request)))})


def _pending_page(request: HttpRequest, *, error: DreamError | None = None) -> HttpResponse:
    context = {
        "requests": list(pending_requests_for(_acting_user(request))),
        "error": page_message(error) if error is not None else "",
    }
    return render(request, "idgovua/pending_requests.html", context, status=error.status if error else 200)


@login_required
@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    """List the requests waiting in the organisations the user administers, each with its decision forms."""
    return _pending_page(request)


def _names(membership_request: MembershipRequest) -> dict[str, str]:
    user = membership_request.user
    return {"name": user.get_full_name() or user.username, "organisation": membership_request.organisation.name_uk}


@login_required
@require_POST
def approve(request: HttpRequest, request_id: int) -> HttpResponse:
    """Approve a request and grant its role."""
    try:
        decided = approve_membership_request(actor=_acting_user(request), request_id=request_id)
    except DreamError as error:
        return _pending_page(request, error=error)
    names = _names(decided)
    messages.success(request, _("%(name)s now holds the role asked for in %(organisation)s.") % names)
    return redirect("idgovua:pending")


@login_required
@require_POST
def refuse(request: HttpRequest, request_id: int) -> HttpResponse:
    """Refuse a request, with the reason the person will read."""
    try:
        decided = refuse_membership_request(
            actor=_acting_user(request), request_id=request_id, reason=request.POST.get("reason", "")
        )
    except DreamError as error:
        return _pending_page(request, error=error)
    names = _names(decided)
    messages.success(request, _("The request of %(name)s to join %(organisation)s is refused.") % names)
    return redirect("idgovua:pending")

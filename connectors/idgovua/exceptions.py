from http import HTTPStatus

from dream.errors import Conflict, DreamError, InvalidInput, NotFound, PermissionDenied


class IdGovUaError(DreamError):
    """Base of the errors of signing in with id.gov.ua and of what follows from it."""

    code = "idgovua_error"


class SignInRefused(IdGovUaError):
    """The sign-in cannot go on; the message says why and what to do."""

    code = "sign_in_refused"


class SignInCancelled(SignInRefused):
    """The person stopped at id.gov.ua, or id.gov.ua reported an error instead of a code."""

    code = "sign_in_cancelled"


class StateMismatch(SignInRefused):
    """The callback's state is missing, already used, expired or not the one this browser was given."""

    code = "sign_in_state_mismatch"


class ProviderRefused(SignInRefused):
    """id.gov.ua refused the code or the token: the sign-in has to start again."""

    code = "idgovua_refused"


class ProviderNotAnswering(IdGovUaError):
    """id.gov.ua did not answer usefully, even after every retry."""

    code = "idgovua_unavailable"
    status = HTTPStatus.SERVICE_UNAVAILABLE


class InvalidRnokpp(SignInRefused):
    """The tax number id.gov.ua vouched for is missing or fails its check digit."""

    code = "invalid_rnokpp"


class AccountDisabled(SignInRefused):
    """The person's account exists but has been switched off."""

    code = "account_disabled"
    status = HTTPStatus.FORBIDDEN


class NotConfigured(IdGovUaError):
    """This deployment has no client id for id.gov.ua."""

    code = "idgovua_not_configured"
    status = HTTPStatus.NOT_FOUND


class UnknownMembershipRequest(NotFound):
    """No membership request has this identifier (or none the caller may decide)."""

    code = "unknown_membership_request"


class NotAnAdministrator(PermissionDenied):
    """The acting user may not decide requests to join this organisation."""

    code = "not_an_administrator"


class RequestAlreadyDecided(Conflict):
    """The membership request was approved or refused already."""

    code = "membership_request_decided"


class ReasonRequired(InvalidInput):
    """A refusal must say why."""

    code = "reason_required"


class SignatureVerificationUnavailable(IdGovUaError):
    """This installation cannot verify qualified electronic signatures."""

    code = "signature_verification_unavailable"
    status = HTTPStatus.NOT_IMPLEMENTED

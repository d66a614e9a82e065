from http import HTTPStatus

from dream.errors import DreamError


class AccountError(DreamError):
    """Base of the accounts' errors."""

    code = "account_error"


class NotAuthenticated(AccountError):
    """The request carries no valid session or token."""

    code = "not_authenticated"
    status = HTTPStatus.UNAUTHORIZED

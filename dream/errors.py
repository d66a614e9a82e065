"""The one error shape every app's exceptions follow."""

from http import HTTPStatus
from typing import Any


class DreamError(Exception):
    """A domain error with a stable code, an HTTP status and a message a person can act on."""

    code = "error"
    status = HTTPStatus.BAD_REQUEST

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, Any]:
        """Render the error as the API's JSON body."""
        body: dict[str, Any] = {"detail": self.message, "code": self.code}
        if self.field is not None:
            body["field"] = self.field
        return body


class InvalidInput(DreamError):
    """A value given by a person or a client breaks a rule of the domain."""

    code = "invalid"


class NotFound(DreamError):
    """The identifier names nothing that exists (or nothing the caller may see)."""

    code = "not_found"
    status = HTTPStatus.NOT_FOUND


class PermissionDenied(DreamError):
    """The acting user may not do this."""

    code = "forbidden"
    status = HTTPStatus.FORBIDDEN


class Conflict(DreamError):
    """The request clashes with the current state of the data."""

    code = "conflict"
    status = HTTPStatus.CONFLICT

from http import HTTPStatus

from dream.errors import DreamError, InvalidInput, NotFound


class ConnectorError(DreamError):
    """Base of the connector errors."""

    code = "connector_error"


class UnknownSystem(NotFound):
    """No connector has this name."""

    code = "unknown_system"


class SourceUnavailable(ConnectorError):
    """The source did not answer usefully, even after every retry."""

    code = "source_unavailable"
    status = HTTPStatus.BAD_GATEWAY

    def __init__(self, message: str, *, answered: int | None = None) -> None:
        super().__init__(message)
        self.answered = answered  # The source's own HTTP status, when it answered with an error.


class BadPayload(ConnectorError):
    """The source answered with a body that is not the JSON document it should be."""

    code = "bad_payload"
    status = HTTPStatus.BAD_GATEWAY

    def __init__(self, message: str, *, raw: str, url: str) -> None:
        super().__init__(message)
        self.raw = raw
        self.url = url


class Unmappable(InvalidInput):
    """A document from a source cannot be mapped to the domain; it goes to the quarantine with this reason."""

    code = "unmappable"

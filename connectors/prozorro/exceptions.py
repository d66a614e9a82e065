from connectors.exceptions import ConnectorError
from dream.errors import InvalidInput, NotFound


class ProzorroError(ConnectorError):
    """Base of the errors of the Prozorro connector."""

    code = "prozorro_error"


class TenderNotFound(NotFound):
    """Neither this system nor Prozorro knows a tender by this id."""

    code = "tender_not_found"


class InvalidTenderId(InvalidInput):
    """The text given is neither a Prozorro tender id nor a tender's internal id in the Prozorro API."""

    code = "invalid_tender_id"

from connectors.exceptions import Unmappable
from connectors.http import Fetched
from dream.errors import NotFound


class NotInRegister(NotFound):
    """ЄДР holds no legal entity under the EDRPOU code asked about."""

    code = "not_in_register"

    def __init__(self, message: str, *, document: Fetched, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.document = document


class UnreadableEntry(Unmappable):
    """The register answered with a document that does not read as a subject; it goes to the quarantine."""

    def __init__(self, message: str, *, document: Fetched) -> None:
        super().__init__(message)
        self.document = document

from dream.errors import Conflict, DreamError, InvalidInput, PermissionDenied


class PartyError(DreamError):
    """Base of the parties' errors."""

    code = "party_error"


class InvalidEdrpou(InvalidInput):
    """An EDRPOU code is malformed or fails its check digit."""

    code = "invalid_edrpou"


class DuplicateOrganisation(Conflict):
    """An organisation with this EDRPOU is already registered."""

    code = "duplicate_organisation"


class UnknownOrganisation(InvalidInput):
    """An EDRPOU names no registered organisation."""

    code = "unknown_organisation"


class NotAMember(PermissionDenied):
    """The user acts for an organisation they hold no suitable role in."""

    code = "not_a_member"

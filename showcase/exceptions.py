from dream.errors import InvalidInput, PermissionDenied


class NotADonor(PermissionDenied):
    """The user acts for no donor organisation, or not for the one named."""

    code = "not_a_donor"


class InvalidFilter(InvalidInput):
    """A filter of the showcase or the portfolio is not a value it understands."""

    code = "invalid_filter"

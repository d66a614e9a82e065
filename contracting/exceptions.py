from dream.errors import Conflict, DreamError, InvalidInput, NotFound


class ContractingError(DreamError):
    """Base of the contracting errors."""

    code = "contracting_error"


class ProcessNotFound(NotFound):
    """No contracting process has this ocid."""

    code = "process_not_found"


class InvalidRelease(InvalidInput):
    """An OCDS release lacks what every release must have, or has it in the wrong form."""

    code = "invalid_release"


class AlreadyLinked(Conflict):
    """The contracting process is linked to another project."""

    code = "process_already_linked"


class UnrelatedProcess(Conflict):
    """The contracting process was procured by an organisation with no role in the project."""

    code = "unrelated_process"


class InvalidPayment(InvalidInput):
    """A payment lacks what every payment must have, or has it in the wrong form."""

    code = "invalid_payment"

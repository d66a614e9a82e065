"""The errors of the money chain, each with a stable code."""

from dream.errors import Conflict, DreamError, InvalidInput, NotFound, PermissionDenied


class FinanceError(DreamError):
    """Base of the money chain's errors."""

    code = "finance_error"


class InvalidAmount(InvalidInput):
    """An amount is zero, negative, not a number, or has more than two decimals."""

    code = "invalid_amount"


class UnknownCurrency(InvalidInput):
    """A currency is not one the money chain keeps (UAH, EUR, USD)."""

    code = "unknown_currency"


class InvalidFinanceInput(InvalidInput):
    """Another value of a pledge, commitment or tranche breaks a rule."""

    code = "invalid_finance_input"


class NotSeekingMoney(Conflict):
    """The project is not in a state where it takes pledges or commitments."""

    code = "project_not_seeking_money"


class CommitmentAbovePledge(Conflict):
    """The commitments under a pledge would add up to more than the pledge."""

    code = "commitment_above_pledge"


class CommitmentNotOpen(Conflict):
    """The commitment has already been decided, or is not confirmed when it must be."""

    code = "commitment_not_open"


class CommitmentNotConfirmed(Conflict):
    """Money cannot be planned or released under a commitment the project's owner has not confirmed."""

    code = "commitment_not_confirmed"


class TrancheAboveCommitment(Conflict):
    """The tranches under a commitment would add up to more than the commitment."""

    code = "tranche_above_commitment"


class TrancheAlreadyDone(Conflict):
    """The tranche has already been released, or its milestone already met."""

    code = "tranche_already_done"


class ActorNotAllowed(PermissionDenied):
    """The acting user holds no role that allows this on this pledge, commitment or tranche."""

    code = "actor_not_allowed"


class SelfConfirmation(PermissionDenied):
    """The user who proposed a commitment may not decide on it."""

    code = "self_confirmation"


class FinanceNotFound(NotFound):
    """No pledge, commitment or tranche has this id."""

    code = "not_found"


class InvalidRatesFile(InvalidInput):
    """A file of exchange rates cannot be read in any of the National Bank's formats."""

    code = "invalid_rates_file"

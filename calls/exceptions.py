from dream.errors import Conflict, DreamError, InvalidInput, NotFound, PermissionDenied


class CallError(DreamError):
    """Base of the funding calls' errors."""

    code = "call_error"


class CallNotFound(NotFound):
    """No call has this code."""

    code = "call_not_found"


class ApplicationNotFound(NotFound):
    """No application has this number."""

    code = "application_not_found"


class InvalidCall(InvalidInput):
    """A value of a call, its rules or its criteria breaks a rule."""

    code = "invalid_call"


class CallNotAllowed(PermissionDenied):
    """The acting user holds no role that allows this on a call."""

    code = "call_not_allowed"


class CallStateConflict(Conflict):
    """The call is not in the state this needs."""

    code = "call_state_conflict"


class CallClosed(Conflict):
    """The call does not take applications now: its window has not opened, or has closed."""

    code = "call_closed"


class AlreadyApplied(Conflict):
    """The project has already applied to this call."""

    code = "already_applied"


class NotEligible(Conflict):
    """The application failed the call's eligibility rules, so it cannot be decided on or given points."""

    code = "not_eligible"


class NotYourRegion(PermissionDenied):
    """Bonus points come only from the administration of the oblast where the project lies."""

    code = "not_your_region"


class BonusAboveQuota(Conflict):
    """The bonus points would exceed the quota the call sets."""

    code = "bonus_above_quota"


class InvalidDecision(InvalidInput):
    """A commission's decision lacks its reason or names no known decision."""

    code = "invalid_decision"


class UndecidedApplications(Conflict):
    """The ranking cannot be published while an eligible application awaits the commission's decision."""

    code = "undecided_applications"


class RankingNotPublished(NotFound):
    """The call's ranking has not been published yet."""

    code = "ranking_not_published"


class InvalidBonus(InvalidInput):
    """Bonus points given without a reason, or not above zero."""

    code = "invalid_bonus"

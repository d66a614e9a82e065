from dream.errors import Conflict, DreamError, InvalidInput, NotFound, PermissionDenied


class ProjectError(DreamError):
    """Base of the projects' errors."""

    code = "project_error"


class ProjectNotFound(NotFound):
    """No project has this code."""

    code = "project_not_found"


class InvalidPassport(InvalidInput):
    """A value of the project's passport breaks a rule."""

    code = "invalid_passport"


class TransitionNotAllowed(Conflict):
    """The step does not apply to the project's current status."""

    code = "transition_not_allowed"


class MissingData(InvalidInput):
    """The step needs data the project does not have yet."""

    code = "missing_data"


class ActorNotAllowed(PermissionDenied):
    """The acting user holds no role that allows this step on this project."""

    code = "actor_not_allowed"


class SelfApproval(PermissionDenied):
    """The acting user submitted the project and may not decide on it."""

    code = "self_approval"


class NotEditable(Conflict):
    """The passport cannot change while the project waits for a decision or after approval."""

    code = "not_editable"


class InvalidDocument(InvalidInput):
    """An uploaded file is too large, empty, or not what its type says."""

    code = "invalid_document"

from dream.errors import Conflict, DreamError, InvalidInput, NotFound, PermissionDenied


class ConversationError(DreamError):
    """Base of the conversations' errors."""

    code = "conversation_error"


class ConversationNotFound(NotFound):
    """No conversation has this id."""

    code = "conversation_not_found"


class NotParticipant(PermissionDenied):
    """The user is on neither side of the conversation."""

    code = "not_a_participant"


class NotADonor(PermissionDenied):
    """Only a donor organisation's users open a conversation, for their organisation."""

    code = "not_a_donor"


class NotSeekingMoney(Conflict):
    """The project does not seek money, so donors do not open conversations about it."""

    code = "project_not_seeking_money"


class ConversationExists(Conflict):
    """The donor already has a conversation about this project."""

    code = "conversation_exists"


class EmptyMessage(InvalidInput):
    """A message says nothing and carries no file."""

    code = "empty_message"


class InvalidAttachment(InvalidInput):
    """An attached file is empty, too large, or of a kind not accepted."""

    code = "invalid_attachment"

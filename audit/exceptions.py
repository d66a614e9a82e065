from dream.errors import DreamError


class AuditError(DreamError):
    """Base of the audit log's errors."""

    code = "audit_error"


class OutsideTransaction(AuditError):
    """A service tried to record an event outside its own transaction."""

    code = "audit_outside_transaction"

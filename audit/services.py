"""The one way to write to the audit log: appended by services inside their own transaction."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from audit.chain import GENESIS_HASH, event_hash
from audit.exceptions import OutsideTransaction
from audit.models import AuditEvent, ChainHead

if TYPE_CHECKING:
    from accounts.models import User


def to_json_value(value: Any) -> Any:
    """Turn a model value into a JSON value that reads back exactly as it was hashed."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, float):
        return str(value)
    return value


def record_event(
    *,
    actor: "User | None",
    action: str,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
    actor_organisation: str = "",
    is_public: bool = True,
) -> AuditEvent:
    """Append one event to the chain; the caller's transaction makes it stand or fall with the change."""
    if not transaction.get_connection().in_atomic_block:
        raise OutsideTransaction("An audit event must be recorded inside the transaction of the change it records.")

    # The head row is created by a migration; locking it serialises every append to the chain. It is missing only
    # from a database emptied by hand (or by a test flush), where the chain starts again from the genesis hash.
    head = ChainHead.objects.select_for_update().filter(singleton=1).first()
    if head is None:
        head = ChainHead.objects.create(singleton=1, position=0, hash=GENESIS_HASH)
    # Event times strictly increase, so each event's time is unique and a change feed can order by it.
    occurred_at = timezone.now()
    if head.occurred_at is not None and occurred_at <= head.occurred_at:
        occurred_at = head.occurred_at + timedelta(microseconds=1)
    fields: dict[str, Any] = {
        "position": head.position + 1,
        "occurred_at": occurred_at,
        "actor_label": actor.get_username() if actor is not None else "system",
        "actor_organisation": actor_organisation,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": to_json_value(before),
        "after": to_json_value(after),
        "comment": comment,
        "is_public": is_public,
        "previous_hash": head.hash,
    }
    digest = event_hash(actor_id=actor.pk if actor is not None else None, **fields)
    event = AuditEvent.objects.create(actor=actor, hash=digest, **fields)

    head.position = event.position
    head.hash = digest
    head.occurred_at = occurred_at
    head.save(update_fields=["position", "hash", "occurred_at"])
    return event

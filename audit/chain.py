"""How an event's hash is computed: canonical JSON of its content and the hash before it."""

import hashlib
from datetime import UTC, datetime
from typing import Any

import orjson

GENESIS_HASH = "0" * 64


def event_hash(
    *,
    position: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    actor_organisation: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    comment: str,
    is_public: bool,
    previous_hash: str,
) -> str:
    """Return the SHA-256 hex digest that seals one event onto the chain."""
    content = {
        "position": position,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "actor_organisation": actor_organisation,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
        "comment": comment,
        "is_public": is_public,
        "previous_hash": previous_hash,
    }
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()

"""Reads of the audit log: verification of the chain and public histories."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from audit.chain import GENESIS_HASH, event_hash
from audit.models import AuditEvent, ChainHead


@dataclass(frozen=True)
class ChainBreak:
    """The first place where the stored chain stops matching what the services wrote."""

    position: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of verifying the chain end to end."""

    events_checked: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def is_whole(self) -> bool:
        """Tell whether every event is intact and in its place."""
        return self.first_break is None


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("position").iterator(chunk_size=5000)


def verify_chain() -> ChainReport:
    """Recompute every hash in order and name the first event that was altered, removed or inserted."""
    expected_previous = GENESIS_HASH
    expected_position = 1
    checked = 0
    for event in _events_in_order():
        if event.position != expected_position:
            reason = f"expected position {expected_position}, found {event.position}: an event was removed"
            return ChainReport(checked, expected_previous, ChainBreak(event.position, event.pk, reason))
        if event.previous_hash != expected_previous:
            reason = "its previous hash does not match the event before it: an event was removed or inserted"
            return ChainReport(checked, expected_previous, ChainBreak(event.position, event.pk, reason))
        recomputed = event_hash(
            position=event.position,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            actor_organisation=event.actor_organisation,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            before=event.before,
            after=event.after,
            comment=event.comment,
            is_public=event.is_public,
            previous_hash=event.previous_hash,
        )
        if recomputed != event.hash:
            reason = "its content does not match its hash: the event was altered"
            return ChainReport(checked, expected_previous, ChainBreak(event.position, event.pk, reason))
        expected_previous = event.hash
        expected_position += 1
        checked += 1

    head = ChainHead.objects.filter(singleton=1).first()
    head_position, head_hash = (head.position, head.hash) if head is not None else (0, GENESIS_HASH)
    if head_position != checked or head_hash != expected_previous:
        reason = f"the chain's head names event {head_position} but the log ends at event {checked}"
        return ChainReport(checked, expected_previous, ChainBreak(checked + 1, None, reason))
    return ChainReport(checked, expected_previous, None)


def public_history(object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Return the public events of one object, oldest first."""
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id, is_public=True).order_by("position")

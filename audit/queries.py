"""Reads of the audit log: verification of the chain and public histories."""

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


@dataclass
class _Walk:
    """How far a walk along the chain got, and where it broke, if it did."""

    checked: int = 0
    last_hash: str = GENESIS_HASH
    first_break: ChainBreak | None = None


def _walk(walk: _Walk) -> None:
    """Check, in order, every event after those already checked, stopping at the first that does not fit."""
    events = AuditEvent.objects.filter(position__gt=walk.checked).order_by("position").iterator(chunk_size=5000)
    for event in events:
        if event.position != walk.checked + 1:
            reason = f"expected position {walk.checked + 1}, found {event.position}: an event was removed"
        elif event.previous_hash != walk.last_hash:
            reason = "its previous hash does not match the event before it: an event was removed or inserted"
        elif _recomputed_hash(event) != event.hash:
            reason = "its content does not match its hash: the event was altered"
        else:
            walk.checked += 1
            walk.last_hash = event.hash
            continue
        walk.first_break = ChainBreak(event.position, event.pk, reason)
        return


def _recomputed_hash(event: AuditEvent) -> str:
    return event_hash(
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


def verify_chain() -> ChainReport:
    """Recompute every hash in order and name the first event that was altered, removed or inserted.

    The chain's head is read after the walk: services append an event and move the head in one transaction, so
    an event beyond the head was written behind their back, while events appended during the walk are walked too.
    """
    walk = _Walk()
    while True:
        _walk(walk)
        if walk.first_break is not None:
            return ChainReport(walk.checked, walk.last_hash, walk.first_break)

        head = ChainHead.objects.filter(singleton=1).first()
        head_position, head_hash = (head.position, head.hash) if head is not None else (0, GENESIS_HASH)
        if walk.checked < head_position and AuditEvent.objects.filter(position__gt=walk.checked).exists():
            continue
        if walk.checked < head_position:
            reason = f"the chain's head names event {head_position} but the log ends at event {walk.checked}"
            return ChainReport(walk.checked, walk.last_hash, ChainBreak(walk.checked + 1, None, reason))
        if walk.checked > head_position:
            forged = AuditEvent.objects.filter(position=head_position + 1).values_list("pk", flat=True).first()
            reason = f"it lies beyond the chain's head (event {head_position}): it was added behind the services' back"
            return ChainReport(head_position, head_hash, ChainBreak(head_position + 1, forged, reason))
        if head_hash != walk.last_hash:
            reason = "the chain's head holds a different hash from the last event's: the head or the event was altered"
            return ChainReport(walk.checked - 1, walk.last_hash, ChainBreak(walk.checked, None, reason))
        return ChainReport(walk.checked, walk.last_hash, None)


def public_events(object_type: str) -> QuerySet[AuditEvent]:
    """Return the public events of every object of one kind, oldest first: the public histories read together."""
    return AuditEvent.objects.filter(object_type=object_type, is_public=True).order_by("position")


def public_history(object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Return the public events of one object, oldest first."""
    return public_events(object_type).filter(object_id=object_id)

"""Every write the connectors make about themselves: payloads kept, documents quarantined, cursors and runs."""

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import record_event
from connectors.models import Outcome, Quarantined, RawDocument, SyncState


def sha256_text(body: str) -> str:
    """Return the SHA-256 of a body as its UTF-8 bytes."""
    return hashlib.sha256(body.encode()).hexdigest()


def keep_raw(*, system: str, kind: str, external_id: str, body: str, url: str) -> RawDocument:
    """Keep a payload as received; the same version again is the row already kept.

    Call it inside the transaction that maps the payload, so the two stand or fall together.
    """
    digest = sha256_text(body)
    document, _ = RawDocument.objects.get_or_create(
        system=system,
        kind=kind,
        external_id=external_id,
        sha256=digest,
        defaults={"url": url, "body": body, "received_at": timezone.now()},
    )
    Quarantined.objects.filter(system=system, kind=kind, external_id=external_id, resolved_at=None).update(
        resolved_at=timezone.now()
    )
    return document


def quarantine(*, system: str, kind: str, external_id: str, body: str, url: str, reason: str) -> Quarantined:
    """Put a document that cannot be mapped aside with the reason; meeting the same version again counts an attempt."""
    digest = sha256_text(body)
    now = timezone.now()
    with transaction.atomic():
        row, created = Quarantined.objects.select_for_update().get_or_create(
            system=system,
            kind=kind,
            external_id=external_id,
            sha256=digest,
            defaults={"url": url, "body": body, "reason": reason, "first_seen_at": now, "last_seen_at": now},
        )
        if not created:
            row.attempts = F("attempts") + 1
            row.last_seen_at = now
            row.reason = reason
            row.resolved_at = None
            row.save(update_fields=["attempts", "last_seen_at", "reason", "resolved_at"])
            row.refresh_from_db()
        else:
            record_event(
                actor=None,
                action="connector.document_quarantined",
                object_type=f"{system}.{kind}",
                object_id=external_id,
                after={"reason": reason, "sha256": digest, "url": url},
                is_public=False,
            )
    return row


def state_for_update(system: str) -> SyncState:
    """Return a system's sync state locked for this transaction, creating it at first use."""
    state, _ = SyncState.objects.select_for_update().get_or_create(system=system)
    return state


def read_cursor(system: str, feed: str) -> Any:
    """Return where one feed of a system resumes, or None before its first page."""
    state = SyncState.objects.filter(system=system).first()
    return None if state is None else state.cursor.get(feed)


def save_cursor(*, system: str, feed: str, value: Any) -> None:
    """Move a feed's cursor: call inside the transaction that stored the page, so both stand or fall together."""
    state = state_for_update(system)
    state.cursor = {**state.cursor, feed: value}
    state.save(update_fields=["cursor"])


def reset_cursor(*, system: str, feed: str | None = None) -> None:
    """Start one feed, or all of a system's feeds, from the beginning at the next sync."""
    with transaction.atomic():
        state = state_for_update(system)
        before = dict(state.cursor)
        state.cursor = {} if feed is None else {key: value for key, value in state.cursor.items() if key != feed}
        state.save(update_fields=["cursor"])
        record_event(
            actor=None,
            action="connector.cursor_reset",
            object_type="connector",
            object_id=system,
            before={"cursor": before},
            after={"cursor": state.cursor},
            is_public=False,
        )


def run_started(system: str) -> None:
    """Note that a sync of a system has started."""
    with transaction.atomic():
        state = state_for_update(system)
        state.runs += 1
        state.last_outcome = Outcome.RUNNING
        state.last_started_at = timezone.now()
        state.save(update_fields=["runs", "last_outcome", "last_started_at"])


def run_finished(system: str, counts: dict[str, int], error: str = "") -> None:
    """Note how a sync ended, add its counts to the system's totals, and record it in the audit log."""
    with transaction.atomic():
        state = state_for_update(system)
        now = timezone.now()
        state.last_finished_at = now
        state.last_run = counts
        state.last_error = error
        state.last_outcome = Outcome.FAILED if error else Outcome.SUCCEEDED
        if error:
            state.failures += 1
        else:
            state.last_success_at = now
        for field in ("fetched", "created", "updated", "quarantined"):
            setattr(state, field, getattr(state, field) + counts.get(field, 0))
        state.save()
        record_event(
            actor=None,
            action="connector.sync_failed" if error else "connector.sync_finished",
            object_type="connector",
            object_id=system,
            after={**counts, "error": error} if error else counts,
            is_public=False,
        )

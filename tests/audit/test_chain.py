"""The hash chain: whole after many writes, and every kind of tampering named by its position."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from audit.chain import GENESIS_HASH, event_hash
from audit.exceptions import OutsideTransaction
from audit.models import AuditEvent, ChainHead
from audit.queries import public_history, verify_chain
from audit.services import record_event
from projects.codes import AccessLevel, StatusDetail
from tests.factories import attach, project_in


@pytest.fixture
def busy_log(cast):
    """A log with many events: organisations, roles, projects walked along their life cycle, documents."""
    for state in (StatusDetail.IMPLEMENTATION, StatusDetail.REFUSED, StatusDetail.WITHDRAWN):
        project = project_in(cast, state)
    attach(project, cast.bucha_editor, access_level=AccessLevel.RESTRICTED)
    return AuditEvent.objects.count()


def _sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_chain_is_whole_after_many_writes(busy_log):
    report = verify_chain()
    assert report.is_whole
    assert report.events_checked == busy_log
    assert report.head_hash == AuditEvent.objects.latest("position").hash == ChainHead.objects.get().hash


def test_each_event_names_the_hash_of_the_event_before_it(busy_log):
    hashes = list(AuditEvent.objects.order_by("position").values_list("previous_hash", "hash"))
    assert hashes[0][0] == GENESIS_HASH
    assert all(previous == hashes[index][1] for index, (previous, _) in enumerate(hashes[1:]))


def test_positions_run_from_one_without_gaps(busy_log):
    positions = list(AuditEvent.objects.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, busy_log + 1))


def test_altering_one_event_breaks_the_chain_at_its_position(busy_log):
    altered = busy_log // 2
    _sql("UPDATE audit_auditevent SET comment = %s WHERE position = %s", ["rewritten later", altered])
    report = verify_chain()
    assert report.first_break is not None
    assert report.first_break.position == altered
    assert report.first_break.event_id == AuditEvent.objects.get(position=altered).pk
    assert "altered" in report.first_break.reason
    assert report.events_checked == altered - 1


def test_hiding_an_event_from_public_history_breaks_the_chain(busy_log):
    altered = AuditEvent.objects.filter(is_public=True).latest("position").position
    _sql("UPDATE audit_auditevent SET is_public = %s WHERE position = %s", [False, altered])
    report = verify_chain()
    assert report.first_break is not None
    assert report.first_break.position == altered


def test_deleting_a_middle_event_breaks_the_chain_after_it(busy_log):
    removed = busy_log // 2
    _sql("DELETE FROM audit_auditevent WHERE position = %s", [removed])
    report = verify_chain()
    assert report.first_break is not None
    assert report.first_break.position == removed + 1
    assert f"expected position {removed}" in report.first_break.reason
    assert "removed" in report.first_break.reason


def test_deleting_the_last_event_is_caught_by_the_head(busy_log):
    _sql("DELETE FROM audit_auditevent WHERE position = %s", [busy_log])
    report = verify_chain()
    assert report.first_break is not None
    assert report.first_break.position == busy_log
    assert f"names event {busy_log} but the log ends at event {busy_log - 1}" in report.first_break.reason


def _forge(position: int, previous_hash: str, digest: str, occurred_at=None) -> None:
    # Event times are unique, so a forger has to pick a time after the last event's.
    occurred_at = occurred_at or AuditEvent.objects.latest("position").occurred_at + timedelta(seconds=1)
    _sql(
        "INSERT INTO audit_auditevent (position, occurred_at, actor_label, actor_organisation, action, object_type,"
        " object_id, comment, is_public, previous_hash, hash) VALUES (%s, %s, %s, '', %s, %s, %s, '', %s, %s, %s)",
        [
            position,
            occurred_at,
            "forger",
            "project.approve",
            "project",
            "DREAM-UA-010125-FFFFFFFF",
            True,
            previous_hash,
            digest,
        ],
    )


def test_inserting_a_forged_event_with_a_made_up_hash_breaks_the_chain_at_it(busy_log):
    _forge(busy_log + 1, AuditEvent.objects.latest("position").hash, "f" * 64)
    report = verify_chain()
    assert report.first_break is not None
    assert report.first_break.position == busy_log + 1
    assert "altered" in report.first_break.reason


def test_inserting_a_forged_event_with_a_well_computed_hash_is_named_by_the_head(busy_log):
    last = AuditEvent.objects.latest("position")
    forged_at = last.occurred_at + timedelta(seconds=1)
    digest = event_hash(
        position=busy_log + 1,
        occurred_at=forged_at,
        actor_id=None,
        actor_label="forger",
        actor_organisation="",
        action="project.approve",
        object_type="project",
        object_id="DREAM-UA-010125-FFFFFFFF",
        before=None,
        after=None,
        comment="",
        is_public=True,
        previous_hash=last.hash,
    )
    _forge(busy_log + 1, last.hash, digest, forged_at)
    report = verify_chain()
    assert report.first_break is not None
    assert "beyond the chain's head" in report.first_break.reason
    # The forged event is the one the head does not cover: the report must name it, not a position past the log.
    assert report.first_break.position == busy_log + 1
    assert report.first_break.event_id == AuditEvent.objects.get(position=busy_log + 1).pk
    assert report.events_checked == busy_log


def test_inserting_a_forged_event_in_the_middle_breaks_the_chain(busy_log):
    middle = busy_log // 2
    _sql("UPDATE audit_auditevent SET position = position + %s WHERE position > %s", [1_000_000, middle])
    _forge(middle + 1, AuditEvent.objects.get(position=middle).hash, "e" * 64)
    _sql("UPDATE audit_auditevent SET position = position - %s WHERE position > %s", [999_999, 1_000_000])
    report = verify_chain()
    assert report.first_break is not None
    assert report.first_break.position == middle + 1


def test_verify_command_reports_a_whole_chain(busy_log):
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"The audit chain is whole: {busy_log} events" in out.getvalue()


def test_verify_command_fails_with_exit_status_one_naming_the_broken_event(busy_log):
    altered = busy_log // 2
    event_id = AuditEvent.objects.get(position=altered).pk
    _sql("UPDATE audit_auditevent SET comment = %s WHERE position = %s", ["rewritten later", altered])
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", stdout=StringIO())
    assert failure.value.returncode == 1
    assert f"broken at event #{altered} (id {event_id})" in str(failure.value)
    assert f"{altered - 1} events before it are intact" in str(failure.value)


def test_recording_an_event_outside_a_transaction_is_refused():
    # No database access at all: the check comes before any query, and no test transaction is open.
    assert not connection.in_atomic_block
    with pytest.raises(OutsideTransaction):
        record_event(actor=None, action="test.nothing", object_type="test", object_id="1")


def test_recording_an_event_appends_it_to_the_head(db):
    before = ChainHead.objects.get()
    with transaction.atomic():
        event = record_event(
            actor=None, action="test.recorded", object_type="test", object_id="1", after={"amount": 1}
        )
    head = ChainHead.objects.get()
    assert (event.position, event.previous_hash) == (before.position + 1, before.hash)
    assert (head.position, head.hash) == (event.position, event.hash)
    assert event.actor_label == "system"
    assert verify_chain().is_whole


def test_public_history_leaves_out_private_events(busy_log):
    events = list(
        public_history("organisation", AuditEvent.objects.filter(action="parties.role_granted").first().object_id)
    )
    assert events
    assert all(event.is_public for event in events)
    assert "parties.role_granted" not in {event.action for event in events}

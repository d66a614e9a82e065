"""The connectors' records in the admin: an operator reads them, and nobody adds, changes or deletes them there."""

import pytest
from django.db.models import Model

from accounts.models import User
from connectors.models import Quarantined, RawDocument, SyncState
from connectors.services import keep_raw, quarantine, run_finished, run_started


@pytest.fixture
def staff_client(client, cast):
    """Return the test client signed in as the operator, with every admin permission."""
    User.objects.filter(pk=cast.operator.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=cast.operator.pk))
    return client


@pytest.fixture
def rows(db) -> dict[str, Model]:
    """One row of each model the connectors keep."""
    run_started("prozorro")
    run_finished("prozorro", {"fetched": 1})
    return {
        "syncstate": SyncState.objects.get(system="prozorro"),
        "rawdocument": keep_raw(system="prozorro", kind="tender", external_id="a", body="{}", url="https://x.test/a"),
        "quarantined": quarantine(
            system="prozorro", kind="tender", external_id="b", body="{", url="https://x.test/b", reason="Not JSON."
        ),
    }


MODELS = ["syncstate", "rawdocument", "quarantined"]


def _counts() -> tuple[int, int, int]:
    return SyncState.objects.count(), RawDocument.objects.count(), Quarantined.objects.count()


@pytest.mark.parametrize("model", MODELS)
def test_an_operator_reads_the_list_and_each_record(staff_client, rows, model):
    listed = staff_client.get(f"/admin/connectors/{model}/")
    shown = staff_client.get(f"/admin/connectors/{model}/{rows[model].pk}/change/")

    assert listed.status_code == 200
    assert shown.status_code == 200
    assert b'name="_save"' not in shown.content


@pytest.mark.parametrize("model", MODELS)
def test_nothing_is_added_through_the_admin(staff_client, rows, model):
    response = staff_client.post(
        f"/admin/connectors/{model}/add/", {"system": "edr", "kind": "x", "external_id": "c", "body": "{}"}
    )

    assert response.status_code == 403
    assert _counts() == (1, 1, 1)


def test_nothing_is_changed_through_the_admin(staff_client, rows):
    state = rows["syncstate"]

    response = staff_client.post(f"/admin/connectors/syncstate/{state.pk}/change/", {"system": "prozorro", "runs": 99})

    assert response.status_code == 403
    state.refresh_from_db()
    assert state.runs == 1


@pytest.mark.parametrize("model", MODELS)
def test_nothing_is_deleted_through_the_admin(staff_client, rows, model):
    row = rows[model]

    one = staff_client.post(f"/admin/connectors/{model}/{row.pk}/delete/", {"post": "yes"})
    many = staff_client.post(
        f"/admin/connectors/{model}/", {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )

    assert one.status_code == 403
    assert many.status_code in {200, 302}
    assert type(row).objects.filter(pk=row.pk).exists()
    assert _counts() == (1, 1, 1)

"""Damaged assets and construction documents in the admin: read by staff, never added, changed or deleted there."""

import pytest

from accounts.models import User
from connectors.construction.models import ConstructionDocument
from connectors.construction.services import import_construction_file
from connectors.damage.models import DamagedAsset
from connectors.damage.services import import_damage_file
from tests.connectors.construction.conftest import document_row
from tests.connectors.damage.conftest import asset_row
from tests.connectors.damage.files import write_csv

PAGES = {"damage/damagedasset": DamagedAsset, "construction/constructiondocument": ConstructionDocument}


@pytest.fixture
def staff_client(client, cast, tmp_path):
    """Return the test client signed in as a superuser, with an asset and a document to read."""
    import_damage_file(write_csv(tmp_path / "damage.csv", [asset_row()]))
    import_construction_file(
        write_csv(tmp_path / "construction.csv", [document_row(damaged_asset_register_id="DA-2023-000101")])
    )
    User.objects.filter(pk=cast.operator.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=cast.operator.pk))
    return client


@pytest.mark.parametrize("page", PAGES)
def test_staff_read_the_list_and_each_record(staff_client, page):
    row = PAGES[page].objects.get()

    listed = staff_client.get(f"/admin/{page}/")
    shown = staff_client.get(f"/admin/{page}/{row.pk}/change/")

    assert listed.status_code == 200
    assert str(row) in listed.content.decode()
    assert shown.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_nobody_adds_or_deletes_through_the_admin(staff_client, page):
    row = PAGES[page].objects.get()

    added = staff_client.get(f"/admin/{page}/add/")
    deleted = staff_client.post(f"/admin/{page}/{row.pk}/delete/", {"post": "yes"})

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert PAGES[page].objects.count() == 1

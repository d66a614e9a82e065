"""The money chain in the admin: an operator reads every record, and nobody adds, changes or deletes one there."""

from datetime import date

import pytest

from accounts.models import User
from finance.models import Commitment, ExchangeRate, Pledge, Tranche
from tests.finance.helpers import commit, funded_project, make_donors, pledge, rate, release

DAY = date(2026, 3, 2)


@pytest.fixture
def staff_client(client, cast):
    User.objects.filter(pk=cast.operator.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=cast.operator.pk))
    return client


@pytest.fixture
def rows(cast):
    donors = make_donors(cast)
    project = funded_project(cast)
    made = pledge(donors, project, "100.00", "EUR", DAY)
    confirmed = commit(cast, donors, made, "100.00", DAY)
    return {
        "exchangerate": rate("EUR", DAY, "45.000000"),
        "pledge": made,
        "commitment": confirmed,
        "tranche": release(donors, confirmed, "10.00", DAY),
    }


def _counts():
    return tuple(model.objects.count() for model in (ExchangeRate, Pledge, Commitment, Tranche))


@pytest.mark.parametrize("model", ["exchangerate", "pledge", "commitment", "tranche"])
def test_an_operator_reads_each_list_and_record_but_changes_nothing(staff_client, rows, model):
    before = _counts()

    listed = staff_client.get(f"/admin/finance/{model}/")
    shown = staff_client.get(f"/admin/finance/{model}/{rows[model].pk}/change/")
    added = staff_client.post(f"/admin/finance/{model}/add/", {"amount": "1.00"})
    deleted = staff_client.post(f"/admin/finance/{model}/{rows[model].pk}/delete/", {"post": "yes"})

    assert (listed.status_code, shown.status_code, added.status_code, deleted.status_code) == (200, 200, 403, 403)
    assert b'name="_save"' not in shown.content
    assert _counts() == before

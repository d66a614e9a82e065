"""The calls in the admin: an operator reads them, and nothing is added or changed there."""

import pytest

from accounts.models import User
from calls import services
from tests.calls.conftest import ready_project


@pytest.fixture
def staff_client(client, cast):
    User.objects.filter(pk=cast.operator.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=cast.operator.pk))
    return client


@pytest.fixture
def application(cast, call):
    return services.apply(actor=cast.bucha_editor, call=call, project_code=ready_project(cast).code)


@pytest.mark.parametrize("model", ["call", "application"])
def test_an_operator_reads_calls_and_applications_but_cannot_add_them(staff_client, call, application, model):
    row = call if model == "call" else application
    assert staff_client.get(f"/admin/calls/{model}/").status_code == 200
    shown = staff_client.get(f"/admin/calls/{model}/{row.pk}/change/")
    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()
    assert staff_client.get(f"/admin/calls/{model}/add/").status_code == 403

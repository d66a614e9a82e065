"""Demonstration data: built through the services, consistent, and the same for the same seed."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from stdnum.ua import edrpou

from audit.queries import verify_chain
from dream.demo.builder import DemoBuilder
from parties.models import Membership, Organisation, Role
from projects.models import Project


def _build_and_undo(seed: int, projects: int) -> list[tuple[str, str, str, str, str]]:
    savepoint = transaction.savepoint()
    built = _build(seed, projects)
    transaction.savepoint_rollback(savepoint)
    return built


def _build(seed: int, projects: int) -> list[tuple[str, str, str, str, str]]:
    builder = DemoBuilder(seed=seed)
    builder.build_cast(communities=8)
    builder.build_projects(projects)
    return list(
        Project.objects.order_by("code").values_list(
            "code", "title_uk", "status", "status_details", "initiator__edrpou"
        )
    )


@pytest.mark.django_db
def test_demo_command_builds_the_projects_it_is_asked_for_and_the_chain_verifies(capsys):
    call_command("demo", "--projects", "40", "--seed", "3", verbosity=0)

    response = Client(HTTP_HOST="localhost").get("/api/v1/projects?limit=1")
    assert response.json()["count"] == 40
    assert verify_chain().is_whole
    call_command("audit", "verify")
    assert "The audit chain is whole" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_projects():
    first = _build_and_undo(seed=11, projects=25)
    assert not Project.objects.exists()

    second = _build(seed=11, projects=25)

    assert first == second
    assert len(second) == 25


@pytest.mark.django_db
def test_another_seed_gives_other_projects():
    first = _build_and_undo(seed=11, projects=10)

    assert _build(seed=12, projects=10) != first


@pytest.mark.django_db
def test_demo_organisations_have_valid_edrpou_codes_and_one_account_per_role():
    _build(seed=4, projects=5)

    assert all(edrpou.is_valid(code) for code in Organisation.objects.values_list("edrpou", flat=True))
    demo_roles = set(Membership.objects.filter(user__username__startswith="demo-").values_list("role", flat=True))
    assert demo_roles == set(Role.values)


@pytest.mark.django_db
def test_most_demo_projects_are_pending_and_few_are_complete():
    _build(seed=5, projects=150)

    statuses = Counter(Project.objects.values_list("status", flat=True))
    assert statuses["pending"] > 0.6 * 150
    assert 0 < statuses["active"] < statuses["pending"]
    assert statuses["complete"] < statuses["active"]


@pytest.mark.django_db
def test_demo_refuses_to_add_to_a_bank_that_holds_projects():
    _build(seed=6, projects=2)

    with pytest.raises(Exception, match="already holds projects"):
        call_command("demo", "--projects", "2", verbosity=0)

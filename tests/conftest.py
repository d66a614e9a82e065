"""Fixtures shared by the whole suite: the codifier loaded once, a cast of organisations and people."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from accounts.services import issue_api_token
from parties.models import Organisation, OrganisationKind, Role
from parties.services import grant_role
from territories.services import load_codifier
from tests.factories import (
    BUCHANSKA_HROMADA,
    KYIV_OBLAST,
    LVIV_OBLAST,
    LVIVSKA_HROMADA,
    Cast,
    OrganisationFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("DREAM_SHARED_DIR", ROOT.parent / "shared"))
CODIFIER_CSV = SHARED_DIR / "data" / "katottg" / "kodifikator-2025-05-16.csv"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real codifier once into the test database; every test then sees its 31,748 units."""
    with django_db_blocker.unblock():
        load_codifier(CODIFIER_CSV)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.DREAM_STANDARDS_DIR = SHARED_DIR / "standards"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH = 100_000_000
    # Cached public pages are keyed by the audit log's head, which rolled-back tests can share.
    cache.clear()


@pytest.fixture
def codifier_csv() -> Path:
    return CODIFIER_CSV


def _member(organisation: Organisation, role: str, username: str) -> User:
    user = UserFactory(username=username)
    grant_role(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def cast(db) -> Cast:
    bucha = OrganisationFactory(
        kind=OrganisationKind.COMMUNITY, territory_code=BUCHANSKA_HROMADA, name_uk="Бучанська міська рада"
    )
    lviv = OrganisationFactory(
        kind=OrganisationKind.COMMUNITY, territory_code=LVIVSKA_HROMADA, name_uk="Львівська міська рада"
    )
    kyiv_administration = OrganisationFactory(
        kind=OrganisationKind.REGIONAL_ADMINISTRATION, territory_code=KYIV_OBLAST, name_uk="Київська ОВА"
    )
    lviv_administration = OrganisationFactory(
        kind=OrganisationKind.REGIONAL_ADMINISTRATION, territory_code=LVIV_OBLAST, name_uk="Львівська ОВА"
    )
    ministry = OrganisationFactory(kind=OrganisationKind.MINISTRY, name_uk="Міністерство розвитку громад")
    agency = OrganisationFactory(kind=OrganisationKind.AGENCY, name_uk="Агентство відновлення")
    return Cast(
        bucha=bucha,
        lviv=lviv,
        kyiv_administration=kyiv_administration,
        lviv_administration=lviv_administration,
        ministry=ministry,
        agency=agency,
        bucha_editor=_member(bucha, Role.COMMUNITY_EDITOR, "bucha-editor"),
        lviv_editor=_member(lviv, Role.COMMUNITY_EDITOR, "lviv-editor"),
        kyiv_approver=_member(kyiv_administration, Role.REGIONAL_APPROVER, "kyiv-approver"),
        lviv_approver=_member(lviv_administration, Role.REGIONAL_APPROVER, "lviv-approver"),
        ministry_approver=_member(ministry, Role.MINISTRY_APPROVER, "ministry-approver"),
        auditor=_member(agency, Role.AUDITOR, "auditor"),
        operator=_member(agency, Role.OPERATOR, "operator"),
    )


@pytest.fixture
def client() -> Client:
    """A test client whose requests name a host the settings allow."""
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def bearer():
    """Return the Authorization header of a fresh API token for a user."""

    def header(user: User) -> dict[str, str]:
        _, secret = issue_api_token(user=user, name="tests")
        return {"Authorization": f"Bearer {secret}"}

    return header

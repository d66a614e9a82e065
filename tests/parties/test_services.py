"""Registering organisations by EDRPOU and granting roles."""

import pytest

from audit.models import AuditEvent
from parties.exceptions import DuplicateOrganisation, InvalidEdrpou, PartyError
from parties.models import Membership, Organisation, OrganisationKind, Role
from parties.queries import holds_role
from parties.services import clean_edrpou, grant_role, register_organisation
from territories.exceptions import UnknownTerritory
from tests.factories import BUCHANSKA_HROMADA, OrganisationFactory, UserFactory, valid_edrpou

pytestmark = pytest.mark.django_db

VALID = valid_edrpou("2045678")
WRONG_CHECK_DIGIT = VALID[:7] + str((int(VALID[7]) + 1) % 10)


def _register(**overrides: object) -> Organisation:
    values = {"edrpou": VALID, "name_uk": "Ірпінська міська рада", "kind": OrganisationKind.COMMUNITY}
    return register_organisation(**{**values, **overrides})


def test_valid_organisation_is_registered_with_its_territory_and_audited():
    organisation = _register(territory_code=BUCHANSKA_HROMADA)
    assert organisation.edrpou == VALID
    assert organisation.territory_id == BUCHANSKA_HROMADA
    event = AuditEvent.objects.latest("position")
    assert (event.action, event.object_id) == ("parties.organisation_registered", VALID)


def test_edrpou_with_spaces_is_kept_in_compact_form():
    assert clean_edrpou(f" {VALID[:4]} {VALID[4:]} ") == VALID


@pytest.mark.parametrize(
    "edrpou",
    ["1234567", "123456789", "1234567A", "ABCDEFGH", "", WRONG_CHECK_DIGIT],
    ids=["too-short", "too-long", "letter", "letters", "empty", "wrong-check-digit"],
)
def test_wrong_edrpou_is_refused_naming_the_field(edrpou):
    organisations = Organisation.objects.count()
    with pytest.raises(InvalidEdrpou) as refusal:
        _register(edrpou=edrpou)
    assert refusal.value.field == "edrpou"
    assert refusal.value.code == "invalid_edrpou"
    assert "is not a valid EDRPOU code" in refusal.value.message
    assert Organisation.objects.count() == organisations


def test_duplicate_edrpou_is_refused():
    _register()
    events = AuditEvent.objects.count()
    with pytest.raises(DuplicateOrganisation) as refusal:
        _register(name_uk="Інша назва")
    assert refusal.value.field == "edrpou"
    assert f"EDRPOU {VALID} is already registered" in refusal.value.message
    assert Organisation.objects.filter(edrpou=VALID).count() == 1
    assert AuditEvent.objects.count() == events


def test_unknown_territory_is_refused():
    with pytest.raises(UnknownTerritory) as refusal:
        _register(territory_code="UA99999999999999999")
    assert refusal.value.code == "unknown_territory"
    assert "'UA99999999999999999' is not a code of the KATOTTG codifier" in refusal.value.message
    assert not Organisation.objects.filter(edrpou=VALID).exists()


def test_unknown_kind_is_refused():
    with pytest.raises(PartyError, match="'bank' is not a kind of organisation"):
        _register(kind="bank")


def test_blank_name_is_refused():
    with pytest.raises(PartyError) as refusal:
        _register(name_uk="   ")
    assert refusal.value.field == "name_uk"


def test_granting_a_role_makes_the_user_hold_it_in_that_organisation_only():
    organisation, other = OrganisationFactory(), OrganisationFactory()
    user = UserFactory()
    grant_role(user=user, organisation=organisation, role=Role.COMMUNITY_EDITOR)
    assert holds_role(user, Role.COMMUNITY_EDITOR, organisation)
    assert not holds_role(user, Role.COMMUNITY_EDITOR, other)
    assert not holds_role(user, Role.AUDITOR)


def test_granting_a_role_twice_keeps_one_membership_and_one_event():
    organisation, user = OrganisationFactory(), UserFactory()
    grant_role(user=user, organisation=organisation, role=Role.AUDITOR)
    events = AuditEvent.objects.count()
    grant_role(user=user, organisation=organisation, role=Role.AUDITOR)
    assert Membership.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.count() == events


def test_granting_an_unknown_role_is_refused():
    with pytest.raises(PartyError) as refusal:
        grant_role(user=UserFactory(), organisation=OrganisationFactory(), role="king")
    assert refusal.value.field == "role"


def test_role_grants_stay_out_of_public_history():
    organisation, user = OrganisationFactory(), UserFactory()
    grant_role(user=user, organisation=organisation, role=Role.AUDITOR)
    assert not AuditEvent.objects.get(action="parties.role_granted", object_id=organisation.edrpou).is_public

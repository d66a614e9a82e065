"""Writes to parties: registering organisations and granting roles."""

from django.db import transaction
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.ua import edrpou as edrpou_scheme

from accounts.models import User
from audit.services import record_event
from parties.exceptions import DuplicateOrganisation, InvalidEdrpou, PartyError
from parties.models import Membership, Organisation, OrganisationKind, Role
from territories.queries import get_territory


def clean_edrpou(value: str, *, field: str = "edrpou") -> str:
    """Return the EDRPOU code in its compact form, or refuse it naming the field and what is wrong."""
    try:
        return str(edrpou_scheme.validate(value))
    except StdnumValidationError as error:
        raise InvalidEdrpou(
            f"{value!r} is not a valid EDRPOU code: {error}. An EDRPOU code has eight digits, the last a check digit.",
            field=field,
        ) from error


def register_organisation(
    *,
    edrpou: str,
    name_uk: str,
    kind: str,
    name_en: str = "",
    territory_code: str | None = None,
    actor: User | None = None,
) -> Organisation:
    """Register an organisation under its EDRPOU code."""
    code = clean_edrpou(edrpou)
    if kind not in OrganisationKind.values:
        raise PartyError(f"{kind!r} is not a kind of organisation; use one of {', '.join(OrganisationKind.values)}.")
    if not name_uk.strip():
        raise PartyError("The organisation needs its name in Ukrainian.", field="name_uk")
    territory = get_territory(territory_code) if territory_code else None
    if Organisation.objects.filter(edrpou=code).exists():
        raise DuplicateOrganisation(f"An organisation with EDRPOU {code} is already registered.", field="edrpou")

    with transaction.atomic():
        organisation = Organisation.objects.create(
            edrpou=code,
            name_uk=name_uk.strip(),
            name_en=name_en.strip(),
            search_name=f"{name_uk.strip()} {name_en.strip()}".casefold(),
            kind=kind,
            territory=territory,
        )
        record_event(
            actor=actor,
            action="parties.organisation_registered",
            object_type="organisation",
            object_id=code,
            after={"name_uk": organisation.name_uk, "kind": kind, "territory": territory_code},
        )
    return organisation


def grant_role(*, user: User, organisation: Organisation, role: str, actor: User | None = None) -> Membership:
    """Give a user a role within an organisation."""
    if role not in Role.values:
        raise PartyError(f"{role!r} is not a role; use one of {', '.join(Role.values)}.", field="role")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        if created:
            record_event(
                actor=actor,
                action="parties.role_granted",
                object_type="organisation",
                object_id=organisation.edrpou,
                after={"user": user.pk, "role": role},
                is_public=False,
            )
    return membership


def revoke_role(*, membership: Membership, actor: User) -> None:
    """Take a role away from a user."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action="parties.role_revoked",
            object_type="organisation",
            object_id=membership.organisation.edrpou,
            before={"user": membership.user_id, "role": membership.role},
            is_public=False,
        )
        membership.delete()

"""Reads of parties: organisations and who holds which role."""

from django.db.models import Q, QuerySet

from accounts.models import User
from parties.exceptions import UnknownOrganisation
from parties.models import Organisation


def get_organisation(edrpou: str, *, field: str = "edrpou") -> Organisation:
    """Return the organisation with this EDRPOU, or refuse naming the field."""
    organisation = Organisation.objects.filter(edrpou=edrpou.strip()).select_related("territory").first()
    if organisation is None:
        raise UnknownOrganisation(f"No organisation with EDRPOU {edrpou!r} is registered.", field=field)
    return organisation


def organisations_where(user: User, role: str) -> QuerySet[Organisation]:
    """Return the organisations in which the user holds a role."""
    return Organisation.objects.filter(memberships__user=user, memberships__role=role)


def holds_role(user: User, role: str, organisation: Organisation | None = None) -> bool:
    """Tell whether the user holds a role, in one organisation or in any."""
    memberships = user.memberships.filter(role=role)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.exists()


def search_organisations(*, query: str = "", kind: str = "", territory_prefix: str = "") -> QuerySet[Organisation]:
    """Return organisations by a fragment of name or code, kind and territory."""
    organisations = Organisation.objects.select_related("territory")
    if query:
        text = query.strip()
        organisations = organisations.filter(Q(search_name__contains=text.casefold()) | Q(edrpou__startswith=text))
    if kind:
        organisations = organisations.filter(kind=kind)
    if territory_prefix:
        organisations = organisations.filter(territory__code__startswith=territory_prefix)
    return organisations.order_by("name_uk", "edrpou")
